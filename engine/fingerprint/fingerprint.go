// Package fingerprint identifies a finding by what it is about rather than
// where it is, so that a baseline or a code-scanning service keeps
// recognising it across edits elsewhere in the template.
//
// Scheme (version 2): the fingerprint is the first 16 bytes, in hex, of
//
//	sha256("v2" NUL rule-id NUL logical-id NUL content-path)
//
// where content-path is the finding's path with every list index replaced
// by the identity of the list element it selects: "#" and the first 8
// bytes (hex) of the sha256 of the element's canonical content, followed by
// "~n" when n earlier siblings have the same content (the tie-breaker among
// identical elements). Canonical content is the element as resolved in the
// template's base view: mapping keys sorted, lists inside it as sets
// (items sorted), scalars as their text
// (so 22 and "22" are the same), values that cannot be known before
// deploy as their intrinsic function and target. Keys below and above the
// element stay as written. A path that cannot be followed keeps its
// remaining indices as numbers.
//
// So inserting, removing or reordering other elements of a list, moving
// lines, reformatting or renaming the file leave a fingerprint unchanged;
// changing the element itself (another port, another CIDR) makes it a new
// finding. Version 1 used the path with plain indices; Legacy computes it
// so that baselines written with it keep matching.
package fingerprint

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/template"
)

// Scheme is the version of the fingerprint Of computes.
const Scheme = 2

// Of returns the content fingerprint of a finding of ruleID at path on the
// resource with logical id resource of v (resource "" for a template-level
// finding, whose path starts at the template's top level).
func Of(ruleID string, v *model.View, resource string, path model.Path) string {
	return New(v).Of(ruleID, resource, path)
}

// Hasher fingerprints the findings of one view, computing the content
// digest of each list element once however many findings are in that list.
// It is not safe for concurrent use.
type Hasher struct {
	v *model.View
	// lists remembers the element identities of each list of the template
	// (by node), so many findings in one list cost one pass over it.
	lists map[any]list
}

// list is one list's elements and their identities.
type list struct {
	items []tree
	ids   []string
}

// New returns a Hasher for the findings of v.
func New(v *model.View) *Hasher { return &Hasher{v: v, lists: map[any]list{}} }

// Of is the package-level Of over h's view.
func (h *Hasher) Of(ruleID, resource string, path model.Path) string {
	return sum("v2\x00" + ruleID + "\x00" + resource + "\x00" + h.ContentPath(resource, path))
}

// Legacy returns the version 1 fingerprint: the path with list indices.
func Legacy(ruleID, resource string, path model.Path) string {
	return sum(ruleID + "\x00" + resource + "\x00" + path.String())
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:16])
}

// ContentPath renders path with each list index replaced by the identity
// of the element it selects (see the package documentation).
func ContentPath(v *model.View, resource string, path model.Path) string {
	return New(v).ContentPath(resource, path)
}

// ContentPath is the package-level ContentPath over h's view.
func (h *Hasher) ContentPath(resource string, path model.Path) string {
	v := h.v
	var root tree
	switch {
	case v == nil || v.Template == nil:
	case resource == "":
		root = nodeTree{v.Template.Root}
	default:
		if r := v.Resource(resource); r != nil {
			root = resourceTree{r}
		}
	}
	var b strings.Builder
	cur, ok := root, root != nil
	for _, el := range path {
		idx, isIndex := el.(int)
		if !isIndex {
			key := fmt.Sprint(el)
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(key)
			if ok {
				cur, ok = cur.field(key)
			}
			continue
		}
		var l list
		if ok {
			l, ok = h.list(cur)
		}
		if !ok || idx < 0 || idx >= len(l.items) {
			ok = false
			fmt.Fprintf(&b, "[%d]", idx)
			continue
		}
		b.WriteString("[" + l.ids[idx] + "]")
		cur = l.items[idx]
	}
	return b.String()
}

// list returns the elements of t and "#digest" for each, with "~n" for
// the n-th repetition of identical content; false when t is no list. Lists
// of the template are remembered; decoded JSON text has no identity to
// remember them by.
func (h *Hasher) list(t tree) (list, bool) {
	var key any
	switch x := t.(type) {
	case modelTree:
		key = x.v
	case nodeTree:
		key = x.n
	}
	if l, ok := h.lists[key]; ok && key != nil {
		return l, true
	}
	items, ok := t.items()
	if !ok {
		return list{}, false
	}
	l := list{items: items, ids: make([]string, len(items))}
	seen := map[string]int{}
	for i, it := range items {
		d := digest(it)
		l.ids[i] = "#" + d
		if n := seen[d]; n > 0 {
			l.ids[i] += "~" + strconv.Itoa(n)
		}
		seen[d]++
	}
	if key != nil {
		h.lists[key] = l
	}
	return l, true
}

func digest(t tree) string {
	var b bytes.Buffer
	t.canon(&b)
	h := sha256.Sum256(b.Bytes())
	return hex.EncodeToString(h[:8])
}

// tree is one of the three shapes a path walks through: the resolved
// model (Properties), the raw document (Metadata, template sections) and
// JSON text inside a string (a policy document written as a string).
type tree interface {
	field(key string) (tree, bool)
	// items returns a list's elements; a scalar is a one-element list, as
	// IAM reads Action: "s3:GetObject".
	items() ([]tree, bool)
	canon(b *bytes.Buffer)
}

type resourceTree struct{ r *model.Resource }

func (t resourceTree) field(key string) (tree, bool) {
	if key == "Properties" {
		return modelTree{t.r.Properties}, t.r.Properties != nil
	}
	n := t.r.Node.Get(key)
	return nodeTree{n}, n != nil
}

