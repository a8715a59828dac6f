package cfnvet_test

import (
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/testengine"
)

// TestEveryRuleHasDocumentedExamples: `cfnvet explain`, the SARIF help and
// docs/rules show a tested bad and good example for every rule.
func TestEveryRuleHasDocumentedExamples(t *testing.T) {
	eng := testengine.Builtin(t, scan.Config{})
	for _, m := range eng.Registry.All() {
		bad, good := cfnvet.Example(m.ID)
		if !strings.Contains(bad, "want "+m.ID) {
			t.Errorf("%s: the documented bad example does not fire the rule (no `want %s` annotation)", m.ID, m.ID)
		}
		if strings.TrimSpace(good) == "" {
			t.Errorf("%s: no documented good example", m.ID)
		}
	}
}
