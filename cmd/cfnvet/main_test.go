package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const cliData = "../../testdata/cli"

func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), code
}

type jsonReport struct {
	Files []struct {
		File  string `json:"file"`
		Error *struct {
			Message string `json:"message"`
			Line    int    `json:"line"`
			Column  int    `json:"column"`
		} `json:"error"`
	} `json:"files"`
	Findings []struct {
		RuleID     string `json:"rule_id"`
		Message    string `json:"message"`
		Path       string `json:"path"`
		Line       int    `json:"line"`
		Column     int    `json:"column"`
		EndColumn  int    `json:"end_column"`
		Provenance []struct {
			Kind string `json:"kind"`
			Name string `json:"name"`
			Line int    `json:"line"`
		} `json:"provenance"`
	} `json:"findings"`
	Summary struct {
		Files  int `json:"files"`
		Errors int `json:"errors"`
	} `json:"summary"`
}

func decode(t *testing.T, s string) jsonReport {
	t.Helper()
	var r jsonReport
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("invalid JSON output: %v\n%s", err, s)
	}
	return r
}

// The foundation issue's acceptance scenario: tcp/443 open to the world
// through a parameter default is reported at the CidrIp value with its
// provenance; supplying a private CIDR makes the template clean.
func TestParameterDefaultProvenanceAndOverride(t *testing.T) {
	file := filepath.Join(cliData, "open-https.yaml")
	out, stderr, code := runCLI(t, "", "scan", "--format", "json", file)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr: %s", code, stderr)
	}
	r := decode(t, out)
	if len(r.Findings) != 1 {
		t.Fatalf("want exactly one finding, got %+v", r.Findings)
	}
	f := r.Findings[0]
	if f.RuleID != "NET001" || f.Line != 15 || f.Column != 19 || f.EndColumn != 35 {
		t.Errorf("finding %s at %d:%d-%d, want NET001 at 15:19-35", f.RuleID, f.Line, f.Column, f.EndColumn)
	}
	if f.Path != "Resources.WebSG.Properties.SecurityGroupIngress[0].CidrIp" {
		t.Errorf("path %q", f.Path)
	}
	if !strings.Contains(f.Message, `CidrIp from parameter AllowedCidr default "0.0.0.0/0"`) {
		t.Errorf("message lacks provenance: %q", f.Message)
	}
	if len(f.Provenance) != 1 || f.Provenance[0].Kind != "parameter_default" || f.Provenance[0].Line != 5 {
		t.Errorf("provenance %+v", f.Provenance)
	}
	out, _, code = runCLI(t, "", "scan", "--format", "json", "--parameter", "AllowedCidr=10.0.0.0/8", file)
	if code != 0 || len(decode(t, out).Findings) != 0 {
		t.Errorf("with a private CIDR: exit %d, output %s", code, out)
	}
}

func TestParametersFileFormats(t *testing.T) {
	dir := t.TempDir()
	formats := map[string]string{
		"cli.json":      `[{"ParameterKey": "AllowedCidr", "ParameterValue": "10.0.0.0/8"}]`,
		"cfn_nag.json":  `{"Parameters": {"AllowedCidr": "10.0.0.0/8"}}`,
		"pipeline.json": `{"Parameters": {"AllowedCidr": "10.0.0.0/8"}, "Tags": {"team": "x"}}`,
	}
	for name, content := range formats {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		_, stderr, code := runCLI(t, "", "scan", "--parameters", p, filepath.Join(cliData, "open-https.yaml"))
		if code != 0 {
			t.Errorf("%s: exit %d, want 0 (parameter applied); %s", name, code, stderr)
		}
	}
}

func TestBadFileDoesNotStopOthers(t *testing.T) {
	out, _, code := runCLI(t, "", "scan", "--format", "json", filepath.Join(cliData, "broken.yaml"), filepath.Join(cliData, "open-https.yaml"), filepath.Join(cliData, "missing.yaml"))
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	r := decode(t, out)
	if r.Summary.Errors != 2 || r.Summary.Files != 3 || len(r.Findings) != 1 {
		t.Fatalf("summary %+v, findings %d", r.Summary, len(r.Findings))
	}
	broken := r.Files[0]
	if broken.Error == nil || broken.Error.Line != 4 || !strings.Contains(broken.Error.Message, "invalid YAML") {
		t.Errorf("broken.yaml error %+v", broken.Error)
	}
	if r.Files[2].Error == nil || !strings.Contains(r.Files[2].Error.Message, "no such file") {
		t.Errorf("missing file error %+v", r.Files[2].Error)
	}
}

