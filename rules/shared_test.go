package rules_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/engine/template/sam"
	"github.com/cfnvet/cfnvet/rules"
)

// TestSharedDerivationsChangeNoReport: the engine gives the rules checking
// one resource a shared rule.Memo (the IAM rules share each resource's
// documents, statements and element lists through it). Every Go rule on
// every resource of every Go rule fixture reports the same with the memo
// as with a fresh derivation per rule.
func TestSharedDerivationsChangeNoReport(t *testing.T) {
	files, err := filepath.Glob("../testdata/rules/*/*")
	if err != nil {
		t.Fatal(err)
	}
	reg, err := rule.NewRegistry(rules.Go(), nil)
	if err != nil {
		t.Fatal(err)
	}
	opts := rule.Options{AssumeAWSDefaults: true}
	compared, reported := 0, 0
	for _, file := range files {
		if ext := filepath.Ext(file); ext != ".yaml" && ext != ".yml" && ext != ".json" {
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		tpl, err := template.Parse(file, data)
		if err != nil {
			continue // a fixture of a load error
		}
		views, _ := resolve.Resolve(sam.Transform(tpl), resolve.Inputs{})
		for _, v := range views {
			shared, alone := resourceMajor(reg, v, opts, true), resourceMajor(reg, v, opts, false)
			if !reflect.DeepEqual(shared, alone) {
				t.Errorf("%s: with a shared memo %v\nwithout %v", file, shared, alone)
			}
			compared++
			reported += len(alone)
		}
	}
	t.Logf("compared %d views, %d reports", compared, reported)
	if compared < 500 || reported < 500 {
		t.Fatalf("compared %d views with %d reports: the fixtures were not found", compared, reported)
	}
}

// resourceMajor runs the resource rules as the engine does: resource by
// resource, every rule of the resource's type in turn, sharing one Memo
// per resource when shared is set.
func resourceMajor(reg *rule.Registry, v *model.View, opts rule.Options, shared bool) []string {
	var out []rule.Report
	var memo rule.Memo
	for _, r := range v.Resources {
		memo.Reset()
		for _, g := range reg.GoRulesFor(r.Type) {
			p := rule.NewPass(v, opts, &g.Meta, &out)
			if shared {
				p = p.WithMemo(&memo)
			}
			g.Check(p, r)
		}
	}
	lines := make([]string, len(out))
	for i, rp := range out {
		lines[i] = strings.Join([]string{rp.RuleID, rp.Resource, rp.Path.String(), rp.Message}, " ")
	}
	return lines
}
