package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --verbose names the config in effect, JSON records it, whichever way it
// was chosen.
func TestConfigInEffectIsNamed(t *testing.T) {
	template, err := filepath.Abs(openHTTPS)
	if err != nil {
		t.Fatal(err)
	}
	cfg := writeConfig(t, map[string]string{".cfnvet.yaml": "fail_on: critical\n", "repo/.git/HEAD": "", "repo/stacks/.keep": ""})
	top := filepath.Dir(cfg)
	cases := []struct {
		dir     string
		args    []string
		verbose string
		path    any
		origin  string
	}{
		// Above the repository root: not the repository's config.
		{"repo/stacks", nil, "cfnvet: config: none (no .cfnvet.yaml", nil, "none"},
		{".", nil, "cfnvet: config: .cfnvet.yaml (found by looking up", ".cfnvet.yaml", "found"},
		{"repo/stacks", []string{"--config", cfg}, "cfnvet: config: " + cfg + " (--config)", cfg, "--config"},
		{".", []string{"--no-config"}, "cfnvet: config: none (--no-config)", nil, "--no-config"},
	}
	for _, c := range cases {
		t.Run(strings.Join(append([]string{c.dir}, c.args...), " "), func(t *testing.T) {
			t.Chdir(filepath.Join(top, c.dir))
			_, stderr, _ := runCLI(t, "", append(append([]string{"scan", "--verbose"}, c.args...), template)...)
			if !strings.Contains(stderr, c.verbose) {
				t.Errorf("--verbose: %q, want %q", stderr, c.verbose)
			}
			if _, stderr, _ := runCLI(t, "", append(append([]string{"scan"}, c.args...), template)...); strings.Contains(stderr, "config:") {
				t.Errorf("config named without --verbose: %q", stderr)
			}
			out, _, _ := runCLI(t, "", append(append([]string{"scan", "--format", "json"}, c.args...), template)...)
			var doc struct {
				Config map[string]any `json:"config"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Config["path"] != c.path || doc.Config["origin"] != c.origin {
				t.Errorf("JSON config %v, want path %v, origin %s", doc.Config, c.path, c.origin)
			}
		})
	}
}

// A configuration that leaves no rule enabled is an error naming it, not
// a clean scan.
func TestNoRuleEnabledIsAnError(t *testing.T) {
	cfg := writeConfig(t, map[string]string{".cfnvet.yaml": "rules:\n  disable: [strict]\n"})
	_, stderr, code := runCLI(t, "", "scan", "--config", cfg, openHTTPS)
	if code != 2 || !strings.Contains(stderr, "no rule is enabled") || !strings.Contains(stderr, cfg) {
		t.Errorf("exit %d, stderr %q; want 2 and an error naming %s", code, stderr, cfg)
	}
	if _, stderr, code := runCLI(t, "", "scan", "--no-config", "--rule", "NET001", "--skip", "NET001", openHTTPS); code != 2 || !strings.Contains(stderr, "no rule is enabled") {
		t.Errorf("flags only: exit %d, %q", code, stderr)
	}
	if _, _, code := runCLI(t, "", "scan", "--config", cfg, "--rule", "NET001", openHTTPS); code != 1 {
		t.Errorf("--rule replaces the config's selection: exit %d, want 1", code)
	}
}

// A .cfnvet.yaml found by walking up (it comes with the scanned
// repository) may not point policy_dirs outside the repository; named
// with --config, it may.
func TestFoundConfigCannotPointPolicyDirsOutside(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "acme.rego"), []byte("package acme\n\nx := 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := writeConfig(t, map[string]string{".cfnvet.yaml": "policy_dirs: [" + outside + "]\n", ".git/HEAD": ""})
	template, err := filepath.Abs(openHTTPS)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Dir(cfg))
	_, stderr, code := runCLI(t, "", "scan", template)
	if code != 2 || !strings.HasPrefix(stderr, ".cfnvet.yaml:1:15: policy_dirs: "+outside+" is outside the repository root") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, stderr, code := runCLI(t, "", "scan", "--config", ".cfnvet.yaml", template); code != 1 {
		t.Errorf("--config: exit %d, want 1 (a finding); %s", code, stderr)
	}
}

// The attack of issue 14, end to end: a cloned repository's own
// .cfnvet.yaml names its policies/ directory (allowed), in which x.rego is
// a symlink to a file of secrets outside; the scan refuses it, naming the
// file, and never prints what the target holds. The same through a cfn_nag
// profile the config names outside the repository.
func TestScannedRepositoryCannotReadFilesOutside(t *testing.T) {
	secrets := filepath.Join(t.TempDir(), "environ")
	if err := os.WriteFile(secrets, []byte("SECRET_TOKEN=hunter2 AWS_SECRET_ACCESS_KEY=abc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := writeConfig(t, map[string]string{".cfnvet.yaml": "policy_dirs: [policies]\n", ".git/HEAD": "", "policies/README": ""})
	repo := filepath.Dir(cfg)
	if err := os.Symlink(secrets, filepath.Join(repo, "policies", "x.rego")); err != nil {
		t.Skipf("cannot make symlinks here: %v", err)
	}
	template, err := filepath.Abs(openHTTPS)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(repo)
	out, stderr, code := runCLI(t, "", "scan", template)
	if code != 2 || !strings.Contains(stderr, "x.rego is a symlink to a file outside") || strings.Contains(out+stderr, "hunter2") {
		t.Errorf("symlinked policy: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if err := os.WriteFile(".cfnvet.yaml", []byte("cfn_nag: {profile: "+secrets+"}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, code = runCLI(t, "", "scan", template)
	if code != 2 || !strings.Contains(stderr, "cfn_nag.profile: "+secrets+" is outside the repository root") || strings.Contains(out+stderr, "hunter2") {
		t.Errorf("cfn_nag profile outside: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

// A user policy in package cfnvet.lib once silenced LOG001 in three lines;
// now it is an error naming the file and the package.
func TestUserPolicyCannotExtendTheLibrary(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "evil.rego"), []byte("package cfnvet.lib\n\nresources(_) := {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runCLI(t, "", "scan", "--no-config", "--policy-dir", dir, openHTTPS)
	if code != 2 || !strings.Contains(stderr, filepath.Join(dir, "evil.rego")+":1: package cfnvet.lib: user policies cannot") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// `policy test DIR` selects the tests of DIR by where they were loaded
// from: "./DIR" and "DIR/" work, and a directory named policies does not
// also run the built-in library's tests.
func TestPolicyTestResolvesPaths(t *testing.T) {
	src, err := filepath.Abs("../../testdata/policies/user")
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	for _, name := range []string{"no_public_bucket_names.rego", "no_public_bucket_names_test.rego"} {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(work, "policies"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, "policies", name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(work)
	for _, arg := range []string{"./policies", "policies", "policies/", filepath.Join(work, "policies")} {
		out, _, code := runCLI(t, "", "policy", "test", arg)
		if code != 0 || !strings.Contains(out, "2 passed, 0 failed") || strings.Contains(out, "lib") {
			t.Errorf("policy test %s: exit %d\n%s", arg, code, out)
		}
	}
}
