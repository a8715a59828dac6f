package policy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

const userPolicy = goodMeta + "package cfnvet.rules.tst001\n\ndeny contains f if { false; f := 1 }\n"

// secret is what an attacker hopes to see echoed into a CI log.
const secret = "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

// policyDir writes files into a fresh directory and returns it.
func policyDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestPolicySymlinkOutOfDirectoryIsNotRead(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "environ")
	// /proc/self/environ's shape: NUL-separated, no newline.
	if err := os.WriteFile(outside, []byte("HOME=/root\x00"+secret+"\x00PATH=/bin"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := policyDir(t, map[string]string{"ok.rego": userPolicy})
	if err := os.Symlink(outside, filepath.Join(dir, "x.rego")); err != nil {
		t.Fatal(err)
	}
	for name, run := range map[string]func() error{
		"load": func() error { _, err := Load(context.Background(), Dir(dir)); return err },
		"test": func() error { _, err := Test(context.Background(), Dir(dir)); return err },
	} {
		err := run()
		if err == nil || !strings.Contains(err.Error(), "x.rego is a symlink to a file outside "+dir) {
			t.Errorf("%s: got %v, want the symlink refused", name, err)
		}
		if err != nil && (strings.Contains(err.Error(), "wJalr") || strings.Contains(err.Error(), "HOME=")) {
			t.Errorf("%s: the error echoes the file: %v", name, err)
		}
	}
	// The same file read through a symlink from the system: refused too.
	if _, err := os.Stat("/etc/passwd"); err == nil {
		d := policyDir(t, nil)
		if err := os.Symlink("/etc/passwd", filepath.Join(d, "p.rego")); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(context.Background(), Dir(d)); err == nil || strings.Contains(err.Error(), "root:") {
			t.Errorf("/etc/passwd symlink: %v", err)
		}
	}
}

func TestPolicySymlinkInsideDirectoryIsRead(t *testing.T) {
	dir := policyDir(t, map[string]string{"real.rego.txt": userPolicy})
	if err := os.Symlink("real.rego.txt", filepath.Join(dir, "linked.rego")); err != nil {
		t.Fatal(err)
	}
	set, err := Load(context.Background(), Dir(dir))
	if err != nil || len(set.Rules) != 1 {
		t.Fatalf("a symlink within the directory: %v", err)
	}
}

func TestPolicyFIFOIsNotRead(t *testing.T) {
	dir := policyDir(t, map[string]string{"ok.rego": userPolicy})
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.rego"), 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() { _, err := Load(context.Background(), Dir(dir)); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "pipe.rego is not a regular file") {
			t.Errorf("got %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("reading a FIFO policy blocked")
	}
}

// A parse error quotes a short excerpt of the offending line, never the
// whole line: a file without newlines is all one line.
func TestParseErrorQuotesOnlyAnExcerpt(t *testing.T) {
	long := "package x\n\nallow if { " + strings.Repeat("a", 50) + " ]] " + strings.Repeat("b", 2000) + secret + " }\n"
	oneLine := "HOME=/root\x00PATH=/usr/local/bin:/usr/bin" + strings.Repeat("\x00X=y", 100) + "\x00" + secret
	for name, src := range map[string]string{"long line": long, "no newline": oneLine} {
		_, err := Load(context.Background(), Dir(policyDir(t, map[string]string{"bad.rego": src})))
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		msg := err.Error()
		if !strings.Contains(msg, "bad.rego:") || strings.Contains(msg, "wJalr") || len(msg) > 600 {
			t.Errorf("%s: %d bytes, want a located error of at most 600 bytes without the secret:\n%s", name, len(msg), msg)
		}
		if strings.ContainsRune(msg, 0) {
			t.Errorf("%s: raw NUL in the message: %q", name, msg)
		}
	}
	// The excerpt is still there to find the mistake by.
	_, err := Load(context.Background(), Dir(policyDir(t, map[string]string{"bad.rego": long})))
	if err == nil || !strings.Contains(err.Error(), "]]") {
		t.Errorf("the excerpt lost the offending text: %v", err)
	}
}

func TestUserPoliciesCannotUseCfnvetPackages(t *testing.T) {
	builtin := Source{Name: "policies", FS: fstest.MapFS{
		"lib/lib.rego":      {Data: []byte("package cfnvet.lib\n\nx := 1\n")},
		"log/tst001.rego":   {Data: []byte(userPolicy)},
		"lib/lib_test.rego": {Data: []byte("package cfnvet.lib_test\n\ntest_x if { data.cfnvet.lib.x == 1 }\n")},
	}}
	for pkg, want := range map[string]string{
		"cfnvet.lib":          "package cfnvet.lib: user policies cannot declare or extend cfnvet's own packages",
		"cfnvet.lib.extra":    "package cfnvet.lib.extra: user policies cannot",
		"cfnvet":              "package cfnvet: user policies cannot",
		"cfnvet.rules":        "package cfnvet.rules: user policies cannot",
		"cfnvet.lib_test":     "package cfnvet.lib_test: user policies cannot",
		"cfnvet.rules.x.y":    "package cfnvet.rules.x.y: user policies cannot",
		"cfnvet.rules.tst001": "package cfnvet.rules.tst001 is already declared by policies/log/tst001.rego",
	} {
		src := "package " + pkg + "\n\nx := 2\n"
		if pkg == "cfnvet.rules.tst001" {
			src = strings.Replace(userPolicy, "TST001", "TST002", 1)
		}
		user := Source{Name: "mine", User: true, FS: fstest.MapFS{"p.rego": {Data: []byte(src)}}}
		_, err := Load(context.Background(), builtin, user)
		if err == nil || !strings.Contains(err.Error(), "mine/p.rego:") || !strings.Contains(err.Error(), want) {
			t.Errorf("package %s: got %v, want %q", pkg, err, want)
		}
		if _, err := Test(context.Background(), builtin, user); pkg != "cfnvet.rules.tst001" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("policy test, package %s: got %v, want %q", pkg, err, want)
		}
	}
	// Their own packages may import the library, and rule policies live in
	// cfnvet.rules.<name>.
	own := Source{Name: "mine", User: true, FS: fstest.MapFS{
		"helpers.rego": {Data: []byte("package acme.helpers\n\nimport data.cfnvet.lib\n\ny := lib.x + 1\n")},
		"rule.rego":    {Data: []byte(strings.NewReplacer("TST001", "ACME001", "tst001", "acme001").Replace(userPolicy))},
	}}
	set, err := Load(context.Background(), builtin, own)
	if err != nil || len(set.Rules) != 2 {
		t.Fatalf("user policies in their own packages: %v", err)
	}
}
