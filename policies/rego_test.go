package policies_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/policies"
)

// TestRegoLibrary runs the *_test.rego unit tests of the shared Rego
// library (and any policy tests) under the scan's sandboxed capabilities.
func TestRegoLibrary(t *testing.T) {
	mods, err := loadAllModules()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ch, err := tester.NewRunner().
		SetCompiler(ast.NewCompiler().WithCapabilities(policy.Capabilities())).
		SetModules(mods).
		RunTests(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r := range ch {
		n++
		if r.Error != nil {
			t.Errorf("%s.%s: error: %v", r.Package, r.Name, r.Error)
		} else if r.Fail {
			t.Errorf("%s.%s: failed", r.Package, r.Name)
		}
	}
	if n == 0 {
		t.Fatal("no Rego tests found")
	}
}

// loadAllModules parses every embedded .rego file, tests included.
func loadAllModules() (map[string]*ast.Module, error) {
	src := policies.Source()
	mods := map[string]*ast.Module{}
	err := fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return err
		}
		data, err := fs.ReadFile(src.FS, p)
		if err != nil {
			return err
		}
		m, err := ast.ParseModuleWithOpts(p, string(data), ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true})
		if err != nil {
			return err
		}
		mods[p] = m
		return nil
	})
	return mods, err
}
