package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

func write(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// wantError checks that err is a config error at file:line:col whose
// message contains msg.
func wantError(t *testing.T, err error, file string, line, col int, msg string) {
	t.Helper()
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("want a config error, got %v", err)
	}
	if ce.File != file || ce.Line != line || ce.Col != col || !strings.Contains(ce.Msg, msg) {
		t.Errorf("got %q, want %s:%d:%d: …%s…", ce.Error(), file, line, col, msg)
	}
}

func TestParseFullFile(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "params", "prod.json"), `{"Parameters": {"Env": "from-file", "Cidr": "10.0.0.0/8"}}`)
	write(t, filepath.Join(dir, "nag", "profile.txt"), "W2 open ingress\n# comment\n\nF3\n")
	write(t, filepath.Join(dir, "nag", "deny.yml"), "RulesToSuppress:\n  - id: W35\n    reason: no access logs here\n")
	if err := os.Mkdir(filepath.Join(dir, "policies"), 0o755); err != nil {
		t.Fatal(err)
	}
	name := write(t, filepath.Join(dir, ".cfnvet.yaml"), `# team defaults
rules:
  enable: [IAM, NET001]
  disable: LOG001
severity:
  LOG001: Medium
fail_on: high
exclude: ["cdk.out/asset.*", "**/test/**"]
parameters: {Env: prod, Subnets: [a, b]}
parameter_files: [params/prod.json]
conditions: {IsProd: true, IsDev: "false"}
policy_dirs: policies/
assume_aws_defaults: false
cfn_nag:
  profile: nag/profile.txt
  deny_list: nag/deny.yml
`)
	f, err := Load(name)
	if err != nil {
		t.Fatal(err)
	}
	if got := values(f.Enable); !reflect.DeepEqual(got, []string{"IAM", "NET001"}) {
		t.Errorf("enable %v", got)
	}
	if len(f.Disable) != 1 || f.Disable[0].Value != "LOG001" || f.Disable[0].Line != 4 || f.Disable[0].Col != 12 {
		t.Errorf("disable %+v", f.Disable)
	}
	if len(f.Severity) != 1 || f.Severity[0].Severity != rule.Medium || f.Severity[0].Rules.Line != 6 {
		t.Errorf("severity %+v", f.Severity)
	}
	if f.FailOn != "high" {
		t.Errorf("fail_on %q", f.FailOn)
	}
	if !reflect.DeepEqual(f.Exclude, []string{"cdk.out/asset.*", "**/test/**"}) {
		t.Errorf("exclude %v", f.Exclude)
	}
	wantParams := map[string]string{"Env": "prod", "Subnets": "a,b", "Cidr": "10.0.0.0/8"}
	if !reflect.DeepEqual(f.Parameters, wantParams) {
		t.Errorf("parameters %v, want %v (inline values win over parameter files)", f.Parameters, wantParams)
	}
	if !reflect.DeepEqual(f.Conditions, map[string]bool{"IsProd": true, "IsDev": false}) {
		t.Errorf("conditions %v", f.Conditions)
	}
	if !reflect.DeepEqual(f.PolicyDirs, []string{filepath.Join(dir, "policies")}) {
		t.Errorf("policy dirs %v, want relative to the config file", f.PolicyDirs)
	}
	if f.AssumeAWSDefaults == nil || *f.AssumeAWSDefaults {
		t.Errorf("assume_aws_defaults %v", f.AssumeAWSDefaults)
	}
	if got := values(f.Profile); !reflect.DeepEqual(got, []string{"W2", "F3"}) || f.Profile[1].Line != 4 {
		t.Errorf("profile %+v", f.Profile)
	}
	if len(f.DenyList) != 1 || f.DenyList[0].Value != "W35" || f.DenyList[0].Line != 2 {
		t.Errorf("deny list %+v", f.DenyList)
	}
}

