package cfnvet_test

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type action struct {
	Inputs map[string]struct {
		Description string  `yaml:"description"`
		Default     *string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			Name  string            `yaml:"name"`
			ID    string            `yaml:"id"`
			If    string            `yaml:"if"`
			Uses  string            `yaml:"uses"`
			Shell string            `yaml:"shell"`
			Run   string            `yaml:"run"`
			Env   map[string]string `yaml:"env"`
			With  map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

var (
	inputRef  = regexp.MustCompile(`\binputs\.([A-Za-z0-9_-]+)`)
	stepRef   = regexp.MustCompile(`\bsteps\.([A-Za-z0-9_-]+)\.outputs\.`)
	shellVar  = regexp.MustCompile(`\$\{?([A-Z][A-Z0-9_]*)`)
	exprInRun = regexp.MustCompile(`\$\{\{`)
)

// runnerVars are set by the GitHub Actions runner itself.
var runnerVars = map[string]bool{"GITHUB_ACTION_PATH": true, "GITHUB_PATH": true, "GITHUB_OUTPUT": true}

// TestActionWiring checks that action.yml's inputs are all used and all
// declared, that scripts read inputs only from their step's environment
// (no ${{ }} inside run:, which would allow injection), and that the scan
// writes the SARIF the upload step sends.
func TestActionWiring(t *testing.T) {
	data, err := os.ReadFile("action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q, want composite", a.Runs.Using)
	}
	used := map[string]bool{}
	note := func(where, s string) {
		for _, m := range inputRef.FindAllStringSubmatch(s, -1) {
			used[m[1]] = true
			if _, ok := a.Inputs[m[1]]; !ok {
				t.Errorf("%s refers to undeclared input %q", where, m[1])
			}
		}
	}
	ids := map[string]bool{}
	var scanRun, uploadFile string
	for _, s := range a.Runs.Steps {
		note(s.Name+" if", s.If)
		for k, v := range s.Env {
			note(s.Name+" env "+k, v)
		}
		for k, v := range s.With {
			note(s.Name+" with "+k, v)
		}
		for _, m := range stepRef.FindAllStringSubmatch(s.If+strings.Join(values(s.Env), " "), -1) {
			if !ids[m[1]] {
				t.Errorf("step %q refers to step %q before it runs", s.Name, m[1])
			}
		}
		if s.Run != "" {
			if s.Shell == "" {
				t.Errorf("step %q: composite run steps need a shell", s.Name)
			}
			if exprInRun.MatchString(s.Run) {
				t.Errorf("step %q: expression inside run:, pass it through env", s.Name)
			}
			for _, m := range shellVar.FindAllStringSubmatch(s.Run, -1) {
				if _, ok := s.Env[m[1]]; !ok && !runnerVars[m[1]] {
					t.Errorf("step %q: $%s is not in its env", s.Name, m[1])
				}
			}
		}
		if strings.Contains(s.Run, "cfnvet scan") {
			scanRun = s.Run + "\n" + s.Env["CFNVET_SARIF"]
		}
		if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") {
			uploadFile = s.With["sarif_file"]
			if !strings.Contains(s.If, "inputs.upload-sarif") || !strings.Contains(s.If, "always()") {
				t.Errorf("upload step must honour upload-sarif and run even after a failure, if: %q", s.If)
			}
		}
		ids[s.ID] = true
	}
	for _, o := range a.Outputs {
		note("outputs", o.Value)
	}
	var unused []string
	for name := range a.Inputs {
		if !used[name] {
			unused = append(unused, name)
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Errorf("inputs declared but never used: %v", unused)
	}
	if !strings.Contains(scanRun, "--format sarif --output \"$CFNVET_SARIF\"") || !strings.Contains(scanRun, "inputs.sarif-file") {
		t.Errorf("the scan step does not write SARIF to inputs.sarif-file:\n%s", scanRun)
	}
	if uploadFile != "${{ inputs.sarif-file }}" {
		t.Errorf("upload step sends %q, want the scan's ${{ inputs.sarif-file }}", uploadFile)
	}
}

func values(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
