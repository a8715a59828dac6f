package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A forced condition that no scanned template declares is an error (exit 2)
// naming the file it was written in and the name, with the nearest declared
// name: a typo would otherwise force nothing, silently.
func TestUnknownForcedConditionIsAnError(t *testing.T) {
	cfg := writeConfig(t, map[string]string{
		"stack.yaml": `Conditions:
  IsProd: !Equals [!Ref Env, prod]
Parameters:
  Env: {Type: String, Default: dev}
Resources:
  Topic: {Type: AWS::SNS::Topic}
`,
		"typo.yaml":    "IsProdd: true\n",
		"right.yaml":   "IsProd: true\n",
		"far.yaml":     "Unrelated: false\n",
		".cfnvet.yaml": "conditions:\n  IsProd: true\n  IsPrd: false\n",
	})
	dir := filepath.Dir(cfg)
	stack := filepath.Join(dir, "stack.yaml")
	cases := []struct {
		name string
		args []string
		code int
		want []string // in stdout or stderr
		not  []string
	}{
		{"--conditions typo", []string{"--no-config", "--conditions", filepath.Join(dir, "typo.yaml")}, 2,
			[]string{"typo.yaml", `condition "IsProdd" is declared in no scanned template`, `did you mean "IsProd"?`}, nil},
		{"--conditions right", []string{"--no-config", "--conditions", filepath.Join(dir, "right.yaml")}, 1, []string{"0 errors"},
			[]string{"declared in no scanned template"}},
		{"--conditions nothing near", []string{"--no-config", "--conditions", filepath.Join(dir, "far.yaml")}, 2,
			[]string{"far.yaml", `"Unrelated"`}, []string{"did you mean"}},
		{"config file typo", []string{"--config", cfg}, 2,
			[]string{".cfnvet.yaml:3:1", `condition "IsPrd"`, `did you mean "IsProd"?`}, []string{`condition "IsProd" is`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append(append([]string{"scan", "--format", "text", "--no-color"}, c.args...), stack)
			stdout, stderr, code := runCLI(t, "", args...)
			all := stdout + stderr
			if code != c.code {
				t.Errorf("exit %d, want %d\n%s", code, c.code, all)
			}
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q:\n%s", w, all)
				}
			}
			for _, w := range c.not {
				if strings.Contains(all, w) {
					t.Errorf("output has %q:\n%s", w, all)
				}
			}
		})
	}
}
