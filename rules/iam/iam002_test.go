package iam

import (
	"slices"
	"testing"

	"github.com/cfnvet/cfnvet/rules/iam/iamdata"
)

// TestMinimalSetsMatchActionTable holds IAM002's exemption to the Service
// Authorization Reference: "<service>:*" is silent only while the service's
// actions are exactly the documented agent set, none of them scopable.
func TestMinimalSetsMatchActionTable(t *testing.T) {
	for service, want := range minimalSets {
		var got []string
		for a := range iamdata.Matching(service + ":*") {
			got = append(got, a.Name)
			if a.Scopable() {
				t.Errorf("%s takes a resource: the wildcard is no longer the minimal grant", a)
			}
		}
		slices.Sort(got)
		want = slices.Sorted(slices.Values(want))
		if !slices.Equal(got, want) {
			t.Errorf("%s actions in the table: %v; IAM002 exempts the wildcard as %v", service, got, want)
		}
	}
}
