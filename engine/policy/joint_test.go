package policy_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/engine/template/sam"
	"github.com/cfnvet/cfnvet/internal/cpuclock"
	"github.com/cfnvet/cfnvet/policies"
)

// TestJointEvaluationMatchesSeparate evaluates the built-in policies on
// every rule fixture twice: jointly, on one input with every resource whole
// (what a scan does for templates of up to 500 resources), and each policy
// alone on the input of its group. The reports must be the same.
func TestJointEvaluationMatchesSeparate(t *testing.T) {
	set, err := policy.Load(context.Background(), policies.Source())
	if err != nil {
		t.Fatal(err)
	}
	separate := set.Separately()
	files, _ := filepath.Glob("../../testdata/rules/*/*.*")
	compared, withReports := 0, 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		tpl, err := template.Parse(file, data)
		if err != nil {
			continue
		}
		views, _ := resolve.Resolve(sam.Transform(tpl), resolve.Inputs{})
		for _, opts := range []rule.Options{{}, {AssumeAWSDefaults: true}} {
			joint, jointErr := set.Eval(context.Background(), policy.NewInputCache().View(views[0], opts))
			alone, aloneErr := separate.Eval(context.Background(), policy.NewInputCache().View(views[0], opts))
			if fmt.Sprint(jointErr) != fmt.Sprint(aloneErr) {
				t.Errorf("%s: error %v jointly, %v alone", file, jointErr, aloneErr)
			}
			if a, b := reportLines(joint), reportLines(alone); a != b {
				t.Errorf("%s (%+v): reports differ\njointly:\n%s\nalone:\n%s", file, opts, a, b)
			}
			compared++
			if len(joint) > 0 {
				withReports++
			}
		}
	}
	if compared < 500 || withReports < 200 {
		t.Fatalf("compared %d evaluations, %d with reports: the fixtures were not found", compared, withReports)
	}
	if st := set.Stats(); st.JointEvaluations < compared/4 {
		t.Errorf("only %d joint queries for %d evaluations: the joint path was not taken", st.JointEvaluations, compared)
	}
	if st := separate.Stats(); st.JointEvaluations != set.Stats().JointEvaluations {
		t.Errorf("the separate set ran joint queries")
	}
}

func reportLines(reps []rule.Report) string {
	lines := make([]string, len(reps))
	for i, r := range reps {
		lines[i] = fmt.Sprintf("%s %s %v %q %d", r.RuleID, r.Resource, r.Path, r.Message, r.Severity)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestJointFailureFallsBackToEachPolicy: three built-in policies share a
// query; one fails at run time and one runs out of its budget, so the
// joint query fails and each is evaluated again alone. Both failures are
// named, and the third policy's finding stands.
func TestJointFailureFallsBackToEachPolicy(t *testing.T) {
	meta := func(id string) string {
		return fmt.Sprintf("# METADATA\n# title: joint %[1]s\n# description: joint %[1]s\n# custom:\n#   id: %[1]s\n#   slug: joint-%[2]s\n#   family: LOG\n#   severity: low\n#   remediation: none\n#   resource_types: [AWS::S3::Bucket]\n", id, strings.ToLower(id))
	}
	src := fstest.MapFS{
		"a.rego": {Data: []byte(meta("TST101") + "package cfnvet.rules.tst101\n\n" + `deny contains f if {
	some i in numbers.range(1, 10000)
	some j in numbers.range(1, 10000)
	i * j < 0
	f := {"resource": "B", "msg": "never"}
}
`)},
		"b.rego": {Data: []byte(meta("TST102") + "package cfnvet.rules.tst102\n\n" + `deny contains f if {
	some id, _ in input.resources_by_type["AWS::S3::Bucket"]
	f := {"resource": id, "msg": "bucket"}
}
`)},
		"c.rego": {Data: []byte(meta("TST103") + "package cfnvet.rules.tst103\n\n" + `deny contains f if {
	some id, _ in input.resources_by_type["AWS::S3::Bucket"]
	to_number(id) > 0
	f := {"resource": id, "msg": "numbered"}
}
`)},
	}
	set, err := policy.Load(context.Background(), policy.Source{FS: src, Name: "builtin", Builtin: true})
	if err != nil {
		t.Fatal(err)
	}
	set = set.WithLimits(policy.Limits{BuiltinBase: 50 * time.Millisecond, UserBase: time.Minute, UserDeadline: time.Hour})
	tpl, err := template.Parse("t.yaml", []byte("Resources:\n  B:\n    Type: AWS::S3::Bucket\n"))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := resolve.Resolve(tpl, resolve.Inputs{})
	reps, err := set.Eval(context.Background(), policy.NewInputCache().View(views[0], rule.Options{}))
	if len(reps) != 1 || reps[0].RuleID != "TST102" {
		t.Errorf("reports %+v, want TST102's finding on B", reps)
	}
	var failed policy.EvalErrors
	if !errors.As(err, &failed) || len(failed) != 2 {
		t.Fatalf("error %v, want two failed policies", err)
	}
	if failed[0].RuleID != "TST101" || !errors.Is(failed[0], cpuclock.ErrBudget) ||
		failed[1].RuleID != "TST103" || !strings.Contains(failed[1].Error(), "to_number") {
		t.Errorf("failures %v, want TST101 out of budget and TST103's to_number error", err)
	}
	if st := set.Stats(); st.JointEvaluations != 0 || st.Evaluations["TST102"] != 1 {
		t.Errorf("stats %+v: the failed joint query counted, or a policy evaluated more than once", st)
	}
}
