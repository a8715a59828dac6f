// Package testenv gives tests access to optional material outside the
// repository. Tests that need it skip with one recognisable message, so a
// run without it lists exactly which checks did not run (make test prints
// every skipped test with its reason).
package testenv

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

// OptionalPrefix starts the skip message of every test that needs material
// outside the repository.
const OptionalPrefix = "OPTIONAL, not run:"

// SharedDir returns the absolute path of dir inside the steering repository's
// shared folder (a sibling of the repository root: ../shared/<dir>), and
// skips tb with an OptionalPrefix message when it is absent.
func SharedDir(tb testing.TB, dir string) string {
	tb.Helper()
	p := filepath.Join(repoRoot(), "..", "shared", dir)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("%s needs ../shared/%s, which is not part of the repository (%v)", OptionalPrefix, dir, err)
	}
	return p
}

// TestdataDir is the absolute path of the repository's testdata folder.
func TestdataDir() string { return filepath.Join(repoRoot(), "testdata") }

// EachFile calls f with the path and content of every regular file under
// root whose name ends in one of exts, in lexical order, and fails tb when
// the walk or a read fails.
func EachFile(tb testing.TB, root string, f func(path string, data []byte), exts ...string) {
	tb.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || !slices.Contains(exts, filepath.Ext(path)) {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f(path, data)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// repoRoot is the module root: two levels above this file.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Golden compares got with the file at path, or rewrites the file when
// update is set (each package's -update flag). how says which command
// regenerates it, for the failure message.
func Golden(tb testing.TB, path string, got []byte, update bool, how string) {
	tb.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run `%s` to create it)", err, how)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("%s differs from the golden file; if the change is intended, run `%s` and review the diff\n--- got ---\n%s",
			filepath.Base(path), how, got)
	}
}
