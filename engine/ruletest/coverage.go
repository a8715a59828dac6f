package ruletest

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/cover"

	"github.com/cfnvet/cfnvet/engine/policy"
)

// Coverage records which lines of the Rego policies the scans run under its
// context reach (OPA's coverage tracer). It is safe for concurrent scans.
type Coverage struct {
	cov *cover.Cover
}

// NewCoverage returns an empty coverage record.
func NewCoverage() *Coverage { return &Coverage{cov: cover.New()} }

// Context returns ctx with tracing into c: pass it to the scans to measure.
func (c *Coverage) Context(ctx context.Context) context.Context {
	return policy.WithTracer(ctx, c.cov)
}

// FileCoverage is the coverage of one policy file.
type FileCoverage struct {
	File       string // as the engine names it: policies/enc/enc001.rego
	Covered    int    // lines reached
	NotCovered []int  // lines never reached, ascending
}

// Report returns the coverage of every policy file of src (test files
// excluded), sorted by file. The files are parsed with the names the engine
// gives them, so the lines match the ones the tracer recorded.
func (c *Coverage) Report(src policy.Source) ([]FileCoverage, error) {
	modules := map[string]*ast.Module{}
	err := fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
			return nil
		}
		data, err := fs.ReadFile(src.FS, p)
		if err != nil {
			return err
		}
		name := path.Join(src.Name, p)
		mod, err := ast.ParseModuleWithOpts(name, string(data), ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			return fmt.Errorf("parse %s for coverage: %w", name, err)
		}
		modules[name] = mod
		return nil
	})
	if err != nil {
		return nil, err
	}
	rep := c.cov.Report(modules)
	out := make([]FileCoverage, 0, len(modules))
	for name := range modules {
		fc := FileCoverage{File: name}
		if fr := rep.Files[name]; fr != nil {
			fc.Covered = fr.CoveredLines
			for _, r := range fr.NotCovered {
				for line := r.Start.Row; line <= r.End.Row; line++ {
					fc.NotCovered = append(fc.NotCovered, line)
				}
			}
		}
		sort.Ints(fc.NotCovered)
		fc.NotCovered = slices.Compact(fc.NotCovered)
		out = append(out, fc)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out, nil
}
