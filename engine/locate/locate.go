// Package locate maps a rule's path to the text range users see: the
// offending value when it exists, otherwise the nearest existing ancestor's
// key (the place where the missing property belongs). A path that continues
// into a string holding JSON (a policy document written as text) points at
// the element inside the string when the string is a literal in the source.
package locate

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/template"
)

// Result is where a path points.
type Result struct {
	Range template.Range
	// Value is the resolved value at the full path, nil when the path does
	// not exist in full or ends inside a JSON string.
	Value *model.Value
	// Exact reports whether the whole path exists.
	Exact bool
	// Absent is set when the path is missing because a decided Fn::If
	// chose AWS::NoValue; Range is then that Fn::If.
	Absent *model.Absence
}

// Locate resolves path (relative to the resource: "Properties", …) in r,
// a resource of t; t's source text refines positions inside JSON strings.
func Locate(t *template.Template, r *model.Resource, path model.Path) Result {
	typeKey := r.KeyRange
	if e := r.Node.Entry("Type"); e != nil {
		typeKey = e.KeyRange
	}
	if len(path) == 0 {
		return Result{Range: r.KeyRange, Exact: true}
	}
	first, _ := path[0].(string)
	if first != "Properties" {
		return locateRaw(r.Node, path, typeKey)
	}
	propsEntry := r.Node.Entry("Properties")
	if propsEntry == nil || r.Properties == nil {
		return Result{Range: typeKey}
	}
	cur := r.Properties
	at := propsEntry.KeyRange
	for i, el := range path[1:] {
		if cur.Kind == model.String {
			return locateInJSON(t, cur, path[1+i:], at)
		}
		var next *model.Value
		var key template.Range
		switch x := el.(type) {
		case string:
			f := cur.Field(x)
			if f == nil {
				if a := cur.AbsentKey(x); a != nil {
					if a.If.Line < 1 { // an Fn::If a transform generated
						return Result{Range: at, Absent: a}
					}
					return Result{Range: a.If, Absent: a}
				}
				return Result{Range: at}
			}
			next, key = f.Value, f.KeyRange
		case int:
			if cur.Kind != model.List || x < 0 || x >= len(cur.Items()) {
				return Result{Range: at}
			}
			next = cur.Items()[x]
			key = next.Src
		default:
			return Result{Range: at}
		}
		last := i == len(path)-2
		if last {
			rg := next.Src
			if next.Kind == model.Map || next.Kind == model.List {
				// A whole block is reported at its key, not at its body.
				rg = key
			}
			return Result{Range: rg, Value: next, Exact: true}
		}
		cur, at = next, key
	}
	return Result{Range: at}
}

// locateRaw walks unresolved sections of the resource (Metadata, …).
func locateRaw(root *template.Node, path model.Path, fallback template.Range) Result {
	cur := root
	at := fallback
	for _, el := range path {
		switch x := el.(type) {
		case string:
			e := cur.Entry(x)
			if e == nil {
				return Result{Range: at}
			}
			cur, at = e.Value, e.KeyRange
		case int:
			if cur.Kind != template.List || x < 0 || x >= len(cur.Items()) {
				return Result{Range: at}
			}
			cur, at = cur.Items()[x], cur.Items()[x].Range
		}
	}
	if cur.IsScalar() {
		at = cur.Range
	}
	return Result{Range: at, Exact: true}
}

// Template locates a template-level path (Parameters.X.Default, Outputs…)
// in the raw document: the value when it exists, else the nearest existing
// ancestor's key.
func Template(t *template.Template, path model.Path) Result {
	return locateRaw(t.Root, path, template.Range{Line: 1, Col: 1, EndLine: 1, EndCol: 1})
}

// locateInJSON resolves rest inside s, a string value reached at the key
// range at. Any doubt (not JSON, not a literal in the source, a value built
// by an intrinsic function) leaves the finding at that key.
func locateInJSON(t *template.Template, s *model.Value, rest model.Path, at template.Range) Result {
	fallback := Result{Range: at}
	body := strings.TrimLeft(s.Scalar(), " \t\r\n")
	if body == "" || (body[0] != '{' && body[0] != '[') {
		return fallback
	}
	root, ok := parseJSONSpans(s.Scalar())
	if !ok {
		return fallback
	}
	spans, ok := mapLiteral(t, s.Src, s.Scalar())
	if !ok {
		return fallback
	}
	// A JSON token never contains a line break, so it sits on one line.
	token := func(start, end int) template.Range {
		first, last := spans[start], spans[end-1]
		return template.Range{Line: int32(first.line), Col: int32(first.col), EndLine: int32(first.line), EndCol: int32(last.endCol)}
	}
	cur := root
	for i, el := range rest {
		var next *jsonValue
		var key template.Range
		switch x := el.(type) {
		case string:
			var m *jsonMember
			if cur.kind == '{' {
				m = cur.member(x)
			}
			if m == nil {
				return Result{Range: at}
			}
			next, key = m.value, token(m.keyStart, m.keyEnd)
		case int:
			if cur.kind != '[' || x < 0 || x >= len(cur.items) {
				return Result{Range: at}
			}
			next = cur.items[x]
			key = token(next.start, next.end)
		default:
			return Result{Range: at}
		}
		if i == len(rest)-1 {
			rg := token(next.start, next.end)
			if next.kind != 0 {
				// As in the template: a whole block is reported at its key.
				rg = key
			}
			return Result{Range: rg, Exact: true}
		}
		cur, at = next, key
	}
	return fallback
}
