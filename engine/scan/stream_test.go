package scan_test

import (
	"context"
	"github.com/cfnvet/cfnvet/engine/finding"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/synth"
	"github.com/cfnvet/cfnvet/rules"
)

// testRule is a Go rule on Cloud9 environments (a type the synthetic
// templates lack) that runs check on each.
func testRule(id string, check func()) *rule.Rule {
	return &rule.Rule{
		Meta: rule.Meta{ID: id, Slug: strings.ToLower(id) + "-test", Family: rule.LOG, Severity: rule.Low,
			Title: "Test rule", Description: "A rule of this test.", Remediation: "None.",
			ResourceTypes: []string{"AWS::Cloud9::EnvironmentEC2"}},
		Check: func(p *rule.Pass, r *model.Resource) { check() },
	}
}

const cloud9Template = "Resources:\n  Env:\n    Type: AWS::Cloud9::EnvironmentEC2\n"

// writeSmallTemplates writes small synthetic templates a.yaml … and the extra files.
func writeSmallTemplates(t *testing.T, n int, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		name := filepath.Join(dir, string(rune('a'+i))+".yaml")
		if err := os.WriteFile(name, synth.SmallTemplate(i), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, text := range extra {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestRunEachStreamsInOrderBeforeTheEnd: the first files are handed over
// while a later file is still being scanned (it waits until they are), in
// input order, and what is handed over is exactly the Result's files.
func TestRunEachStreamsInOrderBeforeTheEnd(t *testing.T) {
	dir := writeSmallTemplates(t, 3, map[string]string{"z.yaml": cloud9Template})
	release := make(chan struct{})
	var released sync.Once
	var waited atomic.Bool
	hold := testRule("TST901", func() {
		select {
		case <-release:
		case <-time.After(time.Minute):
			waited.Store(true) // nothing came out before the end
		}
	})
	eng, err := scan.New(context.Background(), scan.Config{GoRules: append(rules.Go(), hold), Policies: rules.Policies(), Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	var got []finding.FileResult
	res := eng.RunEach(context.Background(), scan.Discover([]string{dir}, nil), nil, func(f finding.FileResult) finding.FileResult {
		got = append(got, f)
		if len(got) == 3 {
			released.Do(func() { close(release) })
		}
		return f
	})
	if waited.Load() {
		t.Error("no result was handed over while z.yaml was being scanned")
	}
	if len(res.Files) != 4 || !reflect.DeepEqual(got, res.Files) {
		t.Fatalf("handed over %d results, the Result has %d, or they differ", len(got), len(res.Files))
	}
	for i, want := range []string{"a.yaml", "b.yaml", "c.yaml", "z.yaml"} {
		if filepath.Base(got[i].File) != want || got[i].Err != nil {
			t.Errorf("result %d: %s (error %v), want %s", i, got[i].File, got[i].Err, want)
		}
	}
}

// TestRunEachWithNestedStacksHandsOverTheFinalResults: a parent changes
// its children's results, so nothing is handed over early, and what is
// handed over is still the Result's files, in order.
func TestRunEachWithNestedStacksHandsOverTheFinalResults(t *testing.T) {
	eng := newEngine(t)
	inputs := scan.Discover([]string{"../../testdata/nested"}, nil)
	var got []finding.FileResult
	res := eng.RunEach(context.Background(), inputs, nil, func(f finding.FileResult) finding.FileResult {
		got = append(got, f)
		return f
	})
	if len(res.Files) < 3 || !reflect.DeepEqual(got, res.Files) {
		t.Fatalf("handed over %d results, the Result has %d, or they differ", len(got), len(res.Files))
	}
	if plain := eng.Run(context.Background(), inputs, nil); !reflect.DeepEqual(plain.Files, res.Files) {
		t.Error("RunEach and Run disagree")
	}
}

// TestFileBudgetEndsARunawayFile: a file whose scan does not end is
// reported, once its CPU budget is spent, as an error naming it; the other
// files are scanned and reported as usual, also by the one worker that met
// the runaway file first (its runner is left to the runaway).
func TestFileBudgetEndsARunawayFile(t *testing.T) {
	dir := writeSmallTemplates(t, 2, map[string]string{"0-spin.yaml": cloud9Template})
	var stop atomic.Bool
	t.Cleanup(func() { stop.Store(true) }) // lets the abandoned scan end
	spin := testRule("TST902", func() {
		for !stop.Load() {
		}
	})
	cfg := scan.Config{GoRules: append(rules.Go(), spin), Policies: rules.Policies(), Jobs: 1,
		FileBudget: scan.FileBudget{Base: 500 * time.Millisecond, PerKiB: time.Millisecond}}
	eng, err := scan.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := scan.New(context.Background(), scan.Config{GoRules: rules.Go(), Policies: rules.Policies()})
	if err != nil {
		t.Fatal(err)
	}
	want := plain.Run(context.Background(), scan.Discover([]string{dir}, nil), nil)
	res := eng.Run(context.Background(), scan.Discover([]string{dir}, nil), nil)
	if len(res.Files) != 3 {
		t.Fatalf("%d results, want 3", len(res.Files))
	}
	for i, f := range res.Files {
		if filepath.Base(f.File) == "0-spin.yaml" {
			if f.Err == nil || !strings.Contains(f.Err.Msg, "CPU budget") || f.Err.File != f.File {
				t.Errorf("0-spin.yaml: error %v, want one about its CPU budget", f.Err)
			}
			continue
		}
		if f.Err != nil || len(f.Findings) == 0 || !reflect.DeepEqual(f.Findings, want.Files[i].Findings) {
			t.Errorf("%s: error %v, %d findings; want the %d findings of a scan without the runaway rule",
				f.File, f.Err, len(f.Findings), len(want.Files[i].Findings))
		}
	}
}
