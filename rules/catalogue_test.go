package rules_test

import (
	"encoding/csv"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/testengine"
)

// catalogueCSV is the project's copy of the design catalogue (see its
// README): present in every clone, so this check never skips.
const catalogueCSV = "../testdata/catalogue/rules.csv"

var aliasPatterns = map[string]*regexp.Regexp{
	"cfn_nag": regexp.MustCompile(`\b[FW]\d+\b`),
	"checkov": regexp.MustCompile(`\bCKV2?_AWS_\d+\b`),
	"kics":    regexp.MustCompile(`\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`),
	"trivy":   regexp.MustCompile(`\bAVD-AWS-\d{4}\b`),
}

// TestCatalogueAgreement checks every implemented rule against the design
// catalogue: same title and severity, and every
// peer id the catalogue lists is an alias, because aliases drive `explain`,
// suppression compatibility and migration.
func TestCatalogueAgreement(t *testing.T) {
	f, err := os.Open(catalogueCSV)
	if err != nil {
		t.Fatalf("catalogue missing: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	byID := map[string][]string{}
	for _, r := range rows[1:] {
		byID[r[col["id"]]] = r
	}
	eng := testengine.Builtin(t, scan.Config{})
	for _, m := range eng.Registry.All() {
		row, ok := byID[m.ID]
		if !ok {
			continue // a rule beyond the catalogue
		}
		// The catalogue marks rules that ship off in their title; cfnvet
		// keeps that in the rule's sets instead (docs/rule-sets.md).
		want, off := strings.CutSuffix(row[col["title"]], " (disabled by default)")
		if m.Title != want {
			t.Errorf("%s: title %q, catalogue says %q", m.ID, m.Title, want)
		}
		if off && m.InDefault() {
			t.Errorf("%s: in the default set, but the catalogue has it disabled by default", m.ID)
		}
		if got, want := m.Severity.String(), row[col["severity"]]; got != want {
			t.Errorf("%s: severity %s, catalogue says %s", m.ID, got, want)
		}
		for tool, rx := range aliasPatterns {
			want := rx.FindAllString(row[col[tool]], -1)
			have := map[string]bool{}
			for _, a := range m.Aliases[tool] {
				have[a] = true
			}
			var missing []string
			for _, w := range want {
				if !have[w] {
					missing = append(missing, w)
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Errorf("%s: %s aliases missing %v", m.ID, tool, missing)
			}
		}
	}
}
