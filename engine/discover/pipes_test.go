//go:build unix

package discover

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/internal/fifotest"
)

// A named pipe given on the command line, or standing where discovery
// reads a project file (.gitignore, cdk.json's output manifest) or guesses
// whether a file is a template, is never opened: it is listed as skipped,
// with a note when it was named.
func TestNamedPipesAreNeverOpened(t *testing.T) {
	dir := t.TempDir()
	named := filepath.Join(dir, "named.yaml")
	fifotest.Make(t, named)
	app := filepath.Join(dir, "app")
	if err := os.MkdirAll(app, 0o755); err != nil {
		t.Fatal(err)
	}
	// An unsynthesised CDK app: discovery looks for a template under it.
	if err := os.WriteFile(filepath.Join(app, "cdk.json"), []byte(`{"app": "node app.js"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	pipes := []string{named, filepath.Join(app, "stack.yaml"), filepath.Join(app, ".gitignore"), filepath.Join(dir, ".gitignore")}
	for _, p := range pipes[1:] {
		fifotest.Make(t, p)
	}
	var ins []Input
	opened := fifotest.Run(t, func() { ins = Discover([]string{named, dir}, nil) }, pipes...)
	if len(opened) > 0 {
		t.Errorf("discovery opened named pipes for reading: %v", opened)
	}
	got := map[string]Input{}
	for _, in := range ins {
		got[in.Path] = in
	}
	if in := got[named]; in.Skip != "not a regular file (a named pipe)" || !strings.Contains(in.Note, named) {
		t.Errorf("named pipe on the command line: skip %q, note %q", in.Skip, in.Note)
	}
	if in, ok := got[pipes[1]]; !ok || in.Skip != "not a regular file (a named pipe)" || in.Note != "" {
		t.Errorf("named pipe in a walk: listed %v, skip %q, note %q", ok, in.Skip, in.Note)
	}
}

func TestOpenRegularRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "p.yaml")
	fifotest.Make(t, pipe)
	file := filepath.Join(dir, "f.yaml")
	if err := os.WriteFile(file, []byte("Resources: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{pipe: "a named pipe", dir: "a directory", os.DevNull: "a device"} {
		f, _, err := OpenRegular(path)
		var nr *NotRegularError
		if f != nil || !errors.As(err, &nr) || nr.Kind != want {
			t.Errorf("%s: file %v, error %v; want refused as %s", path, f != nil, err, want)
		}
	}
	f, info, err := OpenRegular(file)
	if err != nil || info.Size() != 14 {
		t.Fatalf("regular file: %v", err)
	}
	_ = f.Close()
}
