// Package schema is the resource-type and property catalogue, read from a
// table generated from goformation's structs (properties.txt; see
// internal/gen), so that goformation is not linked into cfnvet. It is used
// only to tell known from unknown types and to catch misspelled or
// wrongly-cased property names on known types — a security control
// written as `BucketEncyption` is silently not applied. It never decides
// whether a template is linted.
package schema

//go:generate go run ./internal/gen -o properties.txt

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/agnivade/levenshtein"

	"github.com/cfnvet/cfnvet/engine/template"
)

// table is the generated property-name table (format in internal/gen).
// It is embedded uncompressed: decompressing it cost more start-up time
// than the ~0.3 MB it adds to the binary.
//
//go:embed properties.txt
var table string

// shape describes the properties of one struct type; nil means "anything"
// (maps, JSON documents, intrinsic-typed fields).
type shape struct {
	props map[string]*field
	names []string
}

type field struct {
	name  string
	shape *shape // for structs and lists of structs
}

// Catalogue knows the property shapes of every resource type goformation
// knows (its list is frozen at v7.14.9, April 2024). Shapes are decoded on
// first use: a run pays only for the types its templates contain. Safe
// for concurrent use.
type Catalogue struct {
	types map[string]int
	// lines are the table's shape lines, undecoded.
	lines []string
	mu    sync.Mutex
	memo  map[int]*shape
}

// New reads the generated table; shapes are decoded lazily.
func New() (*Catalogue, error) {
	c, err := parseTable(table)
	if err != nil {
		return nil, fmt.Errorf("schema: generated property table (regenerate with go generate ./engine/schema): %w", err)
	}
	return c, nil
}

func parseTable(text string) (*Catalogue, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	header, count, ok := strings.Cut(lines[0], " ")
	n, err := strconv.Atoi(count)
	if !ok || header != "types" || err != nil || n < 0 || n >= len(lines) {
		return nil, fmt.Errorf("line 1: bad header %q", lines[0])
	}
	c := &Catalogue{types: make(map[string]int, n), lines: lines[n+1:], memo: map[int]*shape{}}
	for k, l := range lines[1 : n+1] {
		name, idx, ok := strings.Cut(l, " ")
		i, err := strconv.Atoi(idx)
		if !ok || err != nil || i < 0 || i >= len(c.lines) {
			return nil, fmt.Errorf("line %d: bad type line %q", k+2, l)
		}
		c.types[name] = i
	}
	return c, nil
}

// Known reports whether typ is a resource type in the catalogue.
func (c *Catalogue) Known(typ string) bool {
	_, ok := c.types[typ]
	return ok
}

// Len is the number of known resource types.
func (c *Catalogue) Len() int { return len(c.types) }

// shape returns the property shape of a known type, decoding it once.
func (c *Catalogue) shape(typ string) *shape {
	i, ok := c.types[typ]
	if !ok {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.shapeAt(i)
}

// shapeAt decodes shape line i and the shapes it refers to. The table is
// generated, so an index is in range; one that is not reads as "anything".
func (c *Catalogue) shapeAt(i int) *shape {
	if i < 0 || i >= len(c.lines) {
		return nil
	}
	if s, ok := c.memo[i]; ok {
		return s
	}
	s := &shape{props: map[string]*field{}}
	c.memo[i] = s // before the fields: shapes may refer to themselves
	for _, word := range strings.Fields(c.lines[i]) {
		name, child, nested := strings.Cut(word, "=")
		f := &field{name: name}
		if nested {
			if j, err := strconv.Atoi(child); err == nil {
				f.shape = c.shapeAt(j)
			}
		}
		s.props[name] = f
		s.names = append(s.names, name)
	}
	sort.Strings(s.names)
	return s
}

// CheckProperties reports property names on known resource types that are
// not in the catalogue but are one typo away from a known name. Names far
// from every known property are left alone: they may be newer than the
// catalogue.
func (c *Catalogue) CheckProperties(t *template.Template) []template.Diagnostic {
	var out []template.Diagnostic
	for _, e := range t.Section("Resources").Fields() {
		typ := e.Value.Get("Type")
		if typ == nil {
			continue
		}
		s := c.shape(typ.Value())
		if s == nil {
			continue
		}
		out = c.walk(out, typ.Value(), e.Key, e.Value.Get("Properties"), s)
	}
	return out
}

func (c *Catalogue) walk(out []template.Diagnostic, typ, id string, n *template.Node, s *shape) []template.Diagnostic {
	if n == nil || s == nil {
		return out
	}
	if fn, arg, ok := n.Intrinsic(); ok {
		if fn == "Fn::If" && arg.Kind == template.List && len(arg.Items()) == 3 {
			out = c.walk(out, typ, id, arg.Items()[1], s)
			out = c.walk(out, typ, id, arg.Items()[2], s)
		}
		return out
	}
	switch n.Kind {
	case template.List:
		for _, it := range n.Items() {
			out = c.walk(out, typ, id, it, s)
		}
	case template.Map:
		for _, e := range n.Entries() {
			f, ok := s.props[e.Key]
			if ok {
				out = c.walk(out, typ, id, e.Value, f.shape)
				continue
			}
			if near := s.nearest(e.Key); near != "" {
				out = append(out, template.Diagnostic{Line: int(e.KeyRange.Line), Col: int(e.KeyRange.Col),
					Msg: fmt.Sprintf("%s (%s): unknown property %q, did you mean %q? CloudFormation property names are case-sensitive; a misspelled property is not applied",
						id, typ, e.Key, near)})
			}
		}
	}
	return out
}

func (s *shape) nearest(name string) string {
	best, bestDist := "", 3
	for _, cand := range s.names {
		if strings.EqualFold(cand, name) {
			return cand
		}
		if d := levenshtein.ComputeDistance(cand, name); d < bestDist && len(cand) > 4 {
			best, bestDist = cand, d
		}
	}
	return best
}
