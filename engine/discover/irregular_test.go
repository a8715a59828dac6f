//go:build unix

package discover

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cfnvet/cfnvet/internal/fifotest"
)

// A named pipe called *.yaml in a scanned directory once hung the whole
// scan (opening it blocks until a writer appears): a walk lists it as
// skipped and never reads it, while regular files and links to them are
// scanned as usual.
func TestWalkSkipsNamedPipes(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "pipe.yaml")
	fifotest.Make(t, pipe)
	plain := filepath.Join(dir, "stack.yaml")
	if err := os.WriteFile(plain, []byte("Resources: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(plain, filepath.Join(dir, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(pipe, filepath.Join(dir, "pipelink.yaml")); err != nil {
		t.Fatal(err)
	}
	skips := map[string]string{}
	for _, in := range Discover([]string{dir}, nil) {
		if in.Dir != "" && in.Path != dir {
			skips[filepath.Base(in.Path)] = in.Skip
		}
	}
	want := map[string]string{
		"pipe.yaml":     "not a regular file (a named pipe)",
		"pipelink.yaml": "not a regular file (a named pipe)",
		"stack.yaml":    "",
		"link.yaml":     "",
	}
	for name, w := range want {
		got, ok := skips[name]
		if !ok || got != w {
			t.Errorf("%s: listed %v, skip %q; want skip %q", name, ok, got, w)
		}
	}
}