func (t resourceTree) items() ([]tree, bool) { return nil, false }
func (t resourceTree) canon(b *bytes.Buffer) { nodeTree{t.r.Node}.canon(b) }

type modelTree struct{ v *model.Value }

func (t modelTree) field(key string) (tree, bool) {
	switch t.v.Kind {
	case model.Map:
		f := t.v.Field(key)
		if f == nil {
			return nil, false
		}
		return modelTree{f.Value}, true
	case model.String:
		if j, ok := parseJSON(t.v.Scalar()); ok {
			return j.field(key)
		}
	}
	return nil, false
}

func (t modelTree) items() ([]tree, bool) {
	switch t.v.Kind {
	case model.List:
		out := make([]tree, len(t.v.Items()))
		for i, it := range t.v.Items() {
			out[i] = modelTree{it}
		}
		return out, true
	case model.String:
		if j, ok := parseJSON(t.v.Scalar()); ok {
			return j.items()
		}
		return []tree{t}, true
	case model.Bool, model.Number:
		return []tree{t}, true
	}
	return nil, false
}

func (t modelTree) canon(b *bytes.Buffer) {
	v := t.v
	switch v.Kind {
	case model.Null:
		b.WriteString("null")
	case model.Bool, model.Number, model.String:
		writeString(b, v.Scalar())
	case model.Map:
		m := make(map[string]tree, len(v.Fields()))
		for _, f := range v.Fields() {
			m[f.Key] = modelTree{f.Value}
		}
		canonMap(b, m)
	case model.List:
		items := make([]tree, len(v.Items()))
		for i, it := range v.Items() {
			items[i] = modelTree{it}
		}
		canonSet(b, items)
	default: // Unknown: what it stands for, never where it is
		b.WriteString(`{"?":[`)
		for i, s := range []string{v.Fn(), v.Target(), v.Attr(), v.Partial()} {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, s)
		}
		b.WriteString("]}")
	}
}

type nodeTree struct{ n *template.Node }

func (t nodeTree) field(key string) (tree, bool) {
	n := t.n.Get(key)
	if n == nil {
		return nil, false
	}
	return nodeTree{n}, true
}

func (t nodeTree) items() ([]tree, bool) {
	switch {
	case t.n == nil || t.n.Kind == template.Map:
		return nil, false
	case t.n.Kind == template.List:
		out := make([]tree, len(t.n.Items()))
		for i, it := range t.n.Items() {
			out[i] = nodeTree{it}
		}
		return out, true
	}
	return []tree{t}, true
}

func (t nodeTree) canon(b *bytes.Buffer) {
	n := t.n
	switch {
	case n == nil || n.Kind == template.Null:
		b.WriteString("null")
	case n.Kind == template.Map:
		m := make(map[string]tree, len(n.Entries()))
		for _, e := range n.Entries() {
			m[e.Key] = nodeTree{e.Value}
		}
		canonMap(b, m)
	case n.Kind == template.List:
		items := make([]tree, len(n.Items()))
		for i, it := range n.Items() {
			items[i] = nodeTree{it}
		}
		canonSet(b, items)
	default:
		writeString(b, n.Value())
	}
}

// jsonTree is decoded JSON text (numbers kept as their text).
type jsonTree struct{ v any }

func parseJSON(s string) (jsonTree, bool) {
	body := strings.TrimSpace(s)
	if body == "" || (body[0] != '{' && body[0] != '[') {
		return jsonTree{}, false
	}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return jsonTree{}, false
	}
	return jsonTree{v}, true
}

func (t jsonTree) field(key string) (tree, bool) {
	m, ok := t.v.(map[string]any)
	if !ok {
		return nil, false
	}
	v, ok := m[key]
	return jsonTree{v}, ok
}

func (t jsonTree) items() ([]tree, bool) {
	switch x := t.v.(type) {
	case []any:
		out := make([]tree, len(x))
		for i, it := range x {
			out[i] = jsonTree{it}
		}
		return out, true
	case map[string]any:
		return nil, false
	}
	return []tree{t}, true
}

func (t jsonTree) canon(b *bytes.Buffer) {
	switch x := t.v.(type) {
	case nil:
		b.WriteString("null")
	case map[string]any:
		m := make(map[string]tree, len(x))
		for k, v := range x {
			m[k] = jsonTree{v}
		}
		canonMap(b, m)
	case []any:
		items := make([]tree, len(x))
		for i, it := range x {
			items[i] = jsonTree{it}
		}
		canonSet(b, items)
	default:
		writeString(b, fmt.Sprint(x))
	}
}

// canonMap writes a mapping with its keys sorted, for every kind of tree
// alike. An inline policy is what its document grants: its PolicyName is
// left out, since it is often generated from the policy's position (SAM's
// <Fn>RolePolicy<N>). (Duplicate keys cannot reach here: the loader
// reports them and keeps one.)
func canonMap(b *bytes.Buffer, m map[string]tree) {
	_, isPolicy := m["PolicyDocument"]
	keys := make([]string, 0, len(m))
	for k := range m {
		if isPolicy && k == "PolicyName" {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, k)
		b.WriteByte(':')
		m[k].canon(b)
	}
	b.WriteByte('}')
}

// canonSet writes a list nested in an element as the sorted encodings of
// its items: the actions of a statement or the CIDRs of a rule are a set,
// so reordering them leaves the element what it is.
func canonSet(b *bytes.Buffer, items []tree) {
	enc := make([]string, len(items))
	for i, it := range items {
		var ib bytes.Buffer
		it.canon(&ib)
		enc[i] = ib.String()
	}
	sort.Strings(enc)
	b.WriteByte('[')
	b.WriteString(strings.Join(enc, ","))
	b.WriteByte(']')
}

func writeString(b *bytes.Buffer, s string) { b.WriteString(strconv.Quote(s)) }
