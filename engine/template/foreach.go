package template

import (
	"regexp"
	"strings"
)

// maxForEachOutputs bounds Fn::ForEach expansion so a hostile template
// cannot blow up memory with nested loops.
const maxForEachOutputs = 10000

var nonAlnum = regexp.MustCompile(`[^A-Za-z0-9]`)

// expandForEach applies the AWS::LanguageExtensions Fn::ForEach transform in
// place: every `Fn::ForEach::Name: [Identifier, Collection, {KeyTemplate:
// Body}]` entry of a mapping is replaced by the generated entries. Generated
// nodes keep the source ranges of the loop body, so findings point at the
// text the author wrote. Collections must be literal lists or a Ref to a
// parameter with a Default; other loops are left out with a warning.
func (c *converter) expandForEach(n *Node, params *Node, budget *int) {
	if n == nil {
		return
	}
	switch n.Kind {
	case List:
		for _, it := range n.Items {
			c.expandForEach(it, params, budget)
		}
	case Map:
		if !hasForEach(n) {
			for _, e := range n.Entries {
				c.expandForEach(e.Value, params, budget)
			}
			return
		}
		// A loop's outputs may themselves be loops (nested Fn::ForEach), so
		// generated entries go back through the queue.
		queue := append([]Entry(nil), n.Entries...)
		var out []Entry
		for len(queue) > 0 {
			e := queue[0]
			queue = queue[1:]
			if !strings.HasPrefix(e.Key, "Fn::ForEach::") {
				c.expandForEach(e.Value, params, budget)
				out = append(out, e)
				continue
			}
			gen, ok := c.forEach(e, params)
			if !ok {
				continue
			}
			*budget -= len(gen)
			if *budget < 0 {
				c.warn(e.KeyRange.Line, e.KeyRange.Col, "Fn::ForEach expands to more than %d entries; the rest are not linted", maxForEachOutputs)
				break
			}
			queue = append(gen, queue...)
		}
		for _, e := range queue { // left over after the budget ran out
			if !strings.HasPrefix(e.Key, "Fn::ForEach::") {
				out = append(out, e)
			}
		}
		n.Entries = out
	}
}

func hasForEach(n *Node) bool {
	for _, e := range n.Entries {
		if strings.HasPrefix(e.Key, "Fn::ForEach::") {
			return true
		}
	}
	return false
}

func (c *converter) forEach(e Entry, params *Node) ([]Entry, bool) {
	args := e.Value
	if args.Kind != List || len(args.Items) != 3 || args.Items[0].Kind != String || args.Items[2].Kind != Map {
		c.warn(e.KeyRange.Line, e.KeyRange.Col, "%s takes [identifier, collection, {output-key: output-value}]; not expanded", e.Key)
		return nil, false
	}
	id := args.Items[0].Value
	items, ok := collectionItems(args.Items[1], params)
	if !ok {
		c.warn(e.KeyRange.Line, e.KeyRange.Col, "%s: the collection cannot be known before deployment; the loop body is not linted", e.Key)
		return nil, false
	}
	var out []Entry
	for _, item := range items {
		for _, body := range args.Items[2].Entries {
			key := substituteLoopVar(body.Key, id, item)
			out = append(out, Entry{Key: key, KeyRange: body.KeyRange, Value: cloneWith(body.Value, id, item)})
		}
	}
	return out, true
}

func collectionItems(n *Node, params *Node) ([]string, bool) {
	if fn, arg, ok := n.Intrinsic(); ok {
		if fn != "Ref" || arg.Kind != String {
			return nil, false
		}
		def := params.Get(arg.Value).Get("Default")
		if def == nil || !def.IsScalar() {
			return nil, false
		}
		var out []string
		for _, s := range strings.Split(def.Value, ",") {
			out = append(out, strings.TrimSpace(s))
		}
		return out, true
	}
	if n.Kind != List {
		return nil, false
	}
	out := make([]string, 0, len(n.Items))
	for _, it := range n.Items {
		if !it.IsScalar() {
			return nil, false
		}
		out = append(out, it.Value)
	}
	return out, true
}

func substituteLoopVar(s, id, item string) string {
	s = strings.ReplaceAll(s, "${"+id+"}", item)
	return strings.ReplaceAll(s, "&{"+id+"}", nonAlnum.ReplaceAllString(item, ""))
}

// cloneWith copies a loop body, replacing the loop identifier: `Ref: Id`
// becomes the item, and ${Id} / &{Id} in strings and keys are substituted.
func cloneWith(n *Node, id, item string) *Node {
	if n == nil {
		return nil
	}
	if fn, arg, ok := n.Intrinsic(); ok && fn == "Ref" && arg.Kind == String && arg.Value == id {
		return &Node{Kind: String, Value: item, Range: n.Range}
	}
	cp := *n
	switch n.Kind {
	case Map:
		cp.Entries = make([]Entry, len(n.Entries))
		for i, e := range n.Entries {
			cp.Entries[i] = Entry{Key: substituteLoopVar(e.Key, id, item), KeyRange: e.KeyRange, Value: cloneWith(e.Value, id, item)}
		}
	case List:
		cp.Items = make([]*Node, len(n.Items))
		for i, it := range n.Items {
			cp.Items[i] = cloneWith(it, id, item)
		}
	case String:
		cp.Value = substituteLoopVar(n.Value, id, item)
	}
	return &cp
}
