package cfnvet_test

import (
	"context"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/engine/ruletest"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/testengine"
	"github.com/cfnvet/cfnvet/policies"
)

// TestWritingRulesGuide walks through docs/writing-rules.md: it adds the
// guide's Rego example as a rule in a new family directory with the
// fixtures the guide asks for, and checks that the engine loads it, that
// scans evaluate it and that the fixture harness tests it. It also holds
// the guide to the embed pattern the binary really uses.
func TestWritingRulesGuide(t *testing.T) {
	guide := readFile(t, "docs/writing-rules.md")
	for _, step := range []string{"`policies/<family>/<id>.rego`", "testdata/rules/<ID>/", "`rule.Families`"} {
		if !strings.Contains(guide, step) {
			t.Errorf("the guide no longer mentions %s", step)
		}
	}

	// The embed requirement: the guide quotes the pattern of policies/embed.go,
	// and that pattern picks up a file in a new family directory.
	directive := regexp.MustCompile(`(?m)^//go:embed (\S+)$`).FindStringSubmatch(readFile(t, "policies/embed.go"))
	if directive == nil {
		t.Fatal("policies/embed.go has no //go:embed line")
	}
	if !strings.Contains(guide, "//go:embed "+directive[1]) {
		t.Errorf("the guide does not state the embed pattern %q of policies/embed.go", directive[1])
	}
	if ok, _ := path.Match(directive[1], "xyz/xyz001.rego"); !ok {
		t.Errorf("embed pattern %q misses a policy in a new family directory", directive[1])
	}

	// The guide's example, turned into a new rule in policies/xyz/.
	example := regexp.MustCompile("(?s)```rego\n(.*?)```").FindStringSubmatch(guide)
	if example == nil {
		t.Fatal("the guide has no ```rego example")
	}
	regoText := example[1]
	for old, repl := range map[string]string{
		"id: LOG001":                       "id: XYZ001",
		"slug: s3-access-logging-disabled": "slug: xyz-bucket-logging",
		"package cfnvet.rules.log001":      "package cfnvet.rules.xyz001",
	} {
		if strings.Count(regoText, old) != 1 {
			t.Fatalf("the guide's Rego example changed: %q is not in it once; update this walkthrough", old)
		}
		regoText = strings.ReplaceAll(regoText, old, repl)
	}
	root := t.TempDir()
	policyDir := filepath.Join(root, "policies")
	copyLibrary(t, policyDir)
	writeFile(t, filepath.Join(policyDir, "xyz", "xyz001.rego"), regoText)

	fixtures := filepath.Join(root, "testdata", "rules", "XYZ001")
	writeFile(t, filepath.Join(fixtures, "bad_no_logging.yaml"), `Resources:
  Logs:
    Type: AWS::S3::Bucket # want XYZ001 "bucket Logs has no"
`)
	writeFile(t, filepath.Join(fixtures, "good_logging.yaml"), `Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      LoggingConfiguration: # ok XYZ001
        DestinationBucketName: audit
`)
	writeFile(t, filepath.Join(fixtures, "unresolvable.yaml"), `Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      LoggingConfiguration: !ImportValue shared-logging # ok XYZ001
`)

	// Loaded: the new directory's policy is a rule with the guide's metadata.
	src := policy.Source{FS: os.DirFS(policyDir), Name: "policies"}
	eng := testengine.New(t, scan.Config{Policies: []policy.Source{src}})
	meta := eng.Registry.ByID("XYZ001")
	if meta == nil {
		t.Fatal("XYZ001 was not loaded from policies/xyz/xyz001.rego")
	}
	if !strings.HasPrefix(meta.Source, "policies/xyz/xyz001.rego:") || meta.Engine != "rego" {
		t.Errorf("XYZ001 comes from %s (%s), want policies/xyz/xyz001.rego (rego)", meta.Source, meta.Engine)
	}
	for _, p := range ruletest.MissingFixtures(fixtures, "XYZ001") {
		t.Error(p)
	}

	// Evaluated and tested: the harness finds the three fixtures and each
	// holds; a bad fixture without its annotation fails the harness.
	files, err := ruletest.Fixtures(filepath.Join(root, "testdata", "rules"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("the harness found %d fixtures, want 3: %v", len(files), files)
	}
	for _, p := range files {
		f, err := ruletest.LoadFixture(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, problem := range ruletest.Check(context.Background(), eng, f) {
			t.Error(problem)
		}
	}
	unannotated := &ruletest.Fixture{Name: "bad_unannotated.yaml", Settings: ruletest.Settings{AssumeAWSDefaults: true},
		Source: []byte("Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n  Other:\n    Type: AWS::S3::Bucket # ok XYZ001\n")}
	if unannotated.Expect, err = ruletest.ParseYAML(unannotated.Name, string(unannotated.Source)); err != nil {
		t.Fatal(err)
	}
	problems := strings.Join(ruletest.Check(context.Background(), eng, unannotated), "\n")
	if !strings.Contains(problems, "bad_unannotated.yaml:3: unexpected XYZ001") ||
		!strings.Contains(problems, "bad_unannotated.yaml:5: XYZ001 fired on an `ok` line") {
		t.Errorf("the harness did not report the new rule's unannotated findings; got:\n%s", problems)
	}
}

// copyLibrary copies the shared library (policies/lib, without its unit
// tests) under dir/lib, as a rule policy imports it.
func copyLibrary(t *testing.T, dir string) {
	t.Helper()
	lib := policies.LibSource()
	err := fs.WalkDir(lib.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "_test.rego") {
			return err
		}
		data, err := fs.ReadFile(lib.FS, p)
		if err != nil {
			return err
		}
		writeFile(t, filepath.Join(dir, "lib", p), string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
