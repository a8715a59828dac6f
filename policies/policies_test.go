package policies_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"testing"

	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/template"
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
	// The index describes every embedded module, so their batch skips the
	// stages that only check (BuildIndex ran them).
	if st := set.Stats(); st.IndexedBatches != st.Batches {
		t.Errorf("%d of %d batches skipped the check-only stages, want all", st.IndexedBatches, st.Batches)
	}
}

// TestLargeBatchParsesInParallel: every policy at once is parsed on every
// processor; with one or two, the same modules are parsed, recorded in
// the same order, and report the same findings.
func TestLargeBatchParsesInParallel(t *testing.T) {
	tpl, err := template.Parse("t.yaml", []byte("Resources:\n  B:\n    Type: AWS::S3::Bucket\n  Q:\n    Type: AWS::SQS::Queue\n  L:\n    Type: AWS::Logs::LogGroup\n"))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := resolve.Resolve(tpl, resolve.Inputs{})
	var parsed, reports [2][]string
	for i, procs := range []int{1, 2} {
		prev := runtime.GOMAXPROCS(procs)
		set, err := policy.Load(context.Background(), policies.Source())
		if err == nil {
			err = set.CompileAll(context.Background())
		}
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		parsed[i] = set.Stats().Parsed
		reps, err := set.Eval(context.Background(), policy.NewInputCache().View(views[0], rule.Options{}))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range reps {
			reports[i] = append(reports[i], r.RuleID+" "+r.Resource+" "+r.Message)
		}
		sort.Strings(reports[i])
	}
	if len(parsed[0]) < 60 || !slices.Equal(parsed[0], parsed[1]) {
		t.Errorf("parsed %q with one processor, %q with two", parsed[0], parsed[1])
	}
	if len(reports[0]) == 0 || !slices.Equal(reports[0], reports[1]) {
		t.Errorf("reports %q with one processor, %q with two", reports[0], reports[1])
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
