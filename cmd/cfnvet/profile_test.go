package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// setsTemplate has one finding of the default set (NET001) and findings
// of rules in the cmk, egress, hygiene and logging sets.
const setsTemplate = `Resources:
  WebSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      VpcId: vpc-1
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: 0.0.0.0/0
  Logs:
    Type: AWS::Logs::LogGroup
`

func ruleIDs(t *testing.T, out string) string {
	t.Helper()
	seen := map[string]bool{}
	for _, f := range decode(t, out).Findings {
		seen[f.RuleID] = true
	}
	var ids []string
	for id := range seen {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return strings.Join(ids, ",")
}

func TestProfileSelectsRuleSets(t *testing.T) {
	cfg := writeConfig(t, map[string]string{"t.yaml": setsTemplate})
	tpl := filepath.Join(filepath.Dir(cfg), "t.yaml")
	for _, tc := range []struct {
		config string
		args   []string
		want   string
	}{
		{"", nil, "NET001"},
		{"", []string{"--profile", "cmk"}, "ENC029,NET001"},
		{"", []string{"--profile", "hygiene,egress"}, "NET001,NET008,NET011"},
		{"", []string{"--profile", "logging", "--profile", "cmk"}, "ENC029,LOG013,NET001"},
		{"", []string{"--profile", "strict"}, "ENC029,LOG013,NET001,NET008,NET011"},
		{"", []string{"--profile", "strict", "--skip", "hygiene"}, "ENC029,LOG013,NET001,NET008"},
		{"", []string{"--rule", "cmk"}, "ENC029"},
		{"profile: [logging]\n", nil, "LOG013,NET001"},
		{"profile: logging\n", []string{"--profile", "cmk"}, "ENC029,LOG013,NET001"},
		{"rules:\n  enable: [strict]\n", nil, "ENC029,LOG013,NET001,NET008,NET011"},
		{"rules:\n  enable: [default, egress]\n", nil, "NET001,NET008"},
	} {
		args := []string{"scan", "--format", "json", "--no-config"}
		if tc.config != "" {
			name := writeConfig(t, map[string]string{".cfnvet.yaml": tc.config})
			args = []string{"scan", "--format", "json", "--config", name}
		}
		args = append(append(args, tc.args...), tpl)
		out, stderr, code := runCLI(t, "", args...)
		if code != 1 {
			t.Errorf("%q %v: exit %d (%s)", tc.config, tc.args, code, stderr)
			continue
		}
		if got := ruleIDs(t, out); got != tc.want {
			t.Errorf("%q %v: rules %s, want %s", tc.config, tc.args, got, tc.want)
		}
	}
	_, stderr, code := runCLI(t, "", "scan", "--no-config", "--profile", "cmk,noisy", tpl)
	if code != 2 || !strings.Contains(stderr, `--profile "noisy": unknown rule set`) {
		t.Errorf("unknown --profile: exit %d, %s", code, stderr)
	}
	name := writeConfig(t, map[string]string{".cfnvet.yaml": "profile:\n  - tidiness\n"})
	_, stderr, code = runCLI(t, "", "scan", "--config", name, tpl)
	if code != 2 || !strings.Contains(stderr, ".cfnvet.yaml:2:5: profile: unknown rule set \"tidiness\"") {
		t.Errorf("unknown config profile: exit %d, %s", code, stderr)
	}
}

func TestRulesShowSets(t *testing.T) {
	out, _, code := runCLI(t, "", "rules")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if strings.Contains(out, "disabled by default") {
		t.Errorf("rules still says 'disabled by default':\n%s", out)
	}
	lines := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 2 {
			lines[f[0]] = f[2]
		}
	}
	for id, set := range map[string]string{"NET001": "default", "ENC029": "cmk", "NET009": "hygiene", "NET008": "egress", "LOG001": "logging"} {
		if lines[id] != set {
			t.Errorf("%s: set column %q, want %q", id, lines[id], set)
		}
	}
	if !regexp.MustCompile(`(?m)^  cmk\s+\d+ rules\s+data encrypted with customer-managed KMS keys`).MatchString(out) {
		t.Errorf("no legend of the rule sets:\n%s", out)
	}
	out, _, _ = runCLI(t, "", "rules", "--format", "json")
	var rules []struct {
		ID   string   `json:"id"`
		Sets []string `json:"sets"`
	}
	if err := json.Unmarshal([]byte(out), &rules); err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if len(r.Sets) == 0 {
			t.Errorf("%s: no sets in JSON", r.ID)
		}
		if r.ID == "ENC029" && strings.Join(r.Sets, ",") != "cmk" {
			t.Errorf("ENC029 sets %v", r.Sets)
		}
	}
}

func TestExplainSaysHowToEnable(t *testing.T) {
	out, _, code := runCLI(t, "", "explain", "ENC029")
	if code != 0 || !strings.Contains(out, "Set: cmk") || !strings.Contains(out, "enable it with --profile cmk") {
		t.Errorf("explain ENC029: exit %d\n%s", code, out)
	}
	out, _, _ = runCLI(t, "", "explain", "NET001")
	if !strings.Contains(out, "Set: default") || strings.Contains(out, "Not run by default") {
		t.Errorf("explain NET001:\n%s", out)
	}
}

// A baseline written with every rule stays whole when the default set
// runs: its entries for opt-in rules are neither stale nor dropped.
func TestBaselineAcrossProfiles(t *testing.T) {
	cfg := writeConfig(t, map[string]string{"t.yaml": setsTemplate})
	dir := filepath.Dir(cfg)
	tpl, base := filepath.Join(dir, "t.yaml"), filepath.Join(dir, "b.json")
	if _, stderr, code := runCLI(t, "", "scan", "--no-config", "--profile", "strict", "--write-baseline", base, tpl); code != 0 {
		t.Fatalf("write baseline: exit %d %s", code, stderr)
	}
	_, stderr, code := runCLI(t, "", "scan", "--no-config", "--baseline", base, tpl)
	if code != 0 || strings.Contains(stderr, "no longer occur") {
		t.Errorf("default set against a strict baseline: exit %d, %s", code, stderr)
	}
	_, stderr, _ = runCLI(t, "", "scan", "--no-config", "--baseline", base, "--write-baseline", base, tpl)
	if !strings.Contains(stderr, "wrote 5 accepted findings") {
		t.Errorf("rewrite with the default set: %s", stderr)
	}
	_, stderr, code = runCLI(t, "", "scan", "--no-config", "--profile", "strict", "--baseline", base, tpl)
	if code != 0 {
		t.Errorf("strict against the rewritten baseline: exit %d, %s", code, stderr)
	}
}
