package policy

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/internal/cpuclock"
)

// builtinAndUser loads a built-in policy (package cfnvet.rules.tst001) and a
// user policy (package cfnvet.rules.usr001) with the given bodies.
func builtinAndUser(t *testing.T, builtinBody, userBody string) *Set {
	t.Helper()
	builtin := fstest.MapFS{"b.rego": {Data: []byte(goodMeta + "package cfnvet.rules.tst001\n\n" + builtinBody)}}
	userMeta := strings.NewReplacer("TST001", "USR001", "test-rule", "user-rule").Replace(goodMeta)
	user := fstest.MapFS{"u.rego": {Data: []byte(userMeta + "package cfnvet.rules.usr001\n\n" + userBody)}}
	set, err := Load(context.Background(), Source{FS: builtin, Name: "builtin", Builtin: true}, Source{FS: user, Name: "mine"})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestFailingUserPolicyKeepsBuiltinFindings: a user policy that fails at
// run time, or runs out of its budget, is reported as that policy's error
// naming the policy and the template; the built-in findings stay.
func TestFailingUserPolicyKeepsBuiltinFindings(t *testing.T) {
	cases := map[string]struct {
		body   string
		limits Limits
		want   error
		text   string
	}{
		"runtime error": {
			body: `deny contains f if {
	some id, b in input.resources_by_type["AWS::S3::Bucket"]
	x := to_number(b.Type)
	f := {"resource": id, "msg": sprintf("%v", [x])}
}
`,
			limits: DefaultLimits(),
			text:   "to_number",
		},
		"cpu budget": {
			body:   spin,
			limits: Limits{BuiltinBase: time.Minute, UserBase: 50 * time.Millisecond, UserDeadline: time.Hour},
			want:   cpuclock.ErrBudget,
		},
		"wall deadline": {
			body:   spin,
			limits: Limits{BuiltinBase: time.Minute, UserBase: time.Hour, UserDeadline: 50 * time.Millisecond},
			text:   "wall-clock deadline",
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			set := builtinAndUser(t, everyBucket, c.body).WithLimits(c.limits)
			v := view(t, "Resources:\n  B:\n    Type: AWS::S3::Bucket\n  C:\n    Type: AWS::S3::Bucket\n")
			reps, err := set.Eval(context.Background(), NewInputCache().View(v, rule.Options{}))
			if len(reps) != 2 || reps[0].RuleID != "TST001" || reps[1].RuleID != "TST001" {
				t.Errorf("built-in reports %+v, want TST001 on B and C", reps)
			}
			var failed EvalErrors
			if !errors.As(err, &failed) || len(failed) != 1 {
				t.Fatalf("error %v, want one failed policy", err)
			}
			pe := failed[0]
			if pe.RuleID != "USR001" || pe.Builtin || pe.Template != "t.yaml" || !strings.HasPrefix(pe.Source, "mine/u.rego") {
				t.Errorf("failure %+v", pe)
			}
			msg := pe.Error()
			if !strings.Contains(msg, "user policy mine/u.rego") || !strings.Contains(msg, "USR001") || !strings.Contains(msg, "t.yaml") {
				t.Errorf("message %q does not name the policy, rule and template", msg)
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("error %v, want %v", err, c.want)
			}
			if c.text != "" && !strings.Contains(msg, c.text) {
				t.Errorf("message %q, want it to contain %q", msg, c.text)
			}
		})
	}
}

// TestBuiltinPoliciesHaveNoWallClockDeadline: a built-in policy is bounded
// by CPU time only, so one that takes far longer than the user policies'
// wall-clock deadline (as on a busy machine) still reports.
func TestBuiltinPoliciesHaveNoWallClockDeadline(t *testing.T) {
	set := builtinAndUser(t, slowBuiltin, spin).
		WithLimits(Limits{BuiltinBase: time.Minute, UserBase: time.Minute, UserDeadline: time.Millisecond})
	v := view(t, "Resources:\n  B:\n    Type: AWS::S3::Bucket\n")
	start := time.Now()
	reps, err := set.Eval(context.Background(), NewInputCache().View(v, rule.Options{}))
	if time.Since(start) < 10*time.Millisecond {
		t.Skip("the slow built-in policy took less than 10 ms: nothing to tell a deadline from")
	}
	var failed EvalErrors
	if !errors.As(err, &failed) || len(failed) != 1 || failed[0].RuleID != "USR001" {
		t.Fatalf("error %v: want only the user policy to miss its 1 ms deadline", err)
	}
	if len(reps) != 1 || reps[0].RuleID != "TST001" {
		t.Errorf("reports %+v, want the slow built-in policy's finding", reps)
	}
}

// slowBuiltin reports every bucket after counting to 50,000, which takes
// tens of milliseconds.
const slowBuiltin = `deny contains f if {
	some id, _ in input.resources_by_type["AWS::S3::Bucket"]
	count([i | some i in numbers.range(1, 50000); i > 0]) > 0
	f := {"resource": id, "msg": "bucket"}
}
`

// spin never ends in practice: a hundred million evaluation steps over
// small ranges (one huge numbers.range would be a single builtin call that
// allocates gigabytes before any limit can look at it).
const spin = `deny contains f if {
	some i in numbers.range(1, 10000)
	some j in numbers.range(1, 10000)
	i * j < 0
	f := {"resource": "B", "msg": "never"}
}
`

// everyBucket reports every bucket.
const everyBucket = `deny contains f if {
	some id, _ in input.resources_by_type["AWS::S3::Bucket"]
	f := {"resource": id, "msg": "bucket"}
}
`

// TestBuiltinPolicyOverBudgetKeepsOtherFindings: a built-in policy that
// runs out of its CPU budget is named with the template; the other
// policies' findings for that template stay.
func TestBuiltinPolicyOverBudgetKeepsOtherFindings(t *testing.T) {
	set := builtinAndUser(t, spin, everyBucket).
		WithLimits(Limits{BuiltinBase: 50 * time.Millisecond, UserBase: time.Minute, UserDeadline: time.Hour})
	v := view(t, "Resources:\n  B:\n    Type: AWS::S3::Bucket\n")
	reps, err := set.Eval(context.Background(), NewInputCache().View(v, rule.Options{}))
	if len(reps) != 1 || reps[0].RuleID != "USR001" {
		t.Errorf("reports %+v, want the other policy's finding on B", reps)
	}
	var failed EvalErrors
	if !errors.As(err, &failed) || len(failed) != 1 || !errors.Is(err, cpuclock.ErrBudget) {
		t.Fatalf("error %v, want one policy out of CPU budget", err)
	}
	if msg := failed[0].Error(); !failed[0].Builtin || !strings.Contains(msg, "built-in policy builtin/b.rego") ||
		!strings.Contains(msg, "TST001") || !strings.Contains(msg, "t.yaml") {
		t.Errorf("message %q does not name the built-in policy, its rule and the template", msg)
	}
}
