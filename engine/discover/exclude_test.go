package discover

import (
	"os"
	"path/filepath"
	"testing"
)

func TestMatchExclude(t *testing.T) {
	for _, tc := range []struct {
		pat, path string
		want      bool
	}{
		{"broken.yaml", "testdata/cli/broken.yaml", true},
		{"broken.yaml", "/abs/testdata/cli/broken.yaml", true},
		{"*.json", "a/b/stack.json", true},
		{"testdata/cli/*.yaml", "testdata/cli/x.yaml", true},
		{"testdata/cli/*.yaml", "../../testdata/cli/x.yaml", true},
		{"cli", "testdata/cli/x.yaml", true},
		{"cdk.out/asset.*", "cdk.out/asset.1234/stack.template.json", true},
		{"cdk.out/asset.*", "cdk.out/Stack.template.json", false},
		{"**/test/**", "stacks/api/test/fixture.yaml", true},
		{"**/test/**", "test/fixture.yaml", true},
		{"**/test/**", "stacks/testing/fixture.yaml", false},
		{"stacks/**/*.json", "stacks/a/b/c.json", true},
		{"stacks/**/*.json", "stacks/c.json", true},
		{"stacks/**/*.json", "stacks/a/c.yaml", false},
		{".*", "../../testdata/cli/x.yaml", false}, // ".." is not a hidden directory
		{".*", "repo/.aws-sam/build/template.yaml", true},
		{"prod", "stacks/production.yaml", false},
	} {
		if got := matchExclude(tc.pat, tc.path); got != tc.want {
			t.Errorf("matchExclude(%q, %q) = %v, want %v", tc.pat, tc.path, got, tc.want)
		}
	}
}

// An excluded directory is not walked, and its files are not listed.
func TestDiscoverExcludesDirectories(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"stack.yaml", "cdk.out/asset.1/nested.json", "cdk.out/Main.template.json", "test/t.yaml"} {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("Resources: {}\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, in := range Discover([]string{dir}, []string{"cdk.out/asset.*", "**/test/**"}) {
		if !in.IsDirectoryTarget() {
			rel, _ := filepath.Rel(dir, in.Path)
			got = append(got, filepath.ToSlash(rel))
		}
	}
	want := []string{"cdk.out/Main.template.json", "stack.yaml"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("discovered %v, want %v", got, want)
	}
}
