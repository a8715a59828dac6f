package config

import (
	"os"
	"path/filepath"
	"testing"
)

// Walking up stops at the repository root: a .cfnvet.yaml above the
// directory holding .git (a CI runner's home, /) is not the repository's.
func TestFindStopsAtRepositoryRoot(t *testing.T) {
	root := t.TempDir()
	above := write(t, filepath.Join(root, ".cfnvet.yaml"), "rules:\n  disable: [IAM]\n")
	deep := filepath.Join(root, "repo", "stacks")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(deep); err != nil || got != above {
		t.Fatalf("no repository: got %q %v, want %s (looked up to the filesystem root)", got, err, above)
	}
	for _, git := range []string{"dir", "file"} {
		t.Run(git, func(t *testing.T) {
			gitPath := filepath.Join(root, "repo", ".git")
			if err := os.RemoveAll(gitPath); err != nil {
				t.Fatal(err)
			}
			if git == "dir" {
				if err := os.Mkdir(gitPath, 0o755); err != nil {
					t.Fatal(err)
				}
			} else {
				write(t, gitPath, "gitdir: /elsewhere/.git/worktrees/repo\n") // a worktree
			}
			if got, err := Find(deep); err != nil || got != "" {
				t.Errorf("got %q %v, want none: the search stops at the repository root", got, err)
			}
			inRoot := write(t, filepath.Join(root, "repo", ".cfnvet.yaml"), "fail_on: high\n")
			if got, err := Find(deep); err != nil || got != inRoot {
				t.Errorf("got %q %v, want the root's own %s", got, err, inRoot)
			}
			if err := os.Remove(inRoot); err != nil {
				t.Fatal(err)
			}
			if got := RepositoryRoot(deep); got != filepath.Join(root, "repo") {
				t.Errorf("RepositoryRoot = %q", got)
			}
		})
	}
}

// A found config may name policy directories inside its repository only;
// the same file named by the user (Load, --config) may name any.
func TestFoundConfigPolicyDirsStayInRepository(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(root, "elsewhere")
	repo := filepath.Join(root, "repo")
	for _, d := range []string{outside, filepath.Join(repo, ".git"), filepath.Join(repo, "policies"), filepath.Join(repo, "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(repo, "sneaky")); err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		dir string
		ok  bool
	}{
		"inside":             {"../policies", true},
		"the root itself":    {"..", true},
		"absolute outside":   {outside, false},
		"relative outside":   {"../../elsewhere", false},
		"symlink to outside": {"../sneaky", false},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			cfg := write(t, filepath.Join(repo, "sub", ".cfnvet.yaml"), "fail_on: high\npolicy_dirs:\n  - "+c.dir+"\n")
			f, err := LoadFound(cfg)
			if c.ok {
				if err != nil || len(f.PolicyDirs) != 1 {
					t.Errorf("got %v", err)
				}
				return
			}
			wantError(t, err, cfg, 3, 5, "is outside the repository root "+repo)
			if _, err := Load(cfg); err != nil {
				t.Errorf("named with --config: %v", err)
			}
		})
	}
	// Without a repository, the config's own directory tree is the limit.
	plain := filepath.Join(root, "plain")
	cfg := write(t, filepath.Join(plain, ".cfnvet.yaml"), "policy_dirs: ["+outside+"]\n")
	_, err := LoadFound(cfg)
	wantError(t, err, cfg, 1, 15, "is outside the repository root "+plain)
}
