package discover

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// writeTree creates files under dir; a name ending in "/" is a directory.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

const stackJSON = `{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}`

// cdkInitGitignore is what `cdk init app --language typescript` writes.
const cdkInitGitignore = "*.js\n!jest.config.js\n*.d.ts\nnode_modules\n\n# CDK asset staging directory\n.cdk.staging\ncdk.out\n"

const cdkManifest = `{"version": "48.0.0", "artifacts": {
  "App.assets": {"type": "cdk:asset-manifest", "properties": {"file": "App.assets.json"}},
  "App": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "App.template.json"}},
  "assembly-Prod": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "assembly-Prod", "displayName": "Prod"}},
  "Tree": {"type": "cdk:tree", "properties": {"file": "tree.json"}}}}`

const stageManifest = `{"version": "48.0.0", "artifacts": {
  "ProdApi": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "ProdApi.template.json"}}}}`

// cdkApp lays out a freshly initialised and synthesised CDK app.
func cdkApp(t *testing.T) string {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		".gitignore":                                  cdkInitGitignore,
		"cdk.json":                                    `{"app": "npx ts-node --prefer-ts-exts bin/app.ts"}`,
		"bin/app.ts":                                  "new App();\n",
		"bin/app.js":                                  "compiled\n",
		"node_modules/x/template.yaml":                "Resources: {}\n",
		".cdk.staging/asset.1/template.json":          stackJSON,
		"cdk.out/manifest.json":                       cdkManifest,
		"cdk.out/cdk.out":                             `{"version":"48.0.0"}`,
		"cdk.out/tree.json":                           `{"version": "tree-0.1"}`,
		"cdk.out/App.template.json":                   stackJSON,
		"cdk.out/App.assets.json":                     `{"version": "48.0.0", "files": {}}`,
		"cdk.out/App1234.nested.template.json":        stackJSON,
		"cdk.out/asset.abc123/template.json":          stackJSON,
		"cdk.out/asset.abc123/handler.js":             "exports.handler = 1\n",
		"cdk.out/assembly-Prod/manifest.json":         stageManifest,
		"cdk.out/assembly-Prod/ProdApi.template.json": stackJSON,
		"cdk.out/assembly-Prod/asset.def/x.json":      stackJSON,
	})
	return dir
}

func relPaths(t *testing.T, dir string, ins []Input) []string {
	t.Helper()
	var out []string
	for _, in := range ins {
		if in.IsDirectoryTarget() {
			continue
		}
		rel, err := filepath.Rel(dir, in.Path)
		if err != nil {
			t.Fatal(err)
		}
		s := filepath.ToSlash(rel)
		if in.Err != "" {
			s += " ERROR"
		}
		out = append(out, s)
	}
	return out
}

// A directory scan of a CDK app finds its git-ignored cdk.out through the
// manifest: every stack, stages included; never asset.* folders, the
// staging area or node_modules. Nested stacks are left to their parents.
func TestDiscoverCDKApp(t *testing.T) {
	dir := cdkApp(t)
	ins := Discover([]string{dir}, nil)
	want := []string{"cdk.out/App.template.json", "cdk.out/assembly-Prod/ProdApi.template.json"}
	if got := relPaths(t, dir, ins); !reflect.DeepEqual(got, want) {
		t.Fatalf("discovered %v, want %v", got, want)
	}
	if ins[1].Role != (Role{Framework: CDK, Stack: "App"}) || ins[2].Role != (Role{Framework: CDK, Stack: "ProdApi", Stage: "Prod"}) {
		t.Errorf("roles %+v, %+v", ins[1].Role, ins[2].Role)
	}
	if !strings.Contains(ins[1].Note, "cdk.out is git-ignored") {
		t.Errorf("no note on the git-ignored cdk.out: %q", ins[1].Note)
	}
	// The same through cdk.json, the manifest and the cdk.out folder.
	for _, target := range []string{"cdk.json", "cdk.out/manifest.json", "cdk.out"} {
		if got := relPaths(t, dir, Discover([]string{filepath.Join(dir, target)}, nil)); !reflect.DeepEqual(got, want) {
			t.Errorf("scan %s: discovered %v, want %v", target, got, want)
		}
	}
	// A stack template named alone still knows its stack.
	if in := Discover([]string{filepath.Join(dir, "cdk.out/App.template.json")}, nil); len(in) != 1 || in[0].Role != (Role{Framework: CDK, Stack: "App"}) {
		t.Errorf("scan cdk.out/App.template.json: %+v", in)
	}
	// --exclude still wins over framework detection, and is no error.
	if got := relPaths(t, dir, Discover([]string{dir}, []string{"cdk.out"})); len(got) != 0 {
		t.Errorf("--exclude cdk.out: discovered %v", got)
	}
}

