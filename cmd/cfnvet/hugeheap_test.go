package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHoldsMuch checks which scans prepare huge pages for the heap: a
// directory, or files of 256 KiB or more in all, never a hook's few small
// templates, standard input or a missing path.
func TestHoldsMuch(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, size int) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.Repeat("#", size)), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	small := write("small.yaml", 1<<10)
	half := write("half.yaml", 128<<10)
	large := write("large.yaml", 256<<10)
	missing := filepath.Join(dir, "missing.yaml")
	for _, c := range []struct {
		args []string
		want bool
	}{
		{[]string{small}, false},
		{[]string{small, half}, false},
		{[]string{half, half}, true}, // 256 KiB in all
		{[]string{large}, true},
		{[]string{dir}, true},
		{[]string{"-"}, false},
		{[]string{missing}, false},
		{nil, false},
	} {
		if got := holdsMuch(c.args); got != c.want {
			t.Errorf("holdsMuch(%v) = %v, want %v", c.args, got, c.want)
		}
	}
}
