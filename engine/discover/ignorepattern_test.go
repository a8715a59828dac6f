package discover

import (
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestIgnorePatternsMatchGit asks git check-ignore about random patterns
// and paths. Each case is a directory with a .gitignore of one to three
// patterns built from the parts gitignore(5) gives meaning to (anchoring
// and trailing slashes, negation, *, ?, classes, ** at the start, middle
// and end, escapes, trailing spaces) and files up to four levels below it;
// the cases share one repository and one git call, and a case's patterns
// apply inside its directory only.
func TestIgnorePatternsMatchGit(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("SKIPPED: git is not installed, so gitignore patterns are not compared with git check-ignore")
	}
	root := t.TempDir()
	rng := rand.New(rand.NewPCG(5, 6))
	names := []string{"a", "b", "ab", "x.yaml", "a b", "#c", "!d"}
	parts := []string{"a", "b", "ab", "*", "?", "a*", "*.yaml", "x.*", "[ab]", "[!a]", "**", "a\\ b", "\\#c", "\\!d", "x.yaml"}
	files := map[string]string{}
	var queries []string
	isDir := map[string]bool{}
	const cases = 400
	for c := range cases {
		dir := fmt.Sprintf("c%03d", c)
		var lines []string
		for range 1 + rng.IntN(3) {
			var segs []string
			for range 1 + rng.IntN(3) {
				segs = append(segs, parts[rng.IntN(len(parts))])
			}
			line := strings.Join(segs, "/")
			if rng.IntN(4) == 0 {
				line = "/" + line
			}
			if rng.IntN(4) == 0 {
				line += "/"
			}
			if rng.IntN(4) == 0 {
				line = "!" + line
			}
			if rng.IntN(8) == 0 {
				line += "  "
			}
			lines = append(lines, line)
		}
		files[dir+"/.gitignore"] = strings.Join(lines, "\n") + "\n"
		for range 4 {
			p := dir
			for range 1 + rng.IntN(4) {
				p += "/" + names[rng.IntN(len(names))]
				if _, seen := isDir[p]; !seen {
					queries = append(queries, p)
					isDir[p] = false
				}
			}
			// Every path above this one is a directory, even if an
			// earlier draw ended there.
			for q := filepath.Dir(p); q != dir; q = filepath.Dir(q) {
				isDir[q] = true
			}
		}
	}
	for p, dir := range isDir {
		if dir {
			files[p+"/"] = ""
		} else {
			files[p] = ""
		}
	}
	writeTree(t, root, files)
	sort.Strings(queries)

	runGit(t, git, root, "", "init", "-q", ".")
	out := runGit(t, git, root, strings.Join(queries, "\n")+"\n", "check-ignore", "--no-index", "--stdin")
	ignoredByGit := map[string]bool{}
	for _, p := range strings.Split(strings.TrimSpace(out), "\n") {
		ignoredByGit[p] = true
	}

	g := newIgnorer(root)
	ignored := 0
	for _, q := range queries {
		// Enter the directories above q, as the walk does.
		d := root
		for _, seg := range strings.Split(filepath.Dir(q), "/") {
			d = filepath.Join(d, seg)
			g.enter(d)
		}
		got := g.ignored(filepath.Join(root, q), isDir[q])
		if got != ignoredByGit[q] {
			gi := files[strings.SplitN(q, "/", 2)[0]+"/.gitignore"]
			t.Errorf("%s (directory %v) with .gitignore %q: ignored=%v, git check-ignore says %v", q, isDir[q], gi, got, ignoredByGit[q])
		}
		if ignoredByGit[q] {
			ignored++
		}
	}
	// Both answers must be exercised, or agreement proves little.
	if ignored < len(queries)/10 || ignored > len(queries)*9/10 {
		t.Errorf("git ignores %d of %d paths; the cases do not exercise both answers", ignored, len(queries))
	}
	t.Logf("%d cases, %d paths, %d ignored by git", cases, len(queries), ignored)
}

