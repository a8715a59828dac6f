package cfnvet_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cfnvet/cfnvet"
	"github.com/cfnvet/cfnvet/engine/ruledoc"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/rules"
)

// TestRuleDocsUpToDate fails when docs/rules/ differs from what
// `make docs` would generate from the current rule metadata and fixtures.
func TestRuleDocsUpToDate(t *testing.T) {
	eng, err := scan.New(context.Background(), scan.Config{GoRules: rules.Go(), Policies: rules.Policies()})
	if err != nil {
		t.Fatal(err)
	}
	want := ruledoc.Files(eng.Registry.All(), func(id string) ruledoc.Example {
		bad, good := cfnvet.Example(id)
		return ruledoc.Example{Bad: bad, Good: good}
	})
	for name, content := range want {
		got, err := os.ReadFile(filepath.Join("docs", "rules", name))
		if err != nil {
			t.Errorf("docs/rules/%s is missing; run `make docs`", name)
			continue
		}
		if string(got) != content {
			t.Errorf("docs/rules/%s is stale; run `make docs`", name)
		}
	}
	existing, err := filepath.Glob(filepath.Join("docs", "rules", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range existing {
		if _, ok := want[filepath.Base(p)]; !ok {
			t.Errorf("%s documents no rule; run `make docs` to remove it", p)
		}
	}
}
