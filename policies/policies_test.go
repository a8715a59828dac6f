package policies_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/policies"
)

// TestRegoUnitTests runs every embedded *_test.rego with the sandboxed
// capabilities.
func TestRegoUnitTests(t *testing.T) {
	results, err := policy.Test(context.Background(), policies.Source())
	if err != nil {
		t.Fatal(err)
	}
	if len(results) == 0 {
		t.Fatal("no Rego tests found")
	}
	t.Logf("%d Rego tests", len(results))
	for _, r := range results {
		if !r.Pass {
			t.Errorf("%s %s failed (%v)", r.Location, r.Name, r.Err)
		}
	}
}

func TestEmbeddedPoliciesCompile(t *testing.T) {
	set, err := policy.Load(context.Background(), policies.Source())
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Rules) == 0 {
		t.Fatal("no embedded rule policies")
	}
	// Scans compile policies as templates need them; compile them all.
	if err := set.CompileAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := set.Stats(); len(st.Compiled) != len(set.Rules) || st.Batches != 1 {
		t.Errorf("compiled %d of %d rule policies in %d batches", len(st.Compiled), len(set.Rules), st.Batches)
	}
}

// TestEveryPolicyFileIsEmbedded compares the .rego files on disk with the
// embedded ones: a policy in a directory the embed pattern misses would
// otherwise never run, and nothing else would notice.
func TestEveryPolicyFileIsEmbedded(t *testing.T) {
	embedded := map[string]bool{}
	src := policies.Source()
	if err := fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			embedded[p] = true
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	onDisk := 0
	if err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".rego" {
			return err
		}
		onDisk++
		if !embedded[filepath.ToSlash(p)] {
			t.Errorf("%s is not embedded (see the go:embed pattern in embed.go)", p)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if onDisk < 60 || onDisk != len(embedded) {
		t.Errorf("%d .rego files on disk, %d embedded", onDisk, len(embedded))
	}
}
