package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeConfig writes files (name → content) into a fresh directory and
// returns the path of its .cfnvet.yaml.
func writeConfig(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, ".cfnvet.yaml")
}

var openHTTPS = filepath.Join(cliData, "open-https.yaml")

// NET001 (medium by default) on open-https.yaml, overridden to low: JSON,
// SARIF and the exit code all see the override.
func TestConfigSeverityOverride(t *testing.T) {
	cfg := writeConfig(t, map[string]string{".cfnvet.yaml": "severity:\n  NET001: low\nfail_on: medium\n"})
	out, stderr, code := runCLI(t, "", "scan", "--config", cfg, "--format", "json", openHTTPS)
	if code != 0 {
		t.Errorf("exit %d, want 0: the finding is low and fail_on is medium; %s", code, stderr)
	}
	var r struct {
		Findings []struct {
			RuleID   string `json:"rule_id"`
			Severity string `json:"severity"`
		} `json:"findings"`
		Summary struct {
			BySeverity map[string]int `json:"by_severity"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 1 || r.Findings[0].Severity != "low" || r.Summary.BySeverity["low"] != 1 {
		t.Errorf("findings %+v, summary %v", r.Findings, r.Summary.BySeverity)
	}

	out, _, _ = runCLI(t, "", "scan", "--config", cfg, "--format", "sarif", openHTTPS)
	var sarif struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID     string         `json:"id"`
						Config map[string]any `json:"defaultConfiguration"`
						Props  map[string]any `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				Level string `json:"level"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil {
		t.Fatal(err)
	}
	run := sarif.Runs[0]
	if len(run.Results) != 1 || run.Results[0].Level != "note" {
		t.Errorf("SARIF results %+v, want one at level note", run.Results)
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.ID == "NET001" && (r.Config["level"] != "note" || r.Props["security-severity"] != "3.0") {
			t.Errorf("SARIF rule NET001 %+v %v, want the overridden severity", r.Config, r.Props["security-severity"])
		}
	}
}

// Flags override the file: scalars replace, maps win per key, --rule
// replaces the file's rule selection, --skip adds to it.
func TestConfigPrecedence(t *testing.T) {
	cfg := writeConfig(t, map[string]string{".cfnvet.yaml": `fail_on: high
parameters:
  AllowedCidr: 0.0.0.0/0
rules:
  disable: [LOG]
`})
	cases := []struct {
		args []string
		code int
	}{
		{nil, 0}, // the medium finding is below the file's fail_on
		{[]string{"--fail-on", "low"}, 1},
		{[]string{"--fail-on", "low", "--parameter", "AllowedCidr=10.0.0.0/8"}, 0},
		{[]string{"--fail-on", "low", "--skip", "NET001"}, 0},
		{[]string{"--fail-on", "low", "--rule", "IAM"}, 0},
	}
	for _, c := range cases {
		args := append(append([]string{"scan", "--config", cfg}, c.args...), openHTTPS)
		if _, stderr, code := runCLI(t, "", args...); code != c.code {
			t.Errorf("%v: exit %d, want %d (%s)", c.args, code, c.code, stderr)
		}
	}
	// --rule overrides the file's rules.disable.
	cfg = writeConfig(t, map[string]string{".cfnvet.yaml": "rules:\n  disable: [W2]\n"})
	if _, _, code := runCLI(t, "", "scan", "--config", cfg, openHTTPS); code != 0 {
		t.Errorf("disabled by alias in the file: exit %d, want 0", code)
	}
	if _, _, code := runCLI(t, "", "scan", "--config", cfg, "--rule", "NET001", openHTTPS); code != 1 {
		t.Errorf("--rule NET001 over the file's disable: exit %d, want 1", code)
	}
}

func TestConfigRelativePathsAndExclude(t *testing.T) {
	cfg := writeConfig(t, map[string]string{
		".cfnvet.yaml":     "parameter_files: [params/prod.json]\nexclude: [broken.yaml]\n",
		"params/prod.json": `{"Parameters": {"AllowedCidr": "10.0.0.0/8"}}`,
	})
	// The test runs in cmd/cfnvet: params/prod.json only resolves against
	// the config file's directory.
	if _, stderr, code := runCLI(t, "", "scan", "--config", cfg, cliData); code != 0 {
		t.Errorf("exit %d, want 0 (parameter file applied, broken.yaml excluded): %s", code, stderr)
	}
}

func TestConfigCfnNagProfileAndDenyList(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		code  int
	}{
		{"profile without W2", map[string]string{
			".cfnvet.yaml": "cfn_nag:\n  profile: nag/profile.txt\n", "nag/profile.txt": "F3\nW9999 no cfnvet rule\n"}, 0},
		{"profile with W2", map[string]string{
			".cfnvet.yaml": "cfn_nag:\n  profile: nag/profile.txt\n", "nag/profile.txt": "F3\nW2\n"}, 1},
		{"deny list with W2", map[string]string{
			".cfnvet.yaml": "cfn_nag:\n  deny_list: deny.yml\n", "deny.yml": "RulesToSuppress:\n  - id: W2\n    reason: reviewed\n"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, "", "scan", "--config", writeConfig(t, tc.files), openHTTPS)
			if code != tc.code {
				t.Errorf("exit %d, want %d: %s", code, tc.code, stderr)
			}
			if strings.Contains(tc.files["nag/profile.txt"], "W9999") && !strings.Contains(stderr, "profile.txt:2:1: W9999 names no cfnvet rule; ignored") {
				t.Errorf("no warning for an id without a cfnvet rule: %q", stderr)
			}
		})
	}
}

func TestBadConfigIsExit2WithLocation(t *testing.T) {
	cfg := writeConfig(t, map[string]string{".cfnvet.yaml": "fail_on: high\nexlude: [x]\n"})
	_, stderr, code := runCLI(t, "", "scan", "--config", cfg, openHTTPS)
	if code != 2 || !strings.HasPrefix(stderr, cfg+`:2:1: unknown key "exlude" (did you mean "exclude"?)`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	cfg = writeConfig(t, map[string]string{".cfnvet.yaml": "rules:\n  disable:\n    - LOG001\n    - NETT001\n"})
	_, stderr, code = runCLI(t, "", "scan", "--config", cfg, openHTTPS)
	if code != 2 || !strings.HasPrefix(stderr, cfg+`:4:7: unknown rule "NETT001"`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	for _, args := range [][]string{
		{"--config", filepath.Join(t.TempDir(), "missing.yaml")},
		{"--config", cfg, "--no-config"},
	} {
		if _, stderr, code := runCLI(t, "", append(append([]string{"scan"}, args...), openHTTPS)...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, stderr)
		}
	}
}

// Discovery end to end: the nearest .cfnvet.yaml above the working
// directory applies unless --no-config; messages name it relative to the
// working directory.
func TestConfigDiscoveredUpward(t *testing.T) {
	template, err := filepath.Abs(openHTTPS)
	if err != nil {
		t.Fatal(err)
	}
	cfg := writeConfig(t, map[string]string{".cfnvet.yaml": "rules:\n  disable: [NET001]\n", "a/b/.keep": ""})
	t.Chdir(filepath.Join(filepath.Dir(cfg), "a", "b"))
	if _, stderr, code := runCLI(t, "", "scan", template); code != 0 {
		t.Errorf("discovered config not applied: exit %d %s", code, stderr)
	}
	if _, _, code := runCLI(t, "", "scan", "--no-config", template); code != 1 {
		t.Errorf("--no-config: exit %d, want 1", code)
	}
	if err := os.WriteFile(cfg, []byte("rules:\n  disable: [NOPE]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join("..", "..", ".cfnvet.yaml") + `:2:13: unknown rule "NOPE"`
	if _, stderr, code := runCLI(t, "", "scan", template); code != 2 || !strings.HasPrefix(stderr, want) {
		t.Errorf("exit %d, stderr %q, want %q", code, stderr, want)
	}
}
