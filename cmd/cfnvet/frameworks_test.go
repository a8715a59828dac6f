package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// initProject copies a framework project fixture into a fresh directory,
// makes it a git repository as `cdk init` does (its .gitignore lists the
// build output), and makes it the working directory.
func initProject(t *testing.T, fixture string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "testdata", "frameworks", fixture))); err != nil {
		t.Fatal(err)
	}
	if git, err := exec.LookPath("git"); err == nil {
		cmd := exec.Command(git, "init", "-q", dir)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git init: %v %s", err, out)
		}
	}
	t.Chdir(dir)
	return dir
}

type frameworkReport struct {
	Files []struct {
		File           string `json:"file"`
		Stack          string `json:"stack"`
		Stage          string `json:"stage"`
		Parent         string `json:"parent"`
		ParentResource string `json:"parent_resource"`
	} `json:"files"`
	Findings []struct {
		RuleID     string `json:"rule_id"`
		File       string `json:"file"`
		Line       int    `json:"line"`
		Provenance []struct {
			Kind  string `json:"kind"`
			Name  string `json:"name"`
			Stack string `json:"stack"`
		} `json:"provenance"`
		Source struct {
			ServerlessFunction *string `json:"serverless_function"`
		} `json:"source"`
	} `json:"findings"`
	Summary struct {
		Files int `json:"files"`
		Found *struct {
			CDKStacks          int `json:"cdk_stacks"`
			CDKStages          int `json:"cdk_stages"`
			CDKNested          int `json:"cdk_nested_stacks"`
			ServerlessServices int `json:"serverless_services"`
		} `json:"found"`
	} `json:"summary"`
}

// `cfnvet scan .` in a CDK app whose .gitignore lists cdk.out scans the
// synthesised stacks (a stage's too) and the nested stack with the
// parameters its parent passes; the asset folder's template is no stack.
func TestScanCDKProject(t *testing.T) {
	initProject(t, "cdk-app")
	out, stderr, code := runCLI(t, "", "scan", "--no-config", "--format", "json", ".")
	if code != 1 {
		t.Fatalf("exit %d, want 1; %s", code, stderr)
	}
	var r frameworkReport
	decodeInto(t, out, &r)
	var files []string
	for _, f := range r.Files {
		files = append(files, f.File)
	}
	want := []string{"cdk.out/AppStack.template.json", "cdk.out/AppStackNetwork1A2B3C4D.nested.template.json",
		"cdk.out/assembly-Prod/ProdApiStack8E2E3B42.template.json"}
	if strings.Join(files, " ") != strings.Join(want, " ") {
		t.Fatalf("files %v, want %v", files, want)
	}
	if f := r.Files[1]; f.Parent != "cdk.out/AppStack.template.json" || f.ParentResource != "NetworkNestedStackNetworkNestedStackResource7D1B9A1E" {
		t.Errorf("nested stack file entry %+v", f)
	}
	if r.Files[2].Stage != "Prod" {
		t.Errorf("stage stack entry %+v", r.Files[2])
	}
	if fd := r.Summary.Found; fd == nil || fd.CDKStacks != 2 || fd.CDKNested != 1 || fd.CDKStages != 1 {
		t.Errorf("summary.found %+v", fd)
	}
	rdp := false
	for _, f := range r.Findings {
		if strings.Contains(f.File, "asset.") {
			t.Errorf("finding in an asset folder: %+v", f)
		}
		if f.RuleID == "NET002" && strings.HasSuffix(f.File, ".nested.template.json") && f.Line == 18 &&
			len(f.Provenance) > 0 && f.Provenance[0].Kind == "parent_stack" && f.Provenance[0].Name == "referencetoAppStackAdminCidrRef" {
			rdp = true
		}
	}
	if !rdp {
		t.Errorf("the nested stack's RDP group opened by the parent's AdminCidr is not reported:\n%s", out)
	}
	text, _, _ := runCLI(t, "", "scan", "--no-config", "--verbose", ".")
	for _, s := range []string{"3 files scanned (2 CDK stacks, 1 nested, 1 stage), ", "note:  cdk.out is git-ignored; scanned because it is a CDK cloud assembly"} {
		if !strings.Contains(text, s) {
			t.Errorf("text output lacks %q:\n%s", s, text)
		}
	}
}

// Before `cdk synth` or `serverless package`, scanning the project says so
// on one line, names the command, and exits 2.
func TestScanUnsynthesisedProjects(t *testing.T) {
	for _, c := range []struct{ fixture, output, target, command string }{
		{"cdk-app", "cdk.out", ".", "npx cdk synth"},
		{"cdk-app", "cdk.out", "cdk.json", "npx cdk synth"},
		{"sls-app", ".serverless", ".", "npx serverless package"},
		{"sls-app", ".serverless", "serverless.yml", "npx serverless package"},
	} {
		t.Run(c.fixture+"/"+c.target, func(t *testing.T) {
			dir := initProject(t, c.fixture)
			if err := os.RemoveAll(filepath.Join(dir, c.output)); err != nil {
				t.Fatal(err)
			}
			out, _, code := runCLI(t, "", "scan", "--no-config", c.target)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if !strings.Contains(lines[0], "ERROR") || !strings.Contains(lines[0], "`"+c.command+"`") || strings.Count(out, "ERROR") != 1 {
				t.Errorf("want one error line naming %q, got:\n%s", c.command, out)
			}
		})
	}
}

// `cfnvet scan .` in a Serverless service with the framework's .gitignore
// scans .serverless, and names functions as serverless.yml spells them.
func TestScanServerlessProject(t *testing.T) {
	initProject(t, "sls-app")
	// Every rule, so that the functions' own resources (log groups) have
	// findings to name them.
	out, stderr, code := runCLI(t, "", "scan", "--no-config", "--profile", "strict", "--format", "json", ".")
	if code != 1 {
		t.Fatalf("exit %d, want 1; %s", code, stderr)
	}
	var r frameworkReport
	decodeInto(t, out, &r)
	if len(r.Files) != 2 || r.Files[1].File != ".serverless/cloudformation-template-update-stack.json" || r.Files[1].Stack != "orders-api" {
		t.Fatalf("files %+v", r.Files)
	}
	if fd := r.Summary.Found; fd == nil || fd.ServerlessServices != 1 {
		t.Errorf("summary.found %+v", fd)
	}
	named := map[string]bool{}
	for _, f := range r.Findings {
		if fn := f.Source.ServerlessFunction; fn != nil {
			named[*fn] = true
		}
	}
	for _, fn := range []string{"hello-world", "process_queue", "ImportData"} {
		if !named[fn] {
			t.Errorf("no finding names function %q (named: %v)", fn, named)
		}
	}
	text, _, _ := runCLI(t, "", "scan", "--no-config", "serverless.yml")
	if !strings.Contains(text, "2 files scanned (1 Serverless service), ") {
		t.Errorf("text summary:\n%s", text)
	}
}

func decodeInto(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("invalid JSON output: %v\n%s", err, s)
	}
}