// cdk.json may name another output folder, inside a git-ignored one.
func TestDiscoverCDKOutputSetting(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		".gitignore":                       "build/\n",
		"cdk.json":                         `{"app": "node app.js", "output": "build/assembly"}`,
		"build/assembly/manifest.json":     cdkManifest,
		"build/assembly/App.template.json": stackJSON,
	})
	if got := relPaths(t, dir, Discover([]string{dir}, nil)); !reflect.DeepEqual(got, []string{"build/assembly/App.template.json"}) {
		t.Errorf("discovered %v", got)
	}
}

// An app that was never synthesised is an error naming the command to run,
// whether the directory or cdk.json is scanned.
func TestDiscoverUnsynthesisedApps(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		".gitignore":         cdkInitGitignore,
		"cdk.json":           `{"app": "npx ts-node bin/app.ts"}`,
		"svc/serverless.yml": "service: svc\n",
		"svc/.gitignore":     "node_modules\n.serverless\n",
		"svc/handler.js":     "",
	})
	ins := Discover([]string{dir}, nil)
	if got := relPaths(t, dir, ins); !reflect.DeepEqual(got, []string{"cdk.json ERROR", "svc/serverless.yml ERROR"}) {
		t.Fatalf("discovered %v", got)
	}
	if !strings.Contains(ins[1].Err, "run `npx cdk synth` first") || !strings.Contains(ins[2].Err, "run `npx serverless package` first") {
		t.Errorf("errors %q, %q", ins[1].Err, ins[2].Err)
	}
	for _, target := range []string{"cdk.json", "svc/serverless.yml"} {
		got := Discover([]string{filepath.Join(dir, target)}, nil)
		if len(got) != 1 || got[0].Err == "" || !got[0].Explicit {
			t.Errorf("scan %s: %+v", target, got)
		}
	}
}

// A Serverless service whose .serverless is git-ignored, as the framework's
// templates have it; and one packaged with --package into another folder.
func TestDiscoverServerless(t *testing.T) {
	dir := t.TempDir()
	state := `{"service": {"service": "%s", "serviceFilename": "serverless.yml"}, "package": {}}`
	writeTree(t, dir, map[string]string{
		"api/.gitignore":     "node_modules\n.serverless\n",
		"api/serverless.yml": "service: api\n",
		"api/.serverless/cloudformation-template-create-stack.json": stackJSON,
		"api/.serverless/cloudformation-template-update-stack.json": stackJSON,
		"api/.serverless/serverless-state.json":                     strings.Replace(state, "%s", "api", 1),
		"api/.serverless/api.zip":                                   "zip",
		"worker/.gitignore":                                         "dist\n",
		"worker/serverless.yml":                                     "service: worker\n",
		"worker/dist/cloudformation-template-update-stack.json":     stackJSON,
		"worker/dist/serverless-state.json":                         strings.Replace(state, "%s", "worker", 1),
	})
	want := []string{
		"api/.serverless/cloudformation-template-create-stack.json",
		"api/.serverless/cloudformation-template-update-stack.json",
		"worker/dist/cloudformation-template-update-stack.json",
	}
	ins := Discover([]string{dir}, nil)
	if got := relPaths(t, dir, ins); !reflect.DeepEqual(got, want) {
		t.Fatalf("discovered %v, want %v", got, want)
	}
	if ins[3].Role != (Role{Framework: Serverless, Stack: "worker"}) {
		t.Errorf("role %+v", ins[3].Role)
	}
	if got := relPaths(t, dir, Discover([]string{filepath.Join(dir, "api/serverless.yml")}, nil)); !reflect.DeepEqual(got, want[:2]) {
		t.Errorf("scan serverless.yml: %v", got)
	}
}