// TestMatchNameShortcutsAgreeWithPathMatch: the direct comparisons for a
// plain name and *suffix give path.Match's answer.
func TestMatchNameShortcutsAgreeWithPathMatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	chars := []string{"a", "b", ".", "*", "?", "[", "]", "\\", "-", "é"}
	for range 50000 {
		var p, n strings.Builder
		for range rng.IntN(6) {
			p.WriteString(chars[rng.IntN(len(chars))])
		}
		for range rng.IntN(6) {
			n.WriteString(chars[rng.IntN(3)+0])
		}
		pattern, name := p.String(), n.String()
		want, err := path.Match(negatedClassesAsCaret(pattern), name)
		want = want && err == nil
		if got := newNameMatcher(pattern).match(name); got != want {
			t.Errorf("%q matching %q: %v, path.Match says %v", pattern, name, got, want)
		}
	}
}

// TestIgnorePatternsOnDeepPaths: ** spans any number of directories, past
// the depth whose match table fits on the stack, and many ** stay cheap.
func TestIgnorePatternsOnDeepPaths(t *testing.T) {
	deep := func(n int, last string) []string {
		names := []string{"a"}
		for range n {
			names = append(names, "d")
		}
		return append(names, last)
	}
	for _, c := range []struct {
		pattern string
		names   []string
		want    bool
	}{
		{"a/**/z", deep(40, "z"), true},
		{"a/**/z", deep(40, "y"), false},
		{"a/**/d/**/z", deep(40, "z"), true},
		{"a/" + strings.Repeat("**/d/", 20) + "z", deep(40, "z"), true},
		{"a/" + strings.Repeat("**/d/", 41) + "z", deep(40, "z"), false},
		{"a/**", deep(40, "z"), true},
		{"a/**", []string{"a"}, false},
	} {
		p, ok := parseIgnorePattern(c.pattern, nil)
		if !ok {
			t.Fatalf("%q: not a pattern", c.pattern)
		}
		if got := p.matches(c.names, false); got != c.want {
			t.Errorf("%q on %d components: %v, want %v", c.pattern, len(c.names), got, c.want)
		}
	}
}

// TestDirectoryVerdictsFollowNewPatterns: a directory's remembered verdict
// is not reused once patterns that may apply to it were added, nor once
// the patterns were reset for a scan root git ignores.
func TestDirectoryVerdictsFollowNewPatterns(t *testing.T) {
	t.Run("asked before its parent's .gitignore was read", func(t *testing.T) {
		root := t.TempDir()
		writeTree(t, root, map[string]string{
			".gitignore":      "*.log\n",
			"sub/.gitignore":  "deep/\n",
			"sub/deep/a.yaml": "",
		})
		g := newIgnorer(root)
		deep := filepath.Join(root, "sub", "deep")
		if g.ignored(deep, true) {
			t.Fatal("sub/deep ignored before sub/.gitignore was read")
		}
		g.enter(filepath.Join(root, "sub"))
		if !g.ignored(deep, true) || !g.ignored(filepath.Join(deep, "a.yaml"), false) {
			t.Error("sub/deep (deep/ in sub/.gitignore) is not ignored once that file was read")
		}
	})
	t.Run("a scan root git ignores", func(t *testing.T) {
		// Deciding build/ saw one pattern, the repository's. After the
		// reset for the scan root, entering build/out brings the count
		// back to one, so only the reset keeps the old verdict on build
		// from being taken for a new one.
		root := t.TempDir()
		writeTree(t, root, map[string]string{
			".git/":                  "",
			".gitignore":             "build/\n",
			"build/stack.yaml":       "",
			"build/out/.gitignore":   "*.bak.yaml\n",
			"build/out/more.yaml":    "",
			"build/out/old.bak.yaml": "",
			"kept.yaml":              "",
		})
		got := relPaths(t, root, Discover([]string{filepath.Join(root, "build")}, nil))
		want := []string{"build/out/more.yaml", "build/stack.yaml"}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("scanning the ignored build/ found %v, want %v", got, want)
		}
	})
}
