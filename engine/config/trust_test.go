package config

import (
	"os"
	"path/filepath"
	"strings"
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

// Every file a found config names is confined like policy_dirs: a cfn_nag
// profile pointing at a file outside the repository once had its first
// word of each line quoted in a warning ("SECRET=… names no cfnvet rule").
// Named with --config (Load), the same file may read any of them.
func TestFoundConfigFilesStayInRepository(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	const secret = "SECRET_TOKEN=hunter2"
	outside := map[string]string{
		"params.json":   `{"Parameters": {"Env": "prod"}}`,
		"profile.txt":   secret + "\nW2\n",
		"deny.yml":      "RulesToSuppress: [{id: W2, reason: " + secret + "}]\n",
		"baseline.json": `{"version": 1, "findings": []}`,
	}
	for name, content := range outside {
		write(t, filepath.Join(root, "elsewhere", name), content)
	}
	if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "elsewhere"), filepath.Join(repo, "sneaky")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(repo, "nag", "profile.txt"), "W2\n")
	cases := []struct {
		name, yaml, key string
		col             int
	}{
		{"parameter file, absolute", "parameter_files: [" + filepath.Join(root, "elsewhere", "params.json") + "]", "parameter_files", 19},
		{"parameter file, through a symlink", "parameter_files: [sneaky/params.json]", "parameter_files", 19},
		{"cfn_nag profile, relative", "cfn_nag:\n  profile: ../elsewhere/profile.txt", "cfn_nag.profile", 12},
		{"cfn_nag deny list", "cfn_nag:\n  deny_list: sneaky/deny.yml", "cfn_nag.deny_list", 14},
		{"baseline", "baseline: ../elsewhere/baseline.json", "baseline", 11},
		{"baseline not written yet", "baseline: ../elsewhere/new.json", "baseline", 11},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := write(t, filepath.Join(repo, ".cfnvet.yaml"), c.yaml+"\n")
			_, err := LoadFound(cfg)
			line := 1 + strings.Count(c.yaml, "\n")
			wantError(t, err, cfg, line, c.col, c.key+": ")
			wantError(t, err, cfg, line, c.col, "is outside the repository root "+repo)
			if err != nil && strings.Contains(err.Error(), "hunter2") {
				t.Errorf("the error quotes the outside file: %v", err)
			}
			if _, err := Load(cfg); err != nil {
				t.Errorf("named with --config: %v", err)
			}
		})
	}
	cfg := write(t, filepath.Join(repo, ".cfnvet.yaml"), "cfn_nag:\n  profile: nag/profile.txt\nbaseline: base.json\n")
	if f, err := LoadFound(cfg); err != nil || len(f.Profile) != 1 || f.Baseline == nil {
		t.Errorf("files inside the repository: %+v, %v", f, err)
	}
}

// scan finds the config as a path relative to the working directory
// (".cfnvet.yaml"): the repository's own directories must still count as
// inside it. They once did not, so a repository's own policy_dirs were
// refused.
func TestFoundConfigRelativeToWorkingDirectory(t *testing.T) {
	repo := t.TempDir()
	for _, d := range []string{".git", "policies", "nag"} {
		if err := os.MkdirAll(filepath.Join(repo, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(repo, "nag", "profile.txt"), "W2\n")
	write(t, filepath.Join(repo, ".cfnvet.yaml"), "policy_dirs: [policies]\ncfn_nag: {profile: nag/profile.txt}\n")
	t.Chdir(repo)
	if f, err := LoadFound(".cfnvet.yaml"); err != nil || len(f.PolicyDirs) != 1 || len(f.Profile) != 1 {
		t.Errorf("got %+v, %v; want the repository's own policies/ and profile", f, err)
	}
}
