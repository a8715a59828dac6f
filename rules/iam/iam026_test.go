package iam

import (
	"testing"

	"github.com/cfnvet/cfnvet/rules/iam/iamdata"
)

// The action lists of IAM026 name real KMS actions, spelled as the
// Service Authorization Reference spells them.
func TestKeyActionsExist(t *testing.T) {
	for _, name := range append(append([]string{}, keyAdminActions...), keyUsageActions...) {
		a, ok := iamdata.Lookup(name)
		if !ok {
			t.Errorf("%s is not in the action table", name)
			continue
		}
		if a.String() != name {
			t.Errorf("%s is spelled %s in the action table", name, a)
		}
	}
}
