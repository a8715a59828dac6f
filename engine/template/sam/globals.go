package sam

import (
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
		if samGlobalTypes[s.Key] == r.Get("Type").Value && s.Value.Kind == template.Map {
			section = s.Value
		}
	}
	if section == nil {
		return r
	}
	out := &template.Node{Kind: template.Map, Range: r.Range, Entries: slices.Clone(r.Entries)}
	props := out.Entry("Properties")
	switch {
	case props == nil:
		// A missing property is then reported at the resource's Type line,
		// not at the Globals section.
		out.Entries = append(out.Entries, template.Entry{Key: "Properties", KeyRange: r.Entry("Type").KeyRange, Value: section})
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
		for _, g := range global.Entries {
			if l := local.Entry(g.Key); l != nil {
				out.Entries = append(out.Entries, template.Entry{Key: g.Key, KeyRange: l.KeyRange, Value: mergeGlobal(g.Value, l.Value)})
			} else {
				out.Entries = append(out.Entries, g)
			}
		}
		for _, l := range local.Entries {
			if global.Entry(l.Key) == nil {
				out.Entries = append(out.Entries, l)
			}
		}
		return out
	case global.Kind == template.List && local.Kind == template.List:
		out := &template.Node{Kind: template.List, Range: local.Range}
		out.Items = append(append(out.Items, global.Items...), local.Items...)
		return out
	}
	return local
}
