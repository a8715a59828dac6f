package policy

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/template"
)

const goodMeta = `# METADATA
# title: Test rule
# description: Why it matters.
# custom:
#   id: TST001
#   slug: test-rule
#   family: LOG
#   severity: medium
#   remediation: Fix it.
#   resource_types: [AWS::S3::Bucket]
#   aliases:
#     cfn_nag: [W35]
`

func load(t *testing.T, files map[string]string) (*Set, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return Load(context.Background(), Source{FS: fsys, Name: "user"})
}

func view(t *testing.T, src string) *model.View {
	t.Helper()
	tpl, err := template.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := resolve.Resolve(tpl, resolve.Inputs{})
	return views[0]
}

func TestMetadataBecomesMeta(t *testing.T) {
	set, err := load(t, map[string]string{"tst.rego": goodMeta + "package cfnvet.rules.tst001\n\ndeny contains f if { false; f := 1 }\n"})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Rules) != 1 {
		t.Fatalf("rules %d", len(set.Rules))
	}
	m := set.Rules[0]
	if m.ID != "TST001" || m.Slug != "test-rule" || m.Severity != rule.Medium || m.Family != rule.LOG ||
		m.Engine != "rego" || m.Aliases["cfn_nag"][0] != "W35" || m.Source != "user/tst.rego:1" {
		t.Errorf("meta %+v", m)
	}
}

func TestSetsFromMetadata(t *testing.T) {
	for src, want := range map[string]string{
		goodMeta: "",
		goodMeta + "#   sets: [logging, hygiene]\n": "logging,hygiene",
		goodMeta + "#   sets: cmk\n":                "cmk",
	} {
		set, err := load(t, map[string]string{"tst.rego": src + "package cfnvet.rules.tst001\n\ndeny contains f if { false; f := 1 }\n"})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(set.Rules[0].Sets, ","); got != want {
			t.Errorf("sets %q, want %q", got, want)
		}
	}
}

func TestBadPoliciesAreLoadErrorsWithPosition(t *testing.T) {
	cases := map[string]struct{ src, want string }{
		"no metadata":      {"package cfnvet.rules.x\n\ndeny contains 1 if false\n", "user/p.rego:1: rule policy has no package-scoped # METADATA"},
		"missing severity": {strings.Replace(goodMeta, "#   severity: medium\n", "", 1) + "package cfnvet.rules.x\n", "user/p.rego:1: rule \"TST001\": missing metadata: severity"},
		"bad severity":     {strings.Replace(goodMeta, "medium", "urgent", 1) + "package cfnvet.rules.x\n", "unknown severity \"urgent\""},
		"syntax error":     {goodMeta + "package cfnvet.rules.x\n\ndeny contains f if {\n", "user/p.rego:"},
		"old syntax":       {goodMeta + "package cfnvet.rules.x\n\ndeny[msg] { msg := 1 }\n", "user/p.rego:"},
		"nested package":   {goodMeta + "package cfnvet.rules.a.b\n", "must be package cfnvet.rules.<name>"},
		"unknown set":      {goodMeta + "#   sets: [noisy]\npackage cfnvet.rules.x\n", "user/p.rego:1: rule TST001: unknown rule set \"noisy\""},
		"set not a name":   {goodMeta + "#   sets: [{a: b}]\npackage cfnvet.rules.x\n", "custom.sets must list rule set names"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := load(t, map[string]string{"p.rego": c.src})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want error containing %q", err, c.want)
			}
		})
	}
}

func TestSandboxRejectsNetworkAndNondeterminism(t *testing.T) {
	for _, call := range []string{`http.send({"method": "get", "url": "http://127.0.0.1:1"})`, `time.now_ns()`, `rand.intn("x", 10)`,
		`net.lookup_ip_addr("localhost")`, `opa.runtime()`, `uuid.rfc4122("x")`} {
		src := goodMeta + "package cfnvet.rules.tst001\n\ndeny contains f if {\n\tx := " + call + "\n\tf := {\"resource\": \"B\", \"msg\": sprintf(\"%v\", [x])}\n}\n"
		_, err := load(t, map[string]string{"p.rego": src})
		if err == nil || !strings.Contains(err.Error(), "undefined function") {
			t.Errorf("%s: want a compile error (undefined function), got %v", call, err)
		}
	}
}

