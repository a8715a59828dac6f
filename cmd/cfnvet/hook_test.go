package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const (
	openSGTemplate = `Resources:
  WebSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 8443, ToPort: 8443, CidrIp: 0.0.0.0/0}
`
	cleanTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Topic:
    Type: AWS::SNS::Topic
`
)

type hook struct {
	ID            string `yaml:"id"`
	Entry         string `yaml:"entry"`
	Language      string `yaml:"language"`
	Files         string `yaml:"files"`
	PassFilenames *bool  `yaml:"pass_filenames"`
}

func readHook(t *testing.T) hook {
	t.Helper()
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []hook
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	for _, h := range hooks {
		if h.ID == "cfnvet" {
			return h
		}
	}
	t.Fatal(".pre-commit-hooks.yaml has no cfnvet hook")
	return hook{}
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestPreCommitHook runs the hook the way pre-commit does: the staged
// files matching `files` are appended to `entry`, and the command's exit
// status decides.
func TestPreCommitHook(t *testing.T) {
	h := readHook(t)
	if h.Language != "golang" || h.PassFilenames == nil || !*h.PassFilenames {
		t.Fatalf("hook must be language golang with pass_filenames: true, got %+v", h)
	}
	entry := strings.Fields(h.Entry)
	if len(entry) < 2 || entry[0] != "cfnvet" || entry[1] != "scan" {
		t.Fatalf("entry %q: want `cfnvet scan …` (the binary `go install` builds)", h.Entry)
	}
	filesRx, err := regexp.Compile(h.Files)
	if err != nil {
		t.Fatalf("files pattern: %v", err)
	}
	dir := writeFiles(t, map[string]string{
		"stacks/web.yaml":         openSGTemplate,
		"stacks/topic.template":   cleanTemplate,
		"stacks/topic.json":       `{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}`,
		".pre-commit-config.yaml": "repos: []\n",
		"chart/templates/svc.yml": "metadata:\n  name: {{ .Release.Name }}\n{{ include \"x\" . }}\n",
		"tsconfig.json":           "{\n  // comments are not JSON\n}\n",
		"README.md":               "# not matched\n",
		"stacks/new.yaml":         "",
		"stacks/blank.json":       " \n\t\n",
	})
	staged := []string{"README.md", "stacks/web.yaml", "stacks/topic.template", "stacks/topic.json",
		".pre-commit-config.yaml", "chart/templates/svc.yml", "tsconfig.json"}
	hookRun := func(names []string) (int, string) {
		var args []string
		for _, n := range names {
			if filesRx.MatchString(n) {
				args = append(args, filepath.Join(dir, n))
			}
		}
		// The hook's `args:` as a user would set them, between the entry
		// and the file names; one rule keeps the test independent of rules
		// added later.
		hookArgs := []string{"--no-color", "--rule", "NET001"}
		var out, errOut bytes.Buffer
		code := run(append(append(entry[1:len(entry):len(entry)], hookArgs...), args...), strings.NewReader(""), &out, &errOut)
		return code, out.String() + errOut.String()
	}
	for _, n := range []string{"README.md"} {
		if filesRx.MatchString(n) {
			t.Errorf("files pattern matches %s", n)
		}
	}
	for _, n := range []string{"a.yaml", "a.yml", "a.json", "a.template"} {
		if !filesRx.MatchString(n) {
			t.Errorf("files pattern misses %s", n)
		}
	}
	code, out := hookRun(staged)
	if code != 1 || !strings.Contains(out, "NET001") || !strings.Contains(out, "3 files scanned") {
		t.Errorf("hook on a commit with an open security group: exit %d, want 1, NET001 and 3 templates scanned\n%s", code, out)
	}
	if strings.Contains(out, "svc.yml") || strings.Contains(out, "tsconfig") || strings.Contains(out, "pre-commit-config") {
		t.Errorf("non-templates were reported:\n%s", out)
	}
	clean := []string{"stacks/topic.template", ".pre-commit-config.yaml", "chart/templates/svc.yml", "tsconfig.json"}
	if code, out := hookRun(clean); code != 0 {
		t.Errorf("hook on a clean commit: exit %d, want 0\n%s", code, out)
	}
	// An empty or whitespace-only file staged on its own is no template
	// either: the hook must not fail on it.
	for _, n := range []string{"stacks/new.yaml", "stacks/blank.json"} {
		if code, out := hookRun([]string{n}); code != 0 || strings.Contains(out, "ERROR") {
			t.Errorf("hook on a commit of the empty %s alone: exit %d, want 0 and no error\n%s", n, code, out)
		}
	}
}

// TestSeveralFormatsAtOnce writes SARIF and JUnit to files and GitHub
// annotations to standard output in one scan.
func TestSeveralFormatsAtOnce(t *testing.T) {
	dir := writeFiles(t, map[string]string{"web.yaml": openSGTemplate})
	sarifPath, junitPath := filepath.Join(dir, "out.sarif"), filepath.Join(dir, "out.xml")
	var out, errOut bytes.Buffer
	code := run([]string{"scan", "--rule", "NET001", "--format", "sarif", "--output", sarifPath, "--format", "junit", "--output", junitPath,
		"--format", "github", filepath.Join(dir, "web.yaml")}, strings.NewReader(""), &out, &errOut)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (a finding)\n%s", code, errOut.String())
	}
	if !strings.HasPrefix(out.String(), "::warning file=") || !strings.Contains(out.String(), "title=NET001") {
		t.Errorf("stdout is not GitHub annotations:\n%s", out.String())
	}
	data, err := os.ReadFile(sarifPath)
	if err != nil {
		t.Fatal(err)
	}
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &sarif); err != nil || sarif.Version != "2.1.0" || len(sarif.Runs[0].Results) != 1 {
		t.Errorf("SARIF file: %v %+v", err, sarif)
	}
	data, err = os.ReadFile(junitPath)
	if err != nil {
		t.Fatal(err)
	}
	var junit struct {
		Failures int `xml:"failures,attr"`
	}
	if err := xml.Unmarshal(data, &junit); err != nil || junit.Failures != 1 {
		t.Errorf("JUnit file: %v, %d failures, want 1", err, junit.Failures)
	}
	if code := run([]string{"scan", "--format", "yaml", filepath.Join(dir, "web.yaml")}, strings.NewReader(""), &out, &errOut); code != 2 {
		t.Errorf("unknown format: exit %d, want 2", code)
	}
}
