package sam

import (
	"fmt"
	"slices"

	"github.com/cfnvet/cfnvet/engine/template"
)

// samGlobalTypes maps SAM Globals sections to the resource types they apply to.
var samGlobalTypes = map[string]string{
	"Function":     "AWS::Serverless::Function",
	"Api":          "AWS::Serverless::Api",
	"HttpApi":      "AWS::Serverless::HttpApi",
	"SimpleTable":  "AWS::Serverless::SimpleTable",
	"StateMachine": "AWS::Serverless::StateMachine",
	"LayerVersion": "AWS::Serverless::LayerVersion",
	"WebSocketApi": "AWS::Serverless::WebSocketApi",
}

// withGlobals returns the SAM resource r with the Globals section for its
// type merged in, the way the SAM translator does: a property set on the
// resource wins, mappings are merged key by key, lists are concatenated
// (globals first). Inherited values keep the Globals text's positions, so a
// finding on an inherited setting points at the line that set it. r itself
// is not modified.
func withGlobals(globals, r *template.Node) *template.Node {
	var section *template.Node
	for _, s := range globals.Fields() {
		if samGlobalTypes[s.Key] == r.Get("Type").Value() && s.Value.Kind == template.Map {
			section = s.Value
		}
	}
	if section == nil {
		return r
	}
	out := template.NewMap(slices.Clone(r.Entries()), r.Range)
	props := out.Entry("Properties")
	switch {
	case props == nil:
		// A missing property is then reported at the resource's Type line,
		// not at the Globals section.
		out.SetEntries(append(out.Entries(), template.Entry{Key: "Properties", KeyRange: r.Entry("Type").KeyRange, Value: section}))
	case props.Value.Kind == template.Null:
		props.Value = section
	case props.Value.Kind == template.Map:
		props.Value = mergeGlobal(section, props.Value)
	}
	return out
}

func mergeGlobal(global, local *template.Node) *template.Node {
	switch {
	case global.Kind == template.Map && local.Kind == template.Map:
		if _, _, ok := local.Intrinsic(); ok {
			return local
		}
		out := &template.Node{Kind: template.Map, Range: local.Range}
		for _, g := range global.Entries() {
			if l := local.Entry(g.Key); l != nil {
				out.SetEntries(append(out.Entries(), template.Entry{Key: g.Key, KeyRange: l.KeyRange, Value: mergeGlobal(g.Value, l.Value)}))
			} else {
				out.SetEntries(append(out.Entries(), g))
			}
		}
		for _, l := range local.Entries() {
			if global.Entry(l.Key) == nil {
				out.SetEntries(append(out.Entries(), l))
			}
		}
		return out
	case global.Kind == template.List && local.Kind == template.List:
		out := &template.Node{Kind: template.List, Range: local.Range}
		out.SetItems(append(append(out.Items(), global.Items()...), local.Items()...))
		return out
	}
	return local
}

// Each SAM resource inherits its whole Globals section, so a section of G
// values applied to F resources is F×G values for every later stage to
// resolve and check: quadratic in the template's size. CheckGlobals refuses
// a template whose Globals would be copied into more than globalsFloor +
// globalsPerValue values per value of the template.
const (
	globalsFloor    = 1 << 15
	globalsPerValue = 8
)

// CheckGlobals returns an error, located at the Globals section that
// costs the most, when merging Globals into the SAM resources would make
// the template grow beyond the bound above.
func CheckGlobals(t *template.Template) error {
	globals := t.Root.Get("Globals")
	if globals == nil || globals.Kind != template.Map {
		return nil
	}
	users := map[string]int{}
	for _, e := range t.Section("Resources").Fields() {
		if typ := e.Value.Get("Type"); typ != nil && typ.Kind == template.String {
			users[typ.Value()]++
		}
	}
	limit := globalsFloor + globalsPerValue*countValues(t.Root)
	inherited := 0
	var worst template.Entry
	worstCost := -1
	for _, s := range globals.Entries() {
		typ, ok := samGlobalTypes[s.Key]
		if !ok || s.Value.Kind != template.Map {
			continue
		}
		cost := users[typ] * countValues(s.Value)
		inherited += cost
		if cost > worstCost {
			worst, worstCost = s, cost
		}
	}
	if inherited <= limit {
		return nil
	}
	return &template.Error{File: t.File, Line: int(worst.KeyRange.Line), Col: int(worst.KeyRange.Col),
		Msg: fmt.Sprintf("Globals.%s (%d values) is inherited by %d %s resources: merging Globals would copy %d values into them, more than the %d this template's size allows (%d per value); the file is not scanned",
			worst.Key, countValues(worst.Value), users[samGlobalTypes[worst.Key]], samGlobalTypes[worst.Key], inherited, limit, globalsPerValue)}
}

// countValues counts the nodes of a tree.
func countValues(n *template.Node) int {
	if n == nil {
		return 0
	}
	count := 1
	for _, e := range n.Entries() {
		count += countValues(e.Value)
	}
	for _, it := range n.Items() {
		count += countValues(it)
	}
	return count
}