// Glob targets match "**" at any depth and {a,b} alternatives.
func TestDiscoverDoublestarGlob(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"stacks/a.yaml":    stackJSON,
		"stacks/x/y/b.yml": stackJSON,
		"stacks/x/c.json":  stackJSON,
		"other/d.yaml":     stackJSON,
	})
	got := relPaths(t, dir, Discover([]string{filepath.Join(dir, "stacks/**/*.{yaml,yml}")}, nil))
	if want := []string{"stacks/a.yaml", "stacks/x/y/b.yml"}; !reflect.DeepEqual(got, want) {
		t.Errorf("discovered %v, want %v", got, want)
	}
}

// TestFrameworkMarkersAreListed: a directory holding any file that
// buildOutput or walker.project looks for, in any case, is examined; one
// holding none of them is not.
func TestFrameworkMarkersAreListed(t *testing.T) {
	names := append([]string{"manifest.json", "cdk.json", "CDK.JSON", "cloudformation-template-update-stack.json",
		"cloudformation-template-create-stack.json"}, serverlessServiceNames...)
	for _, name := range names {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, name), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
		if !mayHoldFrameworkFiles(dir) {
			t.Errorf("a directory holding %s is not examined", name)
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "template.yaml"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if mayHoldFrameworkFiles(dir) {
		t.Error("a directory holding only template.yaml is examined")
	}
	if !mayHoldFrameworkFiles(filepath.Join(dir, "missing")) {
		t.Error("a directory that cannot be listed must be examined the old way")
	}
}

// TestUnbuiltProjectsLookAtTheirOwnFiles: in a repository of many CDK apps
// and Serverless services that were never synthesised, each is checked
// against the files under it only (a pairwise search looked at every file
// for every project), and the verdicts stay: an app with a template
// committed beside it is not reported, the others are.
func TestUnbuiltProjectsLookAtTheirOwnFiles(t *testing.T) {
	const projects, filesEach = 60, 5
	dir := t.TempDir()
	files := map[string]string{}
	for i := range projects {
		app := fmt.Sprintf("apps/app%02d/", i)
		if i%2 == 0 {
			files[app+"cdk.json"] = `{"app": "npx ts-node bin/app.ts"}`
		} else {
			files[app+"serverless.yml"] = "service: svc\nprovider: {name: aws}\n"
		}
		for j := range filesEach {
			files[fmt.Sprintf("%sconfig/c%d.yaml", app, j)] = "key: value\n"
		}
		if i%10 == 0 {
			files[app+"template.yaml"] = "Resources:\n  Q: {Type: AWS::SQS::Queue}\n"
		}
	}
	writeTree(t, dir, files)
	w := &walker{root: dir, ignore: newIgnorer(dir), entered: map[string]bool{}, abs: AbsFunc()}
	if err := filepath.WalkDir(dir, w.visit); err != nil {
		t.Fatal(err)
	}
	w.finish()
	var reported []string
	for _, in := range w.out {
		if in.Err != "" {
			reported = append(reported, filepath.Base(filepath.Dir(in.Path)))
		}
	}
	if want := projects - projects/10; len(reported) != want {
		t.Errorf("%d unbuilt projects reported, want %d (the %d with a committed template are not): %v",
			len(reported), want, projects/10, reported)
	}
	if most := projects * (filesEach + 1); w.checked > most {
		t.Errorf("finish looked at %d files for %d projects of at most %d files each; want at most %d",
			w.checked, projects, filesEach+1, most)
	}
}
