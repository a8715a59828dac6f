package template

import (
	"regexp"
	"strings"
)

// Fn::ForEach multiplies its body: two nested loops over 100 items make
// 10,000 resources of a 1 KB file. The values generated are bounded by
// forEachFloor + forEachPerByte per byte of template text, so that later
// stages work in proportion to the file (a plain template has about one
// value per 15 bytes).
const (
	forEachFloor   = 8192
	forEachPerByte = 1
)

func forEachBudget(size int) int { return forEachFloor + forEachPerByte*size }

var nonAlnum = regexp.MustCompile(`[^A-Za-z0-9]`)

// LoopIdentifierPrefix starts the name that a loop body's Refs to its
// identifier point at when the collection has no value: the resolver sees
// such a Ref as Unknown ("Fn::ForEach::Name").
const LoopIdentifierPrefix = "Fn::ForEach::"

// expandForEach applies the AWS::LanguageExtensions Fn::ForEach transform in
// place: every `Fn::ForEach::Name: [Identifier, Collection, {KeyTemplate:
// Body}]` entry of a mapping is replaced by the generated entries. Generated
// nodes keep the source ranges of the loop body, so findings point at the
// text the author wrote. A collection is a literal list or a Ref to a
// parameter, whose supplied value wins over its Default. A collection with
// no value (a parameter without Default, !GetAZs, …) is expanded once with
// an Unknown identifier, so the body's literal problems are still found.
func (c *converter) expandForEach(n *Node, params *Node, budget *int) {
	if n == nil {
		return
	}
	switch n.Kind {
	case List:
		for _, it := range n.Items() {
			c.expandForEach(it, params, budget)
		}
	case Map:
		if !hasForEach(n) {
			for _, e := range n.Entries() {
				c.expandForEach(e.Value, params, budget)
			}
			return
		}
		// A loop's outputs may themselves be loops (nested Fn::ForEach), so
		// generated entries go back through the queue.
		queue := append([]Entry(nil), n.Entries()...)
		var out []Entry
		for len(queue) > 0 {
			e := queue[0]
			queue = queue[1:]
			if !strings.HasPrefix(e.Key, "Fn::ForEach::") {
				c.expandForEach(e.Value, params, budget)
				out = append(out, e)
				continue
			}
			gen, ok := c.forEach(e, params, budget)
			if !ok {
				continue
			}
			queue = append(gen, queue...)
			if *budget < 0 {
				c.warn(int(e.KeyRange.Line), int(e.KeyRange.Col), "Fn::ForEach expands to more than %d values (%d + %d per byte of template); the rest are not linted",
					forEachBudget(c.size), forEachFloor, forEachPerByte)
				break
			}
		}
		for _, e := range queue { // left over after the budget ran out
			if !strings.HasPrefix(e.Key, "Fn::ForEach::") {
				out = append(out, e)
			}
		}
		n.SetEntries(out)
	}
}

func hasForEach(n *Node) bool {
	for _, e := range n.Entries() {
		if strings.HasPrefix(e.Key, "Fn::ForEach::") {
			return true
		}
	}
	return false
}

// forEach returns the entries a loop generates, as many as budget (in
// values) pays for, and one more.
func (c *converter) forEach(e Entry, params *Node, budget *int) ([]Entry, bool) {
	args := e.Value
	if args.Kind != List || len(args.Items()) != 3 || args.Items()[0].Kind != String || args.Items()[2].Kind != Map {
		c.warn(int(e.KeyRange.Line), int(e.KeyRange.Col), "%s takes [identifier, collection, {output-key: output-value}]; not expanded", e.Key)
		return nil, false
	}
	id := args.Items()[0].Value()
	var iterations []loopVar
	if items, ok := c.collectionItems(args.Items()[1], params); ok {
		for _, item := range items {
			iterations = append(iterations, loopVar{id: id, item: item})
		}
	} else {
		iterations = []loopVar{{id: id, unknown: true}}
	}
	var out []Entry
	for _, lv := range iterations {
		for _, body := range args.Items()[2].Entries() {
			if *budget < 0 {
				return out, true
			}
			v := lv.clone(body.Value)
			*budget -= 1 + v.count()
			out = append(out, Entry{Key: lv.key(body.Key), KeyRange: body.KeyRange, Value: v})
		}
	}
	return out, true
}

