package policies_test

import (
	"context"
	"testing"

	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/policies"
)

// TestRegoUnitTests runs every embedded *_test.rego with the sandboxed
// capabilities.
func TestRegoUnitTests(t *testing.T) {
	results, err := policy.Test(context.Background(), policies.Source())
	if err != nil {
		t.Fatal(err)
	}
	if len(results) == 0 {
		t.Fatal("no Rego tests found")
	}
	t.Logf("%d Rego tests", len(results))
	for _, r := range results {
		if !r.Pass {
			t.Errorf("%s %s failed (%v)", r.Location, r.Name, r.Err)
		}
	}
}

func TestEmbeddedPoliciesCompile(t *testing.T) {
	set, err := policy.Load(context.Background(), policies.Source())
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Rules) == 0 {
		t.Fatal("no embedded rule policies")
	}
}
