package resolve

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/internal/hostile"
)

// mappingChain is a mapping whose entry lN joins two Fn::FindInMap of
// entry lN-1: the same doubling, reached through Mappings.
func mappingChain(depth int) (map[string]any, any) {
	entries := map[string]any{"l0": "a"}
	for i := 1; i <= depth; i++ {
		prev := map[string]any{"Fn::FindInMap": []any{"M", "k", fmt.Sprintf("l%d", i-1)}}
		entries[fmt.Sprintf("l%d", i)] = map[string]any{"Fn::Join": []any{"", []any{prev, prev}}}
	}
	return map[string]any{"M": map[string]any{"k": entries}},
		map[string]any{"Fn::FindInMap": []any{"M", "k", fmt.Sprintf("l%d", depth)}}
}

func resolveDoc(t *testing.T, doc map[string]any) (*Resolver, *model.View) {
	t.Helper()
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return resolveBytes(t, data)
}

func resolveBytes(t *testing.T, data []byte) (*Resolver, *model.View) {
	t.Helper()
	tpl, err := template.Parse("t.json", data)
	if err != nil {
		t.Fatal(err)
	}
	r := New(tpl, Inputs{})
	return r, r.views()[0]
}

func withProp(value any) map[string]any {
	return map[string]any{"Resources": map[string]any{"R": map[string]any{"Type": "AWS::Test::Thing",
		"Properties": map[string]any{"P": value}}}}
}

// A variable used twice is resolved once: the bytes produced are those of
// the strings built at each level (2+4+…+2^depth), not depth×2^depth.
func TestSharedSubtreesAreResolvedOnce(t *testing.T) {
	const depth = 12
	mappings, ref := mappingChain(depth)
	fim := withProp(ref)
	fim["Mappings"] = mappings
	for name, doc := range map[string]map[string]any{"Fn::Sub": withProp(hostile.SubChain(depth, "a")), "Fn::FindInMap": fim} {
		r, view := resolveDoc(t, doc)
		wantString(t, view.Resource("R").Prop("P"), strings.Repeat("a", 1<<depth))
		start := producedFloor + producedPerByte*r.t.Size()
		if spent, most := start-r.budget, 2<<depth; spent > most {
			t.Errorf("%s: %d bytes produced for a %d-byte result, want at most %d (each level once)", name, spent, 1<<depth, most)
		}
		if len(r.Warnings()) != 0 {
			t.Errorf("%s: warnings %v", name, r.Warnings())
		}
	}
}

// Values that would grow past the budget are Unknown, with one warning at
// the place where the budget ran out; other values stay known.
func TestProducedValuesAreBounded(t *testing.T) {
	mappings, ref := mappingChain(30)
	list := strings.Repeat("a,", 4000) + "a"
	cases := map[string]struct {
		value    any
		mappings any
		fn       string
	}{
		"Fn::Sub":       {value: hostile.SubChain(40, "a"), fn: "Fn::Sub"},
		"Fn::FindInMap": {value: ref, mappings: mappings, fn: "Fn::Join"},
		"Fn::Split":     {value: map[string]any{"Fn::Split": []any{",", hostile.SubChain(30, "a,")}}, fn: "Fn::"},
		"Ref list": {value: func() any {
			refs := make([]any, 3000)
			for i := range refs {
				refs[i] = map[string]any{"Ref": "L"}
			}
			return refs
		}(), fn: "Ref L"},
	}
	for name, tc := range cases {
		doc := withProp(tc.value)
		res := doc["Resources"].(map[string]any)
		res["Other"] = map[string]any{"Type": "AWS::Test::Thing", "Properties": map[string]any{"P": "kept"}}
		doc["Parameters"] = map[string]any{"L": map[string]any{"Type": "CommaDelimitedList", "Default": list}}
		if tc.mappings != nil {
			doc["Mappings"] = tc.mappings
		}
		r, view := resolveDoc(t, doc)
		p := view.Resource("R").Prop("P")
		if name == "Ref list" {
			items := p.List()
			if last := items[len(items)-1]; !last.IsUnknown() {
				t.Errorf("%s: the last Ref is %s, want Unknown past the budget", name, last.Describe())
			}
		} else if !p.IsUnknown() {
			t.Errorf("%s: got %s (%d bytes), want Unknown", name, p.Describe(), len(p.Scalar()))
		}
		wantString(t, view.Resource("Other").Prop("P"), "kept")
		ws := r.Warnings()
		if len(ws) != 1 || !strings.Contains(ws[0].Msg, tc.fn) || !strings.Contains(ws[0].Msg, "treated as unknown") || ws[0].Line < 1 {
			t.Errorf("%s: want one located warning naming %s, got %v", name, tc.fn, ws)
		}
	}
}

// The search for parameter values that switch on a resource evaluates
// conditions anew per try; a chain of conditions each needing every
// earlier one made it quadratic. It stops at its budget and says so.
func TestScenarioSearchIsBounded(t *testing.T) {
	const n = 600
	r, _ := resolveBytes(t, hostileShape(t, "condition-chain").Generate(n))
	start := searchFloor + searchPerByte*r.t.Size()
	scenarios := r.scenarios()
	if len(scenarios) == 0 || scenarios[0].Switched["R0"] != "C0" {
		t.Errorf("R0 (one parameter away from its condition) is not switched on: %+v", scenarios)
	}
	if spent := start - r.search.left; spent > start+n*maxIntrinsicDepth {
		t.Errorf("%d condition evaluations, budget %d", spent, start)
	}
	found := false
	for _, w := range r.Warnings() {
		found = found || strings.Contains(w.Msg, "are not checked under other parameter values")
	}
	if !found {
		t.Errorf("no warning that the search stopped: %v", r.Warnings())
	}
}

// hostileShape returns the hostile input shape of that name (internal/hostile).
func hostileShape(t *testing.T, name string) hostile.Shape {
	t.Helper()
	for _, s := range hostile.Shapes() {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no hostile shape %q", name)
	return hostile.Shape{}
}