// collectionItems returns a loop's collection, or false when it has no
// value before deployment.
func (c *converter) collectionItems(n *Node, params *Node) ([]string, bool) {
	if fn, arg, ok := n.Intrinsic(); ok {
		if fn != "Ref" || arg.Kind != String {
			return nil, false
		}
		decl := params.Get(arg.Value())
		if decl == nil {
			return nil, false
		}
		if typ := decl.Get("Type"); typ != nil && strings.HasPrefix(typ.Value(), "AWS::SSM::Parameter::Value") {
			return nil, false // its value and Default name an SSM parameter; what it holds is unknown
		}
		text, ok := c.supplied[arg.Value()]
		if !ok {
			def := decl.Get("Default")
			if def == nil || !def.IsScalar() || def.Kind == Null {
				return nil, false
			}
			text = def.Value()
		}
		var out []string
		for _, s := range strings.Split(text, ",") {
			out = append(out, strings.TrimSpace(s))
		}
		return out, true
	}
	if n.Kind != List {
		return nil, false
	}
	out := make([]string, 0, len(n.Items()))
	for _, it := range n.Items() {
		if !it.IsScalar() {
			return nil, false
		}
		out = append(out, it.Value())
	}
	return out, true
}

// loopVar is one iteration of a loop: its identifier and the item, or no
// item at all for the placeholder iteration of a collection without value.
type loopVar struct {
	id, item string
	unknown  bool
}

func (lv loopVar) ref() string { return LoopIdentifierPrefix + lv.id }

func (lv loopVar) uses(s string) bool {
	return strings.Contains(s, "${"+lv.id+"}") || strings.Contains(s, "&{"+lv.id+"}")
}

// key substitutes the identifier in a key. The placeholder iteration keeps
// the key as written (`Bucket${Name}`): a deterministic logical id that
// names the loop and cannot collide with a real one.
func (lv loopVar) key(s string) string {
	if lv.unknown {
		return s
	}
	s = strings.ReplaceAll(s, "${"+lv.id+"}", lv.item)
	return strings.ReplaceAll(s, "&{"+lv.id+"}", nonAlnum.ReplaceAllString(lv.item, ""))
}

// subText substitutes the identifier in a Fn::Sub template; an Unknown
// identifier becomes a reference the resolver cannot know.
func (lv loopVar) subText(s string) string {
	if !lv.unknown {
		return lv.key(s)
	}
	s = strings.ReplaceAll(s, "${"+lv.id+"}", "${"+lv.ref()+"}")
	return strings.ReplaceAll(s, "&{"+lv.id+"}", "${"+lv.ref()+"}")
}

// clone copies a loop body, replacing the identifier: `Ref: Id` becomes the
// item, and ${Id} / &{Id} in strings and keys are substituted. In the
// placeholder iteration every use of the identifier is Unknown instead: a
// Ref to it, a string that contains it, and its place in a Fn::Sub.
func (lv loopVar) clone(n *Node) *Node {
	if n == nil {
		return nil
	}
	fn, arg, isFn := n.Intrinsic()
	if isFn && fn == "Ref" && arg.Kind == String && arg.Value() == lv.id {
		if lv.unknown {
			return lv.unknownAt(n.Range)
		}
		return NewScalar(String, lv.item, n.Range)
	}
	cp := *n
	switch n.Kind {
	case Map:
		cp.SetEntries(make([]Entry, len(n.Entries())))
		for i, e := range n.Entries() {
			var v *Node
			if isFn && fn == "Fn::Sub" {
				v = lv.cloneSub(e.Value)
			} else {
				v = lv.clone(e.Value)
			}
			cp.Entries()[i] = Entry{Key: lv.key(e.Key), KeyRange: e.KeyRange, Value: v}
		}
	case List:
		cp.SetItems(make([]*Node, len(n.Items())))
		for i, it := range n.Items() {
			cp.Items()[i] = lv.clone(it)
		}
	case String:
		if lv.unknown && lv.uses(n.Value()) {
			return lv.unknownAt(n.Range)
		}
		cp.SetValue(lv.key(n.Value()))
	}
	return &cp
}

// cloneSub copies the argument of a Fn::Sub: its template string (alone or
// first in a list) takes the identifier as a variable.
func (lv loopVar) cloneSub(arg *Node) *Node {
	switch {
	case arg.Kind == String:
		cp := *arg
		cp.SetValue(lv.subText(arg.Value()))
		return &cp
	case arg.Kind == List && len(arg.Items()) > 0 && arg.Items()[0].Kind == String:
		cp := *arg
		cp.SetItems(make([]*Node, len(arg.Items())))
		first := *arg.Items()[0]
		first.SetValue(lv.subText(first.Value()))
		cp.Items()[0] = &first
		for i, it := range arg.Items()[1:] {
			cp.Items()[i+1] = lv.clone(it)
		}
		return &cp
	}
	return lv.clone(arg)
}

func (lv loopVar) unknownAt(rg Range) *Node {
	return NewMap([]Entry{{Key: "Ref", KeyRange: rg, Value: NewScalar(String, lv.ref(), rg)}}, rg)
}
