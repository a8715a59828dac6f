package scan_test

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/ruletest"
	"github.com/cfnvet/cfnvet/engine/template"
)

// TestFingerprintsSurviveReordering reverses every list of mappings
// (ingress rules, statements, containers, …) under every resource's
// Properties of every rule fixture, moving almost every element: the
// fixture must report the same findings with the same fingerprints (issue 13: with index-based fingerprints a reordered list
// made its findings "new" and let a baseline accept others in their place).
func TestFingerprintsSurviveReordering(t *testing.T) {
	files, err := ruletest.Fixtures("../../testdata/rules")
	if err != nil {
		t.Fatal(err)
	}
	eng := newEngine(t)
	ctx := context.Background()
	checked, moved := 0, 0
	for _, path := range files {
		fx, err := ruletest.LoadFixture(path)
		if err != nil {
			t.Fatal(err)
		}
		if fx.ExpectError != "" || len(fx.Settings.Parameters) > 0 || len(fx.Settings.Conditions) > 0 {
			continue // the shared engine has no inputs
		}
		before := eng.ScanBytes(ctx, fx.Name, fx.Source)
		if before.Err != nil || before.Skipped {
			continue
		}
		tpl, err := template.Parse(fx.Name, fx.Source)
		if err != nil {
			t.Fatal(err)
		}
		reversed := 0
		for _, r := range tpl.Section("Resources").Fields() {
			reversed += reverseLists(r.Value.Get("Properties"))
		}
		if reversed == 0 {
			continue
		}
		after := eng.ScanTemplate(ctx, tpl)
		rel, _ := filepath.Rel("../../testdata/rules", path)
		if got, want := identities(after.Findings), identities(before.Findings); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: reversing %d lists changed the findings' identities:\nbefore %v\nafter  %v", rel, reversed, want, got)
		}
		checked += len(before.Findings)
		for _, f := range before.Findings {
			if strings.Contains(f.Path.String(), "[") {
				moved++
			}
		}
	}
	if moved < 100 {
		t.Errorf("only %d findings in lists checked; the fixtures should give hundreds", moved)
	}
	t.Logf("%d findings (%d inside lists) kept their fingerprints when every list was reversed", checked, moved)
}

// identities lists "rule fingerprint" of each finding, sorted.
func identities(fs []finding.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Rule.ID + " " + f.Fingerprint
	}
	sort.Strings(out)
	return out
}

// reverseLists reverses every list of mappings under n except the
// arguments of intrinsic functions, and returns how many lists of two or
// more it changed. Lists of scalars keep their order: a rule may point at
// the first of several (IAM002 reports a statement's wildcard actions at
// the first one), and which one is first is then the edit itself.
func reverseLists(n *template.Node) int {
	if n == nil {
		return 0
	}
	if _, _, intrinsic := n.Intrinsic(); intrinsic {
		return 0 // Fn::If [c, a, b], Fn::Join [",", …]: positions are arguments
	}
	count := 0
	switch n.Kind {
	case template.List:
		for _, it := range n.Items() {
			count += reverseLists(it)
		}
		if len(n.Items()) > 1 && allMappings(n.Items()) {
			slices.Reverse(n.Items())
			count++
		}
	case template.Map:
		for _, e := range n.Entries() {
			count += reverseLists(e.Value)
		}
	}
	return count
}

func allMappings(items []*template.Node) bool {
	for _, it := range items {
		if _, _, intrinsic := it.Intrinsic(); it.Kind != template.Map || intrinsic {
			return false
		}
	}
	return true
}
