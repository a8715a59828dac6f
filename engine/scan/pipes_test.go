//go:build unix

package scan_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/fifotest"
	"github.com/cfnvet/cfnvet/internal/hostile"
)

// A named pipe called *.yaml, in a scanned directory or on the command
// line, once hung the whole scan. It is reported as skipped (with a note
// when named) and never opened, and the templates beside it are scanned;
// one that became a pipe after discovery is refused when read.
func TestNamedPipesAreSkippedNotRead(t *testing.T) {
	dir := t.TempDir()
	walked, named, swapped := filepath.Join(dir, "walked.yaml"), filepath.Join(t.TempDir(), "named.yaml"), filepath.Join(t.TempDir(), "swapped.yaml")
	for _, p := range []string{walked, named, swapped} {
		fifotest.Make(t, p)
	}
	plain := filepath.Join(dir, "plain.yaml")
	if err := os.WriteFile(plain, hostile.Plain(3), 0o600); err != nil {
		t.Fatal(err)
	}
	inputs := append(scan.Discover([]string{dir, named}, nil), scan.Input{Path: swapped, Explicit: true})
	var res scan.Result
	opened := fifotest.Run(t, func() {
		res = newEngine(t).Run(context.Background(), inputs, strings.NewReader(""))
	}, walked, named, swapped)
	if len(opened) > 0 {
		t.Errorf("the scan opened named pipes for reading: %v", opened)
	}
	seen := map[string]bool{}
	for _, f := range res.Files {
		seen[f.File] = true
		switch f.File {
		case plain:
			if f.Err != nil || len(f.Findings) == 0 {
				t.Errorf("%s beside the pipes: err %v, %d findings", f.File, f.Err, len(f.Findings))
			}
		case walked, named, swapped:
			if !f.Skipped || f.SkipReason != "not a regular file (a named pipe)" || f.Err != nil {
				t.Errorf("%s: skipped %v (%q), err %v", f.File, f.Skipped, f.SkipReason, f.Err)
			}
		default:
			t.Errorf("unexpected result for %s", f.File)
		}
	}
	for _, p := range []string{plain, walked, named, swapped} {
		if !seen[p] {
			t.Errorf("%s has no result", p)
		}
	}
	if warned := strings.Join(res.Warnings, "\n"); !strings.Contains(warned, named+" is a named pipe") || strings.Contains(warned, walked) {
		t.Errorf("warnings should name the pipe given on the command line, not the walked one: %q", warned)
	}
}
