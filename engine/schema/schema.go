// Package schema is the resource-type and property catalogue, built once
// from goformation's generated structs. It is used only to tell known from
// unknown types and to catch misspelled or wrongly-cased property names on
// known types — a security control written as `BucketEncyption` is silently
// not applied. It never decides whether a template is linted.
package schema

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/agnivade/levenshtein"
	"github.com/awslabs/goformation/v7/cloudformation"

	"github.com/cfnvet/cfnvet/engine/template"
)

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
// knows (its list is frozen at v7.14.9, April 2024). Shapes are reflected
// on first use: a run pays only for the types its templates contain.
// Safe for concurrent use.
type Catalogue struct {
	types map[string]reflect.Type
	mu    sync.Mutex
	memo  map[reflect.Type]*shape
}

// New lists the known types; shapes are built lazily.
func New() *Catalogue {
	c := &Catalogue{types: map[string]reflect.Type{}, memo: map[reflect.Type]*shape{}}
	for name, res := range cloudformation.AllResources() {
		c.types[name] = reflect.TypeOf(res)
	}
	return c
}

// Known reports whether typ is a resource type in the catalogue.
func (c *Catalogue) Known(typ string) bool {
	_, ok := c.types[typ]
	return ok
}

// Len is the number of known resource types.
func (c *Catalogue) Len() int { return len(c.types) }

// shape returns the property shape of a known type, building it once.
func (c *Catalogue) shape(typ string) *shape {
	t, ok := c.types[typ]
	if !ok {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return shapeOf(t, c.memo)
}

func shapeOf(t reflect.Type, memo map[reflect.Type]*shape) *shape {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	if s, ok := memo[t]; ok {
		return s
	}
	s := &shape{props: map[string]*field{}}
	memo[t] = s
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		s.props[name] = &field{name: name, shape: shapeOf(f.Type, memo)}
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
		s := c.shape(typ.Value)
		if s == nil {
			continue
		}
		out = c.walk(out, typ.Value, e.Key, e.Value.Get("Properties"), s)
	}
	return out
}

func (c *Catalogue) walk(out []template.Diagnostic, typ, id string, n *template.Node, s *shape) []template.Diagnostic {
	if n == nil || s == nil {
		return out
	}
	if fn, arg, ok := n.Intrinsic(); ok {
		if fn == "Fn::If" && arg.Kind == template.List && len(arg.Items) == 3 {
			out = c.walk(out, typ, id, arg.Items[1], s)
			out = c.walk(out, typ, id, arg.Items[2], s)
		}
		return out
	}
	switch n.Kind {
	case template.List:
		for _, it := range n.Items {
			out = c.walk(out, typ, id, it, s)
		}
	case template.Map:
		for _, e := range n.Entries {
			f, ok := s.props[e.Key]
			if ok {
				out = c.walk(out, typ, id, e.Value, f.shape)
				continue
			}
			if near := s.nearest(e.Key); near != "" {
				out = append(out, template.Diagnostic{Line: e.KeyRange.Line, Col: e.KeyRange.Col,
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
