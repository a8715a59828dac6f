package policies_test

import (
	"bytes"
	"context"
	"os"
	"reflect"
	"testing"

	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/policies"
)

// TestPolicyIndexUpToDate fails when index_gen.go no longer matches the
// policy files: run `go generate ./policies`. (Load would still be right,
// since it ignores an entry whose digest differs, but every start would
// parse the changed files.)
func TestPolicyIndexUpToDate(t *testing.T) {
	src := policies.Source()
	idx, err := policy.BuildIndex(policy.Source{FS: src.FS, Name: src.Name})
	if err != nil {
		t.Fatal(err)
	}
	want, err := policy.RenderIndex("policies", "index", "cmd/cfnvet-policyindex", idx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("index_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("index_gen.go is stale: run `go generate ./policies` and commit the result")
	}
}

// TestIndexedMetadataEqualsParsed loads the built-in policies with and
// without the generated index: the rules must be the same, and with the
// index nothing is parsed.
func TestIndexedMetadataEqualsParsed(t *testing.T) {
	ctx := context.Background()
	src := policies.Source()
	indexed, err := policy.Load(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	if st := indexed.Stats(); len(st.Parsed) != 0 || st.Batches != 0 {
		t.Errorf("loading the built-in policies parsed %v and compiled %d times: the index should make both unnecessary", st.Parsed, st.Batches)
	}
	parsed, err := policy.Load(ctx, policy.Source{FS: src.FS, Name: src.Name})
	if err != nil {
		t.Fatal(err)
	}
	if len(indexed.Rules) != len(parsed.Rules) || len(parsed.Rules) < 60 {
		t.Fatalf("%d rules from the index, %d parsed", len(indexed.Rules), len(parsed.Rules))
	}
	for i := range parsed.Rules {
		if !reflect.DeepEqual(indexed.Rules[i], parsed.Rules[i]) {
			t.Errorf("%s: indexed metadata\n%+v\nparsed\n%+v", parsed.Rules[i].ID, indexed.Rules[i], parsed.Rules[i])
		}
	}
}