func TestParseEmptyFile(t *testing.T) {
	for _, src := range []string{"", "# nothing yet\n", "---\n", "rules:\nseverity:\nexclude:\nparameters:\nconditions:\ncfn_nag:\n"} {
		f, err := Parse(".cfnvet.yaml", []byte(src))
		if err != nil || f.FailOn != "" || f.Enable != nil {
			t.Errorf("%q: %+v %v", src, f, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		line, col int
		msg       string
	}{
		{"unknown key", "fail_on: high\nexlude: [x]\n", 2, 1, `unknown key "exlude" (did you mean "exclude"?)`},
		{"unknown nested key", "rules:\n  enabel: [IAM]\n", 2, 3, `unknown key "rules.enabel" (did you mean "rules.enable"?)`},
		{"unknown key, no suggestion", "colour: red\n", 1, 1, `unknown key "colour"; known keys: assume_aws_defaults`},
		{"unknown cfn_nag key", "cfn_nag:\n  profile_path: p\n", 2, 3, `unknown key "cfn_nag.profile_path"`},
		{"repeated key", "fail_on: high\nfail_on: low\n", 2, 1, `key "fail_on" given twice`},
		{"repeated severity", "severity:\n  LOG001: low\n  LOG001: high\n", 3, 3, `key "severity.LOG001" given twice`},
		{"bad severity", "severity:\n  LOG001: urgent\n", 2, 11, `unknown severity "urgent"`},
		{"bad fail_on", "fail_on: severe\n", 1, 10, `fail_on: unknown severity "severe"`},
		{"not a mapping", "- rules\n", 1, 1, "the config file must be a mapping"},
		{"rules not a mapping", "rules: [IAM]\n", 1, 8, "rules must be a mapping"},
		{"exclude shape", "exclude: {a: b}\n", 1, 10, "exclude must be a string or a list of strings"},
		{"empty list item", "rules:\n  disable: [LOG001, \"\"]\n", 2, 21, "each item must be a non-empty string"},
		{"condition value", "conditions:\n  IsProd: maybe\n", 2, 11, `conditions.IsProd: want true or false, got "maybe"`},
		{"assume value", "assume_aws_defaults: sometimes\n", 1, 22, "want true or false"},
		{"missing policy dir", "policy_dirs: [nowhere]\n", 1, 15, "is not a readable directory"},
		{"missing parameter file", "parameter_files: [nowhere.json]\n", 1, 19, "parameter_files: parameters file"},
		{"missing profile", "cfn_nag:\n  profile: nowhere.txt\n", 2, 12, "cannot read"},
		{"syntax", "rules:\n  enable: [IAM\n", 1, 0, "invalid YAML"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			name := filepath.Join(dir, ".cfnvet.yaml")
			_, err := Parse(name, []byte(tc.src))
			wantError(t, err, name, tc.line, tc.col, tc.msg)
		})
	}
}

func TestErrorFormat(t *testing.T) {
	for _, tc := range []struct {
		err  Error
		want string
	}{
		{Error{File: ".cfnvet.yaml", Line: 7, Col: 3, Msg: "m"}, ".cfnvet.yaml:7:3: m"},
		{Error{File: ".cfnvet.yaml", Line: 7, Msg: "m"}, ".cfnvet.yaml:7: m"},
		{Error{File: ".cfnvet.yaml", Msg: "m"}, ".cfnvet.yaml: m"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestFindNearestUpward(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "repo", "stacks", "api")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(deep); err != nil || got != "" {
		t.Errorf("no config anywhere: %q %v", got, err)
	}
	top := write(t, filepath.Join(root, "repo", ".cfnvet.yaml"), "fail_on: high\n")
	if got, err := Find(deep); err != nil || got != top {
		t.Errorf("got %q %v, want %s", got, err, top)
	}
	near := write(t, filepath.Join(root, "repo", "stacks", ".cfnvet.yml"), "fail_on: low\n")
	if got, err := Find(deep); err != nil || got != near {
		t.Errorf("got %q %v, want the nearer %s", got, err, near)
	}
	// A directory with the config's name is not a config.
	if err := os.Mkdir(filepath.Join(deep, ".cfnvet.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(deep); err != nil || got != near {
		t.Errorf("got %q %v, want %s", got, err, near)
	}
	write(t, filepath.Join(root, "repo", "stacks", ".cfnvet.yaml"), "fail_on: low\n")
	if _, err := Find(deep); err == nil || !strings.Contains(err.Error(), "keep one") {
		t.Errorf("both names in one directory: %v", err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if err == nil || !strings.Contains(err.Error(), "cannot read config") {
		t.Errorf("got %v", err)
	}
}

func TestReadProfileAndDenyList(t *testing.T) {
	ids, err := readProfile("p", []byte("  W2   World-open ingress\n#F3\n\nF1000\n"))
	if err != nil || !reflect.DeepEqual(values(ids), []string{"W2", "F1000"}) || ids[0].Col != 3 || ids[1].Line != 4 {
		t.Errorf("profile %+v %v", ids, err)
	}
	if _, err := readProfile("p", []byte("# only comments\n")); err == nil {
		t.Error("empty profile accepted")
	}
	ids, err = readDenyList("d", []byte("W35\nW51\n"))
	if err != nil || !reflect.DeepEqual(values(ids), []string{"W35", "W51"}) {
		t.Errorf("plain deny list %+v %v", ids, err)
	}
	ids, err = readDenyList("d", []byte("RulesToSuppress:\n- id: W35\n  reason: x\n- {id: F3}\n"))
	if err != nil || !reflect.DeepEqual(values(ids), []string{"W35", "F3"}) || ids[1].Line != 4 {
		t.Errorf("cfn_nag deny list %+v %v", ids, err)
	}
	if _, err := readDenyList("d", []byte("Rules: [W35]\n")); err == nil {
		t.Error("deny list without RulesToSuppress accepted")
	}
	if _, err := readDenyList("d", []byte("RulesToSuppress:\n- reason: x\n")); err == nil {
		t.Error("deny list item without id accepted")
	}
}

// testRegistry has two NET rules (NET001 is cfn_nag W2, NET002 is W9), a
// LOG rule (W35) and an IAM rule.
func testRegistry(t *testing.T) *rule.Registry {
	t.Helper()
	mk := func(id string, fam rule.Family, nag string) *rule.Rule {
		return &rule.Rule{Meta: rule.Meta{ID: id, Slug: "s-" + strings.ToLower(id), Family: fam, Severity: rule.High,
			Title: "t", Description: "d", Remediation: "r", ResourceTypes: []string{"AWS::SNS::Topic"},
			Aliases: map[string][]string{"cfn_nag": {nag}}},
			Check: func(*rule.Pass, *model.Resource) {}}
	}
	reg, err := rule.NewRegistry([]*rule.Rule{mk("NET001", rule.NET, "W2"), mk("NET002", rule.NET, "W9"),
		mk("LOG001", rule.LOG, "W35"), mk("IAM001", rule.IAM, "F3")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func enabledIDs(m map[string]bool) string {
	var ids []string
	for _, id := range []string{"IAM001", "LOG001", "NET001", "NET002"} {
		if m[id] {
			ids = append(ids, id)
		}
	}
	return strings.Join(ids, ",")
}

func TestSelection(t *testing.T) {
	reg := testRegistry(t)
	ref := func(v string, line int) Ref { return Ref{Value: v, File: "c.yaml", Line: line, Col: 5} }
	for _, tc := range []struct {
		name             string
		file             File
		include, exclude []string
		want             string
	}{
		{"defaults", File{}, nil, nil, "IAM001,LOG001,NET001,NET002"},
		{"enable family and id", File{Enable: []Ref{ref("NET", 1), ref("IAM001", 1)}}, nil, nil, "IAM001,NET001,NET002"},
		{"disable by alias", File{Disable: []Ref{ref("W2", 1)}}, nil, nil, "IAM001,LOG001,NET002"},
		{"profile", File{Profile: []Ref{ref("W2", 1), ref("F3", 2)}, ProfileKey: &Ref{}}, nil, nil, "IAM001,NET001"},
		{"profile and enable", File{Enable: []Ref{ref("LOG", 1)}, Profile: []Ref{ref("W2", 1)}, ProfileKey: &Ref{}}, nil, nil, "LOG001,NET001"},
		{"deny list", File{DenyList: []Ref{ref("W35", 1), ref("W9", 2)}}, nil, nil, "IAM001,NET001"},
		{"--skip adds to disable", File{Disable: []Ref{ref("LOG001", 1)}}, nil, []string{"IAM"}, "NET001,NET002"},
		{"--rule replaces the file's selection", File{Enable: []Ref{ref("NET", 1)}, Disable: []Ref{ref("LOG001", 1)},
			DenyList: []Ref{ref("W35", 1)}}, []string{"LOG001"}, nil, "LOG001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sel, _, err := tc.file.Selection(reg, tc.include, tc.exclude)
			if err != nil {
				t.Fatal(err)
			}
			if got := enabledIDs(sel.Enabled); got != tc.want {
				t.Errorf("enabled %s, want %s", got, tc.want)
			}
		})
	}
}

func TestSelectionErrorsAndWarnings(t *testing.T) {
	reg := testRegistry(t)
	f := File{Disable: []Ref{{Value: "LOG001", File: "c.yaml", Line: 3, Col: 13}, {Value: "LGO001", File: "c.yaml", Line: 4, Col: 13}}}
	_, _, err := f.Selection(reg, nil, nil)
	wantError(t, err, "c.yaml", 4, 13, `unknown rule "LGO001"`)

	f = File{Severity: []SeverityOverride{{Rules: Ref{Value: "NOPE", File: "c.yaml", Line: 6, Col: 3}, Severity: rule.Low}}}
	_, _, err = f.Selection(reg, nil, nil)
	wantError(t, err, "c.yaml", 6, 3, `severity: unknown rule "NOPE"`)

	// A cfn_nag id cfnvet has no rule for is skipped with a warning…
	f = File{Profile: []Ref{{Value: "W2", File: "p.txt", Line: 1, Col: 1}, {Value: "W58", File: "p.txt", Line: 2, Col: 1}},
		ProfileKey: &Ref{Value: "profile", File: "c.yaml", Line: 9, Col: 3}}
	sel, warnings, err := f.Selection(reg, nil, nil)
	if err != nil || enabledIDs(sel.Enabled) != "NET001" {
		t.Fatalf("%v %v", sel.Enabled, err)
	}
	if len(warnings) != 1 || warnings[0] != "p.txt:2:1: W58 names no cfnvet rule; ignored" {
		t.Errorf("warnings %q", warnings)
	}
	// …but a profile that selects nothing must not mean "every rule".
	f.Profile = f.Profile[1:]
	_, _, err = f.Selection(reg, nil, nil)
	wantError(t, err, "c.yaml", 9, 3, "no rule would run")
	// --rule replaces the profile, so it is no longer a problem.
	if sel, _, err := f.Selection(reg, []string{"LOG001"}, nil); err != nil || enabledIDs(sel.Enabled) != "LOG001" {
		t.Errorf("with --rule: %v %v", sel.Enabled, err)
	}
}

func TestSeverityOverridesFamilyThenRule(t *testing.T) {
	reg := testRegistry(t)
	at := func(v string) Ref { return Ref{Value: v, File: "c.yaml", Line: 1, Col: 1} }
	// The rule's own entry wins over its family's whatever the order.
	f := File{Severity: []SeverityOverride{{at("NET001"), rule.Low}, {at("NET"), rule.Critical}, {at("W35"), rule.Medium}}}
	sel, _, err := f.Selection(reg, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]rule.Severity{"NET001": rule.Low, "NET002": rule.Critical, "LOG001": rule.Medium}
	if !reflect.DeepEqual(sel.Severity, want) {
		t.Errorf("severity %v, want %v", sel.Severity, want)
	}
}

func TestSelectionProfiles(t *testing.T) {
	mk := func(id string, fam rule.Family, sets ...string) *rule.Rule {
		return &rule.Rule{Meta: rule.Meta{ID: id, Slug: "s-" + strings.ToLower(id), Family: fam, Severity: rule.Low,
			Title: "t", Description: "d", Remediation: "r", ResourceTypes: []string{"AWS::SNS::Topic"}, Sets: sets},
			Check: func(*rule.Pass, *model.Resource) {}}
	}
	reg, err := rule.NewRegistry([]*rule.Rule{mk("NET001", rule.NET), mk("NET011", rule.NET, "hygiene"),
		mk("ENC029", rule.ENC, "cmk"), mk("LOG001", rule.LOG, "logging")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(m map[string]bool) string {
		var out []string
		for id := range m {
			out = append(out, id)
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}
	ref := func(v string) Ref { return Ref{Value: v, File: "c.yaml", Line: 1, Col: 1} }
	for _, tc := range []struct {
		name                       string
		file                       File
		include, exclude, profiles []string
		want                       string
	}{
		{"default set", File{}, nil, nil, nil, "NET001"},
		{"--profile adds a set", File{}, nil, nil, []string{"cmk"}, "ENC029,NET001"},
		{"--profile comma list", File{}, nil, nil, []string{"cmk, hygiene"}, "ENC029,NET001,NET011"},
		{"--profile strict", File{}, nil, nil, []string{"strict"}, "ENC029,LOG001,NET001,NET011"},
		{"config profile", File{Profiles: []Ref{ref("logging")}}, nil, nil, nil, "LOG001,NET001"},
		{"config and flag add up", File{Profiles: []Ref{ref("logging")}}, nil, nil, []string{"cmk"}, "ENC029,LOG001,NET001"},
		{"rules.enable: [strict]", File{Enable: []Ref{ref("strict")}}, nil, nil, nil, "ENC029,LOG001,NET001,NET011"},
		{"rules.enable names exactly", File{Enable: []Ref{ref("cmk")}}, nil, nil, nil, "ENC029"},
		{"rules.enable default and a set", File{Enable: []Ref{ref("default"), ref("cmk")}}, nil, nil, nil, "ENC029,NET001"},
		{"rules.disable a set", File{Profiles: []Ref{ref("strict")}, Disable: []Ref{ref("hygiene")}}, nil, nil, nil, "ENC029,LOG001,NET001"},
		{"--skip a set", File{}, nil, []string{"cmk"}, []string{"strict"}, "LOG001,NET001,NET011"},
		{"--rule replaces the config profile", File{Profiles: []Ref{ref("logging")}}, []string{"NET011"}, nil, nil, "NET011"},
		{"--rule plus --profile", File{}, []string{"NET011"}, nil, []string{"cmk"}, "ENC029,NET011"},
		{"family still selects every member", File{}, []string{"NET"}, nil, nil, "NET001,NET011"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sel, _, err := tc.file.Selection(reg, tc.include, tc.exclude, tc.profiles...)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(sel.Enabled); got != tc.want {
				t.Errorf("enabled %s, want %s", got, tc.want)
			}
		})
	}
	if _, _, err := (&File{}).Selection(reg, nil, nil, "cmk,noisy"); err == nil || !strings.Contains(err.Error(), `--profile "noisy": unknown rule set`) {
		t.Errorf("unknown --profile: %v", err)
	}
}

func TestParseProfile(t *testing.T) {
	name := filepath.Join(t.TempDir(), ".cfnvet.yaml")
	f, err := Parse(name, []byte("profile: [cmk, logging]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Profiles) != 2 || f.Profiles[1].Value != "logging" || f.Profiles[1].Line != 1 {
		t.Errorf("profiles %+v", f.Profiles)
	}
	if f, err = Parse(name, []byte("profile: strict\n")); err != nil || len(f.Profiles) != 1 {
		t.Errorf("single profile: %+v %v", f, err)
	}
	_, err = Parse(name, []byte("fail_on: high\nprofile:\n  - cmk\n  - tidiness\n"))
	wantError(t, err, name, 4, 5, `profile: unknown rule set "tidiness"`)
}
