package config

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cfnvet/cfnvet/engine/suppress"
)

func TestParseSuppressAndBaseline(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "ci", ".cfnvet.yaml")
	f, err := Parse(name, []byte(`baseline: ../cfnvet-baseline.json
suppress:
  - rule: NET001
    reason: "Public ALB"
    files: ["cdk.out/*.template.json", "../other/**/x.yaml"]
    resources: ["PublicAlbSG*"]
    path: Properties.SecurityGroupIngress[0]
    expires: 2027-01-31
  - {rule: w2, reason: peer alias, files: single.yaml}
`))
	if err != nil {
		t.Fatal(err)
	}
	if f.Baseline == nil || f.Baseline.Value != filepath.Join(dir, "cfnvet-baseline.json") || f.Baseline.Line != 1 {
		t.Errorf("baseline %+v, want resolved against the config file's directory", f.Baseline)
	}
	if len(f.Suppress) != 2 {
		t.Fatalf("suppress %+v", f.Suppress)
	}
	e := f.Suppress[0]
	slash := filepath.ToSlash(dir)
	wantFiles := []string{slash + "/ci/cdk.out/*.template.json", slash + "/other/**/x.yaml"}
	if e.Rule.Value != "NET001" || e.Reason != "Public ALB" || !reflect.DeepEqual(e.Files, wantFiles) ||
		!reflect.DeepEqual(e.Resources, []string{"PublicAlbSG*"}) || e.Path != "Properties.SecurityGroupIngress[0]" ||
		e.Expires != "2027-01-31" {
		t.Errorf("entry %+v", e)
	}
	if e.At.Line != 3 || e.At.Col != 5 || e.ExpiresAt.Line != 8 {
		t.Errorf("entry at %d:%d, expires at line %d; want 3:5 and 8", e.At.Line, e.At.Col, e.ExpiresAt.Line)
	}
	if f.Suppress[1].At.Line != 9 || !reflect.DeepEqual(f.Suppress[1].Files, []string{slash + "/ci/single.yaml"}) {
		t.Errorf("second entry %+v", f.Suppress[1])
	}
}

func TestParseSuppressErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		line, col int
		msg       string
	}{
		{"not a list", "suppress: {rule: NET001}\n", 1, 11, "suppress must be a list"},
		{"entry not a mapping", "suppress:\n  - NET001\n", 2, 5, "each entry must be a mapping"},
		{"no reason", "suppress:\n  - rule: NET001\n    files: [a.yaml]\n", 2, 5, "suppress entry for NET001 has no reason"},
		{"empty reason", "suppress:\n  - rule: NET001\n    reason: \"  \"\n", 3, 13, "suppress.reason must say why"},
		{"no rule", "suppress:\n  - reason: because\n", 2, 5, "suppress entry has no rule"},
		{"rule is a list", "suppress:\n  - rule: [NET001]\n    reason: r\n", 2, 11, "suppress.rule must name a rule"},
		{"unknown key", "suppress:\n  - rule: NET001\n    reason: r\n    resource: [A]\n", 4, 5, `unknown key "suppress.resource" (did you mean "suppress.resources"?)`},
		{"repeated key", "suppress:\n  - rule: NET001\n    reason: r\n    reason: s\n", 4, 5, `key "suppress.reason" given twice`},
		{"bad date", "suppress:\n  - rule: NET001\n    reason: r\n    expires: 31/01/2027\n", 4, 14, `suppress.expires: "31/01/2027" is not a YYYY-MM-DD date`},
		{"impossible date", "suppress:\n  - rule: NET001\n    reason: r\n    expires: 2027-02-30\n", 4, 14, "is not a YYYY-MM-DD date"},
		{"bad file glob", "suppress:\n  - rule: NET001\n    reason: r\n    files: [\"cdk.out/[x\"]\n", 4, 13, "malformed glob"},
		{"bad resource glob", "suppress:\n  - rule: NET001\n    reason: r\n    resources: \"[A\"\n", 4, 16, "malformed glob"},
		{"files shape", "suppress:\n  - rule: NET001\n    reason: r\n    files: {a: b}\n", 4, 12, "suppress.files must be a string or a list"},
		{"empty path", "suppress:\n  - rule: NET001\n    reason: r\n    path: \"\"\n", 4, 11, "suppress.path must be a path"},
		{"baseline shape", "baseline: [a, b]\n", 1, 11, "baseline must be a file name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := filepath.Join(t.TempDir(), ".cfnvet.yaml")
			_, err := Parse(name, []byte(tc.src))
			wantError(t, err, name, tc.line, tc.col, tc.msg)
		})
	}
}

func TestSuppressionsResolveRules(t *testing.T) {
	reg := testRegistry(t)
	today := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	f, err := Parse("conf.yaml", []byte(`suppress:
  - {rule: s-net001, reason: slug}
  - {rule: NET, reason: family}
  - {rule: W35, reason: alias, expires: 2026-06-01}
  - {rule: IAM001, reason: old, expires: 2026-05-31}
`))
	if err != nil {
		t.Fatal(err)
	}
	sups, warnings, err := f.Suppressions(reg, today)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range sups {
		got = append(got, s.Key+"="+strings.Join(sortedIDs(s), ","))
	}
	if want := []string{"s-net001=NET001", "NET=NET001,NET002", "W35=LOG001"}; !reflect.DeepEqual(got, want) {
		t.Errorf("resolved %v, want %v (an entry expiring today still holds; an expired one is dropped)", got, want)
	}
	wantWarn := []string{"conf.yaml:5:42: suppress entry for IAM001 expired on 2026-05-31; its findings are active again"}
	if !reflect.DeepEqual(warnings, wantWarn) {
		t.Errorf("warnings %q, want %q", warnings, wantWarn)
	}
	if s := sups[2]; s.File != "conf.yaml" || s.Line != 4 || s.Col != 5 || s.Reason != "alias" || s.Expires != "2026-06-01" {
		t.Errorf("entry %+v", s)
	}

	f, err = Parse("conf.yaml", []byte("suppress:\n  - rule: NET001\n    reason: r\n  - rule: NET01\n    reason: typo\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = f.Suppressions(reg, today)
	wantError(t, err, "conf.yaml", 4, 11, `suppress: unknown rule "NET01"`)
}

func sortedIDs(s suppress.External) []string {
	var ids []string
	for _, id := range []string{"IAM001", "LOG001", "NET001", "NET002"} {
		if s.Rules[id] {
			ids = append(ids, id)
		}
	}
	return ids
}