func TestEvalReportsAndDeadline(t *testing.T) {
	src := goodMeta + `package cfnvet.rules.tst001

import data.cfnvet.lib

deny contains f if {
	some id, b in input.resources_by_type["AWS::S3::Bucket"]
	b.Properties.Flag == false
	f := {"resource": id, "path": ["Properties", "Flag"], "msg": "flag off", "severity": "high"}
}
`
	set, err := load(t, map[string]string{"p.rego": src, "lib.rego": "package cfnvet.lib\n\nx := 1\n"})
	if err != nil {
		t.Fatal(err)
	}
	v := view(t, "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {Flag: false}\n  C:\n    Type: AWS::S3::Bucket\n    Properties: {Flag: !GetAtt X.Y}\n")
	reps, err := set.Eval(context.Background(), NewInputCache().View(v, rule.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 1 || reps[0].Resource != "B" || reps[0].Severity != rule.High || reps[0].Path.String() != "Properties.Flag" {
		t.Fatalf("reports %+v (an Unknown value must not match a literal)", reps)
	}

	slow := goodMeta + `package cfnvet.rules.tst001

deny contains f if {
	some i in numbers.range(1, 100000000)
	i < 0
	f := {"resource": "B", "msg": "never"}
}
`
	set, err = load(t, map[string]string{"p.rego": slow})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = set.Eval(ctx, NewInputCache().View(v, rule.Options{}))
	if err == nil {
		t.Fatal("runaway policy was not stopped")
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("deadline not honoured: %v", time.Since(start))
	}
}

func TestFindingForUnknownResourceIsAnError(t *testing.T) {
	src := goodMeta + "package cfnvet.rules.tst001\n\ndeny contains {\"resource\": \"Ghost\", \"msg\": \"x\"}\n"
	set, err := load(t, map[string]string{"p.rego": src})
	if err != nil {
		t.Fatal(err)
	}
	v := view(t, "Resources:\n  B:\n    Type: AWS::S3::Bucket\n")
	if _, err := set.Eval(context.Background(), NewInputCache().View(v, rule.Options{})); err == nil || !strings.Contains(err.Error(), "Ghost") {
		t.Errorf("got %v", err)
	}
}

// TestUserPoliciesGetEveryCheck: a batch compiled without the check-only
// stages (checkOnlyStages) is one of modules the index describes; a user's
// policy has none, so the mistakes only those stages find still stop the
// load.
func TestUserPoliciesGetEveryCheck(t *testing.T) {
	for name, body := range map[string]string{
		"type error":          "deny contains f if {\n\tf := 1 + \"a\"\n}\n",
		"two default values":  "default x := 1\n\ndefault x := 2\n\ndeny contains x if false\n",
		"void call as value":  "deny contains f if {\n\tf := print(\"x\")\n}\n",
		"undefined function":  "deny contains f if {\n\tf := nothere(1)\n}\n",
		"recursive rule":      "a if b\n\nb if a\n\ndeny contains 1 if a\n",
		"keyword as variable": "deny contains f if {\n\tinput := 1\n\tf := input\n}\n",
	} {
		set, err := load(t, map[string]string{"p.rego": goodMeta + "package cfnvet.rules.tst001\n\n" + body})
		if err == nil {
			t.Errorf("%s: loaded without an error (%+v)", name, set.Stats())
		}
	}
	set, err := load(t, map[string]string{"p.rego": goodMeta + "package cfnvet.rules.tst001\n\ndeny contains f if { false; f := 1 }\n"})
	if err != nil {
		t.Fatal(err)
	}
	if st := set.Stats(); st.Batches != 1 || st.IndexedBatches != 0 {
		t.Errorf("a user's policy: %d batches, %d without the checks; want 1 and 0", st.Batches, st.IndexedBatches)
	}
}
