package synth_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/synth"
	"github.com/cfnvet/cfnvet/rules"
)

func newEngine(t *testing.T) *scan.Engine {
	t.Helper()
	eng, err := scan.New(context.Background(), scan.Config{GoRules: rules.Go(), Policies: rules.Policies()})
	if err != nil {
		t.Fatal(err)
	}
	return eng
}

// TestTemplateShape checks that Template gives exactly the resources asked
// for, the same bytes every time, and a template the engine scans without
// error or warning (every reference resolves) and with findings.
func TestTemplateShape(t *testing.T) {
	eng := newEngine(t)
	for _, n := range []int{1, 7, synth.UnitSize, 95} {
		data := synth.Template(n)
		if !bytes.Equal(data, synth.Template(n)) {
			t.Fatalf("Template(%d) differs between calls", n)
		}
		res := eng.ScanBytes(context.Background(), "synth.yaml", data)
		if res.Err != nil || res.Skipped {
			t.Fatalf("Template(%d): err %v, skipped %q", n, res.Err, res.SkipReason)
		}
		if res.Resources != n {
			t.Errorf("Template(%d) has %d resources", n, res.Resources)
		}
		if len(res.Warnings) > 0 {
			t.Errorf("Template(%d) warnings: %v", n, res.Warnings)
		}
		if n >= synth.UnitSize && len(res.Findings) == 0 {
			t.Errorf("Template(%d) has no findings", n)
		}
	}
}

// TestSmallTemplates checks that the small templates stand alone (no
// dangling reference), differ from each other, and are written to disk.
func TestSmallTemplates(t *testing.T) {
	eng := newEngine(t)
	seen := map[string]bool{}
	for i := range 9 {
		data := synth.SmallTemplate(i)
		if seen[string(data)] {
			t.Fatalf("SmallTemplate(%d) repeats an earlier one", i)
		}
		seen[string(data)] = true
		res := eng.ScanBytes(context.Background(), "small.yaml", data)
		if res.Err != nil || res.Resources != synth.UnitSize || len(res.Warnings) > 0 {
			t.Fatalf("SmallTemplate(%d): err %v, %d resources, warnings %v", i, res.Err, res.Resources, res.Warnings)
		}
	}
	dir := t.TempDir()
	if err := synth.WriteSmallTemplates(dir, 3); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "t00002.yaml"))
	if err != nil || !bytes.Equal(got, synth.SmallTemplate(2)) {
		t.Fatalf("t00002.yaml: %v", err)
	}
}
