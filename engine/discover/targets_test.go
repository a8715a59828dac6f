package discover

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// patternTree is a project with templates at several depths, one in
// node_modules and one in a git-ignored directory.
func patternTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		".gitignore":                  "ignored/\n",
		"top.yaml":                    stackYAML,
		"stacks/a.yaml":               stackYAML,
		"stacks/notes.txt":            "not YAML\n",
		"stacks/prod/b.yaml":          stackYAML,
		"stacks/prod/deep/c.json":     stackJSON,
		"other/prod/d.yaml":           stackYAML,
		"node_modules/pkg/e.yaml":     stackYAML,
		"ignored/f.yaml":              stackYAML,
		"stacks/prod/deep/g.template": stackYAML,
	})
	return dir
}

const stackYAML = "Resources:\n  T:\n    Type: AWS::SNS::Topic\n"

// A glob target selects files the way --exclude matches them ("**" spans
// directories), walking from the directory before the first wildcard with
// the rules of a directory scan: node_modules and git-ignored files stay
// out, and a pattern naming a directory scans what is inside it.
func TestPatternTargetsRecurse(t *testing.T) {
	dir := patternTree(t)
	cases := []struct {
		pattern string
		exclude []string
		want    []string
	}{
		{"stacks/**/*.yaml", nil, []string{"stacks/a.yaml", "stacks/prod/b.yaml"}},
		{"stacks/**", nil, []string{"stacks/a.yaml", "stacks/prod/b.yaml", "stacks/prod/deep/c.json", "stacks/prod/deep/g.template"}},
		{"**/*.yaml", nil, []string{"other/prod/d.yaml", "stacks/a.yaml", "stacks/prod/b.yaml", "top.yaml"}},
		{"**/deep/*", nil, []string{"stacks/prod/deep/c.json", "stacks/prod/deep/g.template"}},
		{"stacks/*", nil, []string{"stacks/a.yaml", "stacks/prod/b.yaml", "stacks/prod/deep/c.json", "stacks/prod/deep/g.template"}},
		{"stacks/*.yaml", nil, []string{"stacks/a.yaml"}},
		{"{stacks,other}/prod/*.yaml", nil, []string{"other/prod/d.yaml", "stacks/prod/b.yaml"}},
		{"**/*.yaml", []string{"**/prod/**"}, []string{"stacks/a.yaml", "top.yaml"}},
		{"node_modules/**", nil, []string{"node_modules/pkg/e.yaml"}},
	}
	for _, c := range cases {
		pattern := filepath.Join(dir, c.pattern)
		ins := Discover([]string{pattern}, c.exclude)
		if got := relPaths(t, dir, ins); !reflect.DeepEqual(got, c.want) {
			t.Errorf("scan %s (exclude %v): discovered %v, want %v", c.pattern, c.exclude, got, c.want)
			continue
		}
		// The files are listed under the pattern, whose own entry lets
		// Run report a pattern that selected no template.
		if !ins[0].IsDirectoryTarget() || ins[0].Path != pattern {
			t.Errorf("scan %s: first input %+v, want the pattern's own entry", c.pattern, ins[0])
		}
		for _, in := range ins[1:] {
			if in.Dir != pattern || in.Explicit {
				t.Errorf("scan %s: %s listed under %q (explicit %v), want under the pattern, not explicit", c.pattern, in.Path, in.Dir, in.Explicit)
			}
		}
	}
	for _, pattern := range []string{"missing/**/*.yaml", "**/*.txt", "stacks/*.yml"} {
		ins := Discover([]string{filepath.Join(dir, pattern)}, nil)
		if len(ins) != 1 || ins[0].Err != NoMatch || !ins[0].Explicit {
			t.Errorf("scan %s: %+v, want one input with error %q", pattern, ins, NoMatch)
		}
	}
}

// A symlink to a directory named on the command line is walked under the
// name given; links met during the walk are not followed, so a link to an
// ancestor cannot make the walk endless; and a directory named twice, once
// through a link, is scanned once.
func TestSymlinkedDirectoryTarget(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"real/x.yaml": stackYAML, "real/sub/y.yaml": stackYAML})
	link := filepath.Join(dir, "link")
	for target, name := range map[string]string{filepath.Join(dir, "real"): link, dir: filepath.Join(dir, "real", "sub", "up")} {
		if err := os.Symlink(target, name); err != nil {
			t.Skipf("cannot make symlinks here: %v", err)
		}
	}
	want := []string{"link/sub/y.yaml", "link/x.yaml"}
	ins := Discover([]string{link}, nil)
	if got := relPaths(t, dir, ins); !reflect.DeepEqual(got, want) {
		t.Errorf("scan link: discovered %v, want %v", got, want)
	}
	if len(ins) == 0 || !ins[0].IsDirectoryTarget() || ins[0].Path != link {
		t.Errorf("scan link: first input %+v, want the link's own entry", ins)
	}
	for _, in := range ins[1:] {
		if in.Dir != link {
			t.Errorf("%s listed under %q, want %q", in.Path, in.Dir, link)
		}
	}
	both := Discover([]string{filepath.Join(dir, "real"), link}, nil)
	if got := relPaths(t, dir, both); !reflect.DeepEqual(got, []string{"real/sub/y.yaml", "real/x.yaml"}) {
		t.Errorf("scan real link: discovered %v, want real/ once", got)
	}
}

// A directory target whose files were all found through an earlier target
// holds templates: it is not reported as empty.
func TestOverlappingDirectoryTargets(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"stacks/x.yaml": stackYAML})
	stacks := filepath.Join(dir, "stacks")
	ins := Discover([]string{dir, stacks}, nil)
	if got := relPaths(t, dir, ins); !reflect.DeepEqual(got, []string{"stacks/x.yaml"}) {
		t.Errorf("discovered %v", got)
	}
	for _, in := range ins {
		if in.IsDirectoryTarget() && in.Path == stacks {
			t.Errorf("stacks is listed as a directory of its own, which Run would report as holding no template")
		}
	}
}

// TestAbsFuncMatchesFilepathAbs: the working directory read once gives the
// paths filepath.Abs gives.
func TestAbsFuncMatchesFilepathAbs(t *testing.T) {
	abs := AbsFunc()
	for _, p := range []string{"a.yaml", "./x/../b.json", "../c", ".", "/etc/../tmp/d.yml", "dir/"} {
		want, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := abs(p); got != want {
			t.Errorf("AbsFunc()(%q) = %q, filepath.Abs gives %q", p, got, want)
		}
	}
}
