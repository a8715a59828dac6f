package suppress

import (
	"slices"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/rules"
)

// TestPeerScopesNameRealAliases keeps the scope table honest: every scoped
// peer id is an alias of some rule, and every type it is limited to is one
// that rule checks, so a renamed alias or type cannot silently disable it.
func TestPeerScopesNameRealAliases(t *testing.T) {
	reg, err := rule.NewRegistry(rules.Go(), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := reader{reg: reg}
	for key, types := range peerScopes() {
		source, id, _ := strings.Cut(key, "/")
		ids := r.resolve(source, id)
		if len(ids) == 0 {
			t.Errorf("%s: not a %s alias of any rule", key, source)
		}
		for ruleID := range ids {
			m := reg.ByID(ruleID)
			for _, typ := range types {
				if !slices.Contains(m.ResourceTypes, typ) {
					t.Errorf("%s: %s does not check %s", key, ruleID, typ)
				}
			}
		}
	}
}
