package discover

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// gitignoreRepo lays out a repository whose ignore rules exercise what the
// old root-only reader got wrong: nested .gitignore files, ** at depth,
// info/exclude, negation, anchoring and directory-only patterns.
var gitignoreRepo = map[string]string{
	".gitignore":                     "**/build/\n*.tmp.yaml\n/rooted.yaml\nlogs\n!keep/logs\n# a comment\n\n",
	"sub/.gitignore":                 "generated/\n!important.tmp.yaml\nlocal-*.yaml\n",
	"sub/deeper/.gitignore":          "/only-here.yaml\n",
	"rooted.yaml":                    "",
	"sub/rooted.yaml":                "",
	"a/b/build/stack.yaml":           "",
	"build/stack.yaml":               "",
	"builder/stack.yaml":             "",
	"x.tmp.yaml":                     "",
	"sub/important.tmp.yaml":         "",
	"sub/other.tmp.yaml":             "",
	"sub/generated/stack.yaml":       "",
	"generated/stack.yaml":           "",
	"sub/local-dev.yaml":             "",
	"local-dev.yaml":                 "",
	"sub/deeper/only-here.yaml":      "",
	"sub/deeper/more/only-here.yaml": "",
	"logs/stack.yaml":                "",
	"keep/logs/stack.yaml":           "",
	"excluded/stack.yaml":            "",
	"stacks/api.yaml":                "",
}

// TestGitignoreMatchesGitCheckIgnore compares the files a directory scan
// keeps with what `git check-ignore` says in a real repository.
func TestGitignoreMatchesGitCheckIgnore(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("SKIPPED: git is not installed, so .gitignore handling is not compared with git check-ignore")
	}
	dir := t.TempDir()
	writeTree(t, dir, gitignoreRepo)
	run := func(stdin string, args ...string) string { return runGit(t, git, dir, stdin, args...) }
	run("", "init", "-q", ".")
	writeTree(t, dir, map[string]string{".git/info/exclude": "excluded/\n"})

	var all []string
	for name := range gitignoreRepo {
		if strings.HasSuffix(name, ".yaml") {
			all = append(all, name)
		}
	}
	sort.Strings(all)
	ignoredByGit := map[string]bool{}
	for _, p := range strings.Fields(run(strings.Join(all, "\n")+"\n", "check-ignore", "--no-index", "--stdin")) {
		ignoredByGit[p] = true
	}
	if len(ignoredByGit) == 0 {
		t.Fatal("git check-ignore ignored nothing; the fixture is broken")
	}
	// Scan from the root and from a subdirectory: rules above the scan
	// root apply too.
	for _, start := range []string{".", "sub"} {
		kept := map[string]bool{}
		for _, in := range Discover([]string{filepath.Join(dir, start)}, nil) {
			if rel, err := filepath.Rel(dir, in.Path); err == nil && !in.IsDirectoryTarget() {
				kept[filepath.ToSlash(rel)] = true
			}
		}
		for _, p := range all {
			if start != "." && !strings.HasPrefix(p, start+"/") {
				continue
			}
			if kept[p] == ignoredByGit[p] {
				t.Errorf("scan %s: %s: git check-ignore says ignored=%v, discovery kept=%v", start, p, ignoredByGit[p], kept[p])
			}
		}
	}
}

// A linked worktree's .git is a file; info/exclude lives in the main
// repository's git directory.
func TestGitignoreInLinkedWorktree(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"main/.git/info/exclude":           "secret/\n",
		"main/.git/worktrees/wt/commondir": "../..\n",
		"wt/.git":                          "gitdir: ../main/.git/worktrees/wt\n",
		"wt/secret/stack.yaml":             "",
		"wt/stack.yaml":                    "",
	})
	got := relPaths(t, filepath.Join(dir, "wt"), Discover([]string{filepath.Join(dir, "wt")}, nil))
	if len(got) != 1 || got[0] != "stack.yaml" {
		t.Errorf("discovered %v, want only stack.yaml", got)
	}
}

// runGit runs git in dir, without the machine's git configuration, and
// returns its output; exit status 1 is what check-ignore gives when it
// ignores nothing, so only a higher one fails the test.
func runGit(t *testing.T, git, dir, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(git, args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.Output()
	var ee *exec.ExitError
	if err != nil && (!errors.As(err, &ee) || ee.ExitCode() != 1) {
		t.Fatalf("git %v: %v", args, err)
	}
	return string(out)
}
