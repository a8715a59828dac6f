package policy

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestResult is the outcome of one Rego test rule (test_… in a _test.rego).
type TestResult struct {
	Name     string // package.rule
	Location string // file:line
	// Source is the Name of the Source the test's file came from.
	Source string
	Pass   bool
	Err    error
}

// Test runs the Rego unit tests of the sources with the same sandboxed
// capabilities as scanning, so a test cannot pass by using a builtin that
// policies cannot.
func Test(ctx context.Context, sources ...Source) ([]TestResult, error) {
	caps := Capabilities()
	modules := map[string]*ast.Module{}
	// sourceOf maps a module's file name to the Source it came from, so
	// results can be told apart by source, not by a name prefix.
	sourceOf := map[string]string{}
	for _, src := range sources {
		err := fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
				return err
			}
			data, err := readPolicyFile(src, p, d)
			if err != nil {
				return err
			}
			name := path.Join(src.Name, p)
			mod, err := parseModule(name, data, caps)
			if err != nil {
				return err
			}
			if src.User {
				if err := checkUserPackage(name, mod); err != nil {
					return err
				}
			}
			if _, dup := modules[name]; dup {
				return fmt.Errorf("policy %s loaded twice (from %s and %s)", name, sourceOf[name], src.Name)
			}
			modules[name] = mod
			sourceOf[name] = src.Name
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	runner := tester.NewRunner().
		SetCompiler(ast.NewCompiler().WithCapabilities(caps)).
		AddCustomBuiltins(testerBuiltins()).
		SetDefaultRegoVersion(ast.RegoV1).
		RaiseBuiltinErrors(true).
		SetTimeout(10 * time.Second)
	ch, err := runner.SetModules(modules).RunTests(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("compile policy tests: %w", err)
	}
	var out []TestResult
	for r := range ch {
		loc, src := "", ""
		if r.Location != nil {
			loc = fmt.Sprintf("%s:%d", r.Location.File, r.Location.Row)
			src = sourceOf[r.Location.File]
		}
		out = append(out, TestResult{Name: strings.TrimPrefix(r.Package, "data.") + "." + r.Name, Location: loc,
			Source: src, Pass: r.Pass(), Err: r.Error})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Location < out[j].Location })
	return out, nil
}
