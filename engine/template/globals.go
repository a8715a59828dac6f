package template

// samGlobalTypes maps SAM Globals sections to the resource types they apply to.
var samGlobalTypes = map[string]string{
	"Function":     "AWS::Serverless::Function",
	"Api":          "AWS::Serverless::Api",
	"HttpApi":      "AWS::Serverless::HttpApi",
	"SimpleTable":  "AWS::Serverless::SimpleTable",
	"StateMachine": "AWS::Serverless::StateMachine",
	"LayerVersion": "AWS::Serverless::LayerVersion",
}

// mergeSAMGlobals applies the SAM Globals section to the resources it
// covers, the way the SAM translator does: a property set on the resource
// wins, mappings are merged key by key, lists are concatenated (globals
// first). Inherited values keep the Globals text's positions, so a finding
// on an inherited setting points at the line that set it.
func mergeSAMGlobals(root *Node) {
	globals := root.Get("Globals")
	res := root.Get("Resources")
	if globals == nil || res == nil || globals.Kind != Map {
		return
	}
	for _, section := range globals.Entries {
		typ, ok := samGlobalTypes[section.Key]
		if !ok || section.Value.Kind != Map {
			continue
		}
		for i := range res.Entries {
			r := res.Entries[i].Value
			if t := r.Get("Type"); t == nil || t.Value != typ {
				continue
			}
			props := r.Entry("Properties")
			if props == nil {
				// A missing property is then reported at the resource's Type
				// line, not at the Globals section.
				r.Entries = append(r.Entries, Entry{Key: "Properties", KeyRange: r.Entry("Type").KeyRange, Value: section.Value})
				continue
			}
			if props.Value.Kind == Map {
				props.Value = mergeGlobal(section.Value, props.Value)
			}
		}
	}
}

func mergeGlobal(global, local *Node) *Node {
	switch {
	case global.Kind == Map && local.Kind == Map:
		if _, _, ok := local.Intrinsic(); ok {
			return local
		}
		out := &Node{Kind: Map, Range: local.Range}
		for _, g := range global.Entries {
			if l := local.Entry(g.Key); l != nil {
				out.Entries = append(out.Entries, Entry{Key: g.Key, KeyRange: l.KeyRange, Value: mergeGlobal(g.Value, l.Value)})
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
	case global.Kind == List && local.Kind == List:
		out := &Node{Kind: List, Range: local.Range}
		out.Items = append(append(out.Items, global.Items...), local.Items...)
		return out
	}
	return local
}
