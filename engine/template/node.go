// Package template owns the position-aware document model of a CloudFormation
// template: bytes are parsed into a yaml.Node tree, short-form intrinsic tags
// are rewritten to their long form, and every key and value keeps its exact
// line and column so findings can point at the offending text.
package template

import (
	"fmt"
	"strconv"
	"strings"
	"unsafe"
)

// Kind is the shape of a document node.
type Kind uint8

// Node kinds. Scalars keep the YAML type they were written with, because
// CloudFormation accepts "22" and 22 alike but rules sometimes care.
const (
	Null Kind = iota
	Bool
	Int
	Float
	String
	Map
	List
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Int, Float:
		return "number"
	case String:
		return "string"
	case Map:
		return "mapping"
	case List:
		return "list"
	}
	return "unknown"
}

// Range is a 1-based, end-inclusive-start / end-exclusive-column span of text.
// Its fields are 32-bit: every node, key and resolved value carries one (a
// 10,000-resource template has 177,000 nodes), and a file cfnvet reads is
// far shorter than 2^31 lines or columns.
type Range struct {
	Line, Col       int32
	EndLine, EndCol int32
}

// Node is one value of the template document: a scalar's text (unquoted),
// a mapping's entries in source order or a list's items, read through
// Value, Entries and Items.
//
// The three share one pointer and length, as a node only ever holds one of
// them: a 10,000-resource template has 177,000 nodes, which take 32 bytes
// each this way and took 96 (the allocation size of three separate fields)
// when each had its own.
type Node struct {
	Kind  Kind
	holds holding
	n     uint32         // length of the text, entries or items
	kids  unsafe.Pointer // their first byte, entry or item
	Range Range          // the value's own text
}

// holding says which of a node's text, entries and items kids points at.
type holding uint8

const (
	holdsNothing holding = iota
	holdsText
	holdsEntries
	holdsItems
)

// Value returns a scalar's text; "" for a mapping or list.
func (n *Node) Value() string {
	if n == nil || n.holds != holdsText {
		return ""
	}
	return unsafe.String((*byte)(n.kids), n.n)
}

// Entries returns a mapping's entries in source order; nil for other kinds.
// Writing an element changes the node; appending does not.
func (n *Node) Entries() []Entry {
	if n == nil || n.holds != holdsEntries {
		return nil
	}
	return unsafe.Slice((*Entry)(n.kids), n.n)
}

// Items returns a list's items; nil for other kinds. Writing an element
// changes the node; appending does not.
func (n *Node) Items() []*Node {
	if n == nil || n.holds != holdsItems {
		return nil
	}
	return unsafe.Slice((**Node)(n.kids), n.n)
}

// SetValue makes s the node's text. Giving text to a node holding entries
// or items is a bug in the caller, which would lose them.
func (n *Node) SetValue(s string) {
	if s == "" && n.holds != holdsText {
		return
	}
	n.hold(holdsText, unsafe.Pointer(unsafe.StringData(s)), len(s))
}

// SetEntries makes es the node's entries.
func (n *Node) SetEntries(es []Entry) {
	n.hold(holdsEntries, unsafe.Pointer(unsafe.SliceData(es)), len(es))
}

// SetItems makes items the node's items.
func (n *Node) SetItems(items []*Node) {
	n.hold(holdsItems, unsafe.Pointer(unsafe.SliceData(items)), len(items))
}

func (n *Node) hold(h holding, p unsafe.Pointer, length int) {
	if n.holds != holdsNothing && n.holds != h && n.n > 0 {
		panic(fmt.Sprintf("template: a node holding %d elements of one kind given another (%d)", n.n, h))
	}
	n.holds, n.kids, n.n = h, p, uint32(length)
}

// NewScalar returns a scalar node of kind with text.
func NewScalar(kind Kind, text string, at Range) *Node {
	n := &Node{Kind: kind, Range: at}
	n.SetValue(text)
	return n
}

// NewMap returns a mapping node with entries.
func NewMap(entries []Entry, at Range) *Node {
	n := &Node{Kind: Map, Range: at}
	n.SetEntries(entries)
	return n
}

// NewList returns a list node with items.
func NewList(items []*Node, at Range) *Node {
	n := &Node{Kind: List, Range: at}
	n.SetItems(items)
	return n
}

// Entry is one key of a mapping with the position of the key itself.
type Entry struct {
	Key      string
	KeyRange Range
	Value    *Node
}

// Get returns the value of key in a mapping, or nil.
func (n *Node) Get(key string) *Node {
	if e := n.Entry(key); e != nil {
		return e.Value
	}
	return nil
}

// Text returns a scalar's text; "" for an absent node, so an optional key
// can be read in one step (Get("Type").Text()).
func (n *Node) Text() string {
	if n == nil {
		return ""
	}
	return n.Value()
}

// Fields returns a mapping's entries; nil for an absent node or any other
// kind, so callers can range over an optional section without a check.
func (n *Node) Fields() []Entry {
	if n == nil || n.Kind != Map {
		return nil
	}
	return n.Entries()
}

// Entry returns the entry for key in a mapping, or nil.
func (n *Node) Entry(key string) *Entry {
	if n == nil || n.Kind != Map {
		return nil
	}
	for i := range n.Entries() {
		if n.Entries()[i].Key == key {
			return &n.Entries()[i]
		}
	}
	return nil
}

// IsScalar reports whether n is a scalar value.
func (n *Node) IsScalar() bool {
	return n != nil && n.Kind != Map && n.Kind != List
}

// Intrinsic returns the function name and argument when n is a single-key
// mapping whose key is an intrinsic function ("Ref", "Fn::…", "Condition").
func (n *Node) Intrinsic() (string, *Node, bool) {
	if n == nil || n.Kind != Map || len(n.Entries()) != 1 {
		return "", nil, false
	}
	k := n.Entries()[0].Key
	if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
		return k, n.Entries()[0].Value, true
	}
	return "", nil, false
}

// BoolValue reports the CloudFormation boolean value of a scalar: YAML booleans
// and the strings "true"/"false" in any case.
func (n *Node) BoolValue() (value, ok bool) {
	if n == nil || !n.IsScalar() {
		return false, false
	}
	switch strings.ToLower(n.Value()) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// Number returns the numeric value of a scalar written as a number or a
// numeric string.
func (n *Node) Number() (float64, bool) {
	if n == nil || !n.IsScalar() || n.Kind == Null {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(n.Value()), 64)
	return f, err == nil
}

// count is the number of nodes in the tree under n, n included.
func (n *Node) count() int {
	if n == nil {
		return 0
	}
	total := 1
	for _, e := range n.Entries() {
		total += e.Value.count()
	}
	for _, it := range n.Items() {
		total += it.count()
	}
	return total
}