func TestDirectoryScanSkipsNonTemplates(t *testing.T) {
	out, _, code := runCLI(t, "", "scan", "--format", "json", "--exclude", "broken.yaml", cliData)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	r := decode(t, out)
	for _, f := range r.Files {
		if strings.HasSuffix(f.File, "serverless.yml") {
			t.Errorf("non-template listed: %s", f.File)
		}
		if strings.HasSuffix(f.File, "broken.yaml") {
			t.Errorf("--exclude ignored: %s", f.File)
		}
	}
	if len(r.Files) != 1 {
		t.Errorf("files %+v", r.Files)
	}
}

func TestStdinAndTextOutput(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(cliData, "open-https.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	out, _, code := runCLI(t, string(src), "scan", "-")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(out, "<stdin>:15:19  MEDIUM    NET001  ") || !strings.Contains(out, "(WebSG)") {
		t.Errorf("text output:\n%s", out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes written to a non-terminal")
	}
	if !strings.Contains(out, "1 file scanned, 1 finding") {
		t.Errorf("summary missing:\n%s", out)
	}
}

func TestFailOnAndSelection(t *testing.T) {
	file := filepath.Join(cliData, "open-https.yaml")
	cases := []struct {
		args []string
		code int
	}{
		{[]string{"--fail-on", "high"}, 0},
		{[]string{"--fail-on", "medium"}, 1},
		{[]string{"--fail-on", "none"}, 0},
		{[]string{"--skip", "NET001"}, 0},
		{[]string{"--skip", "W2"}, 0},         // cfn_nag alias
		{[]string{"--rule", "IAM"}, 0},        // family
		{[]string{"--rule", "nosuchrule"}, 2}, // usage error
		{[]string{"--fail-on", "severe"}, 2},  // usage error
		{[]string{"--format", "yaml"}, 2},     // usage error
		{[]string{"--conditions", "/nonexistent"}, 2},
	}
	for _, c := range cases {
		args := append(append([]string{"scan"}, c.args...), file)
		if _, stderr, code := runCLI(t, "", args...); code != c.code {
			t.Errorf("%v: exit %d, want %d (%s)", c.args, code, c.code, stderr)
		}
	}
}

func TestSeveralFormatsToFiles(t *testing.T) {
	dir := t.TempDir()
	jsonOut := filepath.Join(dir, "out.json")
	out, _, code := runCLI(t, "", "scan", "--format", "json", "--output", jsonOut, "--format", "text", filepath.Join(cliData, "open-https.yaml"))
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	data, err := os.ReadFile(jsonOut)
	if err != nil {
		t.Fatal(err)
	}
	if len(decode(t, string(data)).Findings) != 1 || !strings.Contains(out, "NET001") {
		t.Errorf("json file %s / stdout %s", data, out)
	}
}

func TestRulesAndExplain(t *testing.T) {
	out, _, code := runCLI(t, "", "rules", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var rules []struct {
		ID      string              `json:"id"`
		Engine  string              `json:"engine"`
		Aliases map[string][]string `json:"aliases"`
	}
	if err := json.Unmarshal([]byte(out), &rules); err != nil {
		t.Fatal(err)
	}
	engines := map[string]string{}
	for _, r := range rules {
		engines[r.ID] = r.Engine
	}
	for id, eng := range map[string]string{"IAM001": "go", "NET001": "go", "LOG001": "rego", "ENC001": "rego"} {
		if engines[id] != eng {
			t.Errorf("%s engine %q, want %q", id, engines[id], eng)
		}
	}
	out, _, code = runCLI(t, "", "explain", "W2")
	if code != 0 || !strings.Contains(out, "NET001") || !strings.Contains(out, "Reported (tested example)") {
		t.Errorf("explain W2: exit %d\n%s", code, out)
	}
	if _, _, code := runCLI(t, "", "explain", "NOPE999"); code != 2 {
		t.Errorf("explain unknown: exit %d", code)
	}
}

func TestVersionAndCompletion(t *testing.T) {
	out, _, code := runCLI(t, "", "version")
	if code != 0 || !strings.Contains(out, "cfnvet ") || !strings.Contains(out, "go: go1.") {
		t.Errorf("version: %s", out)
	}
	if flag, _, code := runCLI(t, "", "--version"); code != 0 || flag != out {
		t.Errorf("--version: exit %d, %q; want what version prints, %q", code, flag, out)
	}
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		if out, _, code := runCLI(t, "", "completion", sh); code != 0 || len(out) < 100 {
			t.Errorf("completion %s: exit %d, %d bytes", sh, code, len(out))
		}
	}
}

func TestUserPolicies(t *testing.T) {
	dir := "../../testdata/policies/user"
	out, _, code := runCLI(t, "", "policy", "test", dir)
	if code != 0 || !strings.Contains(out, "2 passed, 0 failed") {
		t.Errorf("policy test: exit %d\n%s", code, out)
	}
	src := "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: logs\n"
	out, _, code = runCLI(t, src, "scan", "--policy-dir", dir, "--rule", "ACME001", "-")
	if code != 1 || !strings.Contains(out, `<stdin>:5:19  LOW       ACME001  bucket name "logs" lacks the acme- prefix`) {
		t.Errorf("scan with user policy: exit %d\n%s", code, out)
	}
}

func TestDirectoryWithoutTemplatesIsAnError(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("key: value\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code := runCLI(t, "", "scan", dir)
	if code != 2 || !strings.Contains(out, dir+"  ERROR  no CloudFormation template found in this directory (1 YAML/JSON files are not templates)") {
		t.Errorf("exit %d\n%s", code, out)
	}
	// So is a glob that selects only non-templates, or nothing at all: a CI
	// gate with a wrong pattern must not pass.
	pattern := filepath.Join(dir, "**", "*.yaml")
	out, _, code = runCLI(t, "", "scan", pattern)
	if code != 2 || !strings.Contains(out, pattern+"  ERROR  no CloudFormation template matches this pattern (1 YAML/JSON files are not templates)") {
		t.Errorf("pattern of non-templates: exit %d\n%s", code, out)
	}
	pattern = filepath.Join(dir, "**", "*.json")
	out, _, code = runCLI(t, "", "scan", pattern)
	if code != 2 || !strings.Contains(out, pattern+"  ERROR  no YAML/JSON file matches this pattern") {
		t.Errorf("pattern matching nothing: exit %d\n%s", code, out)
	}
	// A non-template named explicitly (pre-commit passes every staged YAML
	// file) is skipped silently.
	out, _, code = runCLI(t, "", "scan", filepath.Join(dir, "config.yaml"))
	if code != 0 || strings.Contains(out, "ERROR") {
		t.Errorf("explicit non-template: exit %d\n%s", code, out)
	}
}

// TestUnreadableFile needs a file that cannot be read whoever runs the
// test (CI runs as root, which ignores permission bits): a path through a
// regular file cannot be opened by anyone. Mode 000 adds the permission case
// for other users.
func TestUnreadableFile(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.yaml")
	if err := os.WriteFile(plain, []byte("Resources: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ok := filepath.Join(dir, "ok.yaml")
	if err := os.WriteFile(ok, []byte("Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties: {KmsMasterKeyId: alias/x}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	through := filepath.Join(plain, "stack.yaml")
	out, _, code := runCLI(t, "", "scan", through, ok)
	if code != 2 || !strings.Contains(out, through+"  ERROR  cannot read: not a directory") || !strings.Contains(out, "1 error") {
		t.Errorf("path through a file: exit %d\n%s", code, out)
	}
	if os.Geteuid() != 0 {
		p := filepath.Join(dir, "secret.yaml")
		if err := os.WriteFile(p, []byte("Resources: {}\n"), 0o000); err != nil {
			t.Fatal(err)
		}
		out, _, code = runCLI(t, "", "scan", p)
		if code != 2 || !strings.Contains(out, "permission denied") {
			t.Errorf("mode 000: exit %d\n%s", code, out)
		}
	}
}

func TestEmptyFiles(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.yaml")
	if err := os.WriteFile(empty, []byte("\n  \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "stack.yaml"), []byte("Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties: {KmsMasterKeyId: alias/x}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code := runCLI(t, "", "scan", "--rule", "NET001", empty)
	if code != 2 || !strings.Contains(out, "empty.yaml:1:1  ERROR  empty file") {
		t.Errorf("explicit empty file: exit %d\n%s", code, out)
	}
	out, _, code = runCLI(t, "", "scan", "--rule", "NET001", "--verbose", dir)
	if code != 0 || !strings.Contains(out, "empty.yaml  skipped: empty file") {
		t.Errorf("empty file found by a walk: exit %d\n%s", code, out)
	}
	out, _, code = runCLI(t, "", "scan", "--rule", "NET001", dir)
	if code != 0 || strings.Contains(out, "empty.yaml") {
		t.Errorf("empty file found by a walk without --verbose: exit %d, want 0 and no word\n%s", code, out)
	}
	// From a git hook (pre-commit's entry passes --hook) a file alone is
	// one staged file, not a template the user insists on.
	out, _, code = runCLI(t, "", "scan", "--rule", "NET001", "--hook", "--verbose", empty)
	if code != 0 || !strings.Contains(out, "empty.yaml  skipped: empty file") {
		t.Errorf("empty file alone from a hook: exit %d\n%s", code, out)
	}
	// Only comments is as empty: an error named alone, skipped in a walk.
	comments := filepath.Join(dir, "todo.yaml")
	if err := os.WriteFile(comments, []byte("# the queue stack goes here\n---\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code = runCLI(t, "", "scan", "--rule", "NET001", comments)
	if code != 2 || !strings.Contains(out, "todo.yaml:1:1  ERROR  empty file") {
		t.Errorf("explicit comment-only file: exit %d\n%s", code, out)
	}
	out, _, code = runCLI(t, "", "scan", "--rule", "NET001", "--verbose", dir)
	if code != 0 || !strings.Contains(out, "todo.yaml  skipped: empty file") {
		t.Errorf("comment-only file found by a walk: exit %d\n%s", code, out)
	}
	if err := os.Remove(comments); err != nil {
		t.Fatal(err)
	}
	// A pre-commit hook names every staged file: an empty one among them
	// is no template, not an error.
	out, _, code = runCLI(t, "", "scan", "--rule", "NET001", "--verbose", empty, filepath.Join(dir, "stack.yaml"))
	if code != 0 || !strings.Contains(out, "empty.yaml  skipped: empty file") {
		t.Errorf("empty file among named files: exit %d\n%s", code, out)
	}
}

// A document with a template header but no Resources (org-formation's
// organization.yml) is skipped, and an error only when named alone.
func TestTemplateWithoutResources(t *testing.T) {
	dir := t.TempDir()
	// testdata/cli/organization.yml: org-formation's header, Parameters
	// and no Resources, the 3-line file that once crashed the scan.
	src, err := os.ReadFile("../../testdata/cli/organization.yml")
	if err != nil {
		t.Fatal(err)
	}
	org := filepath.Join(dir, "organization.yml")
	if err := os.WriteFile(org, src, 0o600); err != nil {
		t.Fatal(err)
	}
	stack := filepath.Join(dir, "stack.yaml")
	if err := os.WriteFile(stack, []byte("Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties: {KmsMasterKeyId: alias/x}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code := runCLI(t, "", "scan", org)
	if code != 2 || !strings.Contains(out, "organization.yml:1:1  ERROR  not a CloudFormation template: no Resources") {
		t.Errorf("named alone: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{{"scan", "--verbose", dir}, {"scan", "--verbose", org, stack}} {
		out, _, code = runCLI(t, "", args...)
		if code != 0 || !strings.Contains(out, "organization.yml  skipped: not a CloudFormation template: no Resources") ||
			!strings.Contains(out, "1 file scanned") {
			t.Errorf("%v: exit %d\n%s", args, code, out)
		}
	}
}

func TestHugeFileIsRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "huge.yaml")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: large on paper, cheap on disk.
	if err := f.Truncate(33 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, _, code := runCLI(t, "", "scan", "--no-config", p, filepath.Join(cliData, "open-https.yaml"))
	if code != 2 || !strings.Contains(out, "huge.yaml  ERROR  file is larger than 32 MiB") || !strings.Contains(out, "NET001") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

func TestAccountID(t *testing.T) {
	src := `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {AWS: "arn:aws:iam::111122223333:root"}
            Action: sts:AssumeRole
`
	_, _, code := runCLI(t, src, "scan", "--no-config", "--rule", "IAM009", "-")
	if code != 1 {
		t.Errorf("foreign account without ExternalId: exit %d, want 1", code)
	}
	if _, _, code = runCLI(t, src, "scan", "--no-config", "--rule", "IAM009", "--account-id", "111122223333", "-"); code != 0 {
		t.Errorf("own account: exit %d, want 0", code)
	}
	if _, _, code = runCLI(t, src, "scan", "--no-config", "--account-id", "12345", "-"); code != 2 {
		t.Errorf("malformed account id: exit %d, want 2", code)
	}
}
