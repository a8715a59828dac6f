package cfnvet_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/ruledoc"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/testengine"
)

// TestRuleDocsUpToDate fails when docs/rules/ differs from what
// `make docs` would generate from the current rule metadata and fixtures.
func TestRuleDocsUpToDate(t *testing.T) {
	eng := testengine.Builtin(t, scan.Config{})
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

// TestRuleSetsDocumented keeps docs/rule-sets.md true: its table gives each
// set's size, and every rule outside the default set is named with the
// reason it moved.
func TestRuleSetsDocumented(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("docs", "rule-sets.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	eng := testengine.Builtin(t, scan.Config{})
	for _, set := range rule.RuleSets {
		row := regexp.MustCompile("(?m)^\\| `" + set.Name + "` \\| (\\d+) \\|").FindStringSubmatch(doc)
		if row == nil {
			t.Errorf("docs/rule-sets.md: no table row for set %s", set.Name)
			continue
		}
		if n := len(eng.Registry.InSet(set.Name)); row[1] != strconv.Itoa(n) {
			t.Errorf("docs/rule-sets.md: set %s has %s rules in the table, %d in the registry", set.Name, row[1], n)
		}
	}
	for _, m := range eng.Registry.All() {
		if !m.InDefault() && !strings.Contains(doc, m.ID) {
			t.Errorf("docs/rule-sets.md does not say why %s (%s) is out of the default set", m.ID, strings.Join(m.SetLabels(), ", "))
		}
	}
}
