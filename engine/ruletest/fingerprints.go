package ruletest

import (
	"fmt"

	"github.com/cfnvet/cfnvet/engine/finding"
)

// DuplicateFingerprints reports findings of one file that share a rule and
// a fingerprint. A baseline entry or a code-scanning alert is keyed by
// (file, rule, fingerprint), so two such findings are one to a baseline: it
// would silently accept the second when the first was accepted.
func DuplicateFingerprints(name string, findings []finding.Finding) []string {
	type key struct{ rule, fingerprint string }
	first := map[key]finding.Finding{}
	var problems []string
	for _, f := range findings {
		k := key{f.Rule.ID, f.Fingerprint}
		if prev, dup := first[k]; dup {
			problems = append(problems, fmt.Sprintf("%s:%d: %s has the fingerprint of the finding at line %d (%s and %s)",
				name, f.Range.Line, f.Rule.ID, prev.Range.Line, pathOf(prev), pathOf(f)))
			continue
		}
		first[k] = f
	}
	return problems
}

func pathOf(f finding.Finding) string {
	if f.Resource == "" {
		return f.Path.String()
	}
	return f.Resource + "." + f.Path.String()
}
