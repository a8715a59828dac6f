package iam

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
)

// Document is one IAM policy document found in a resource.
type Document struct {
	Path  model.Path // where the document is, from the resource
	Value *model.Value
	// FromString is set when the document was a JSON string: every element
	// then points at the string as a whole.
	FromString bool
}

// Statement is one normalised statement of a document.
type Statement struct {
	Doc   *Document
	Index int
	Path  model.Path
	Value *model.Value
}

// Element is one value of a statement's Action, Resource, … list.
type Element struct {
	Value *model.Value
	Path  model.Path
}

// Name identifies a statement in messages: its Sid, else its position.
func (s Statement) Name() string {
	if sid, ok := s.Value.Get("Sid").Str(); ok && sid != "" {
		return fmt.Sprintf("statement %q", sid)
	}
	return fmt.Sprintf("statement #%d", s.Index+1)
}

// Effect returns the statement's effect when it is known; CloudFormation and
// IAM compare it exactly.
func (s Statement) Effect() string {
	e, _ := s.Value.Get("Effect").Str()
	return e
}

// IsAllow reports whether the statement's Effect is known to be Allow.
func (s Statement) IsAllow() bool { return s.Effect() == "Allow" }

// Elements returns the values of key ("Action", "Resource", …) as a list,
// accepting the string and list forms.
func (s Statement) Elements(key string) []Element {
	v := s.Value.Get(key)
	if v == nil {
		return nil
	}
	base := s.Path.Append(key)
	if v.Kind != model.List {
		return []Element{{Value: v, Path: base}}
	}
	out := make([]Element, len(v.Items))
	for i, it := range v.Items {
		out[i] = Element{Value: it, Path: base.Append(i)}
	}
	return out
}

// Has reports whether key is present in the statement.
func (s Statement) Has(key string) bool { return s.Value.Get(key) != nil }

// Statements normalises a document's Statement (object or list).
func (d *Document) Statements() []Statement {
	st := d.Value.Get("Statement")
	if st == nil {
		return nil
	}
	base := d.Path.Append("Statement")
	if st.Kind == model.Map {
		return []Statement{{Doc: d, Index: 0, Path: base, Value: st}}
	}
	if st.Kind != model.List {
		return nil
	}
	var out []Statement
	for i, it := range st.Items {
		if it.Kind == model.Map {
			out = append(out, Statement{Doc: d, Index: i, Path: base.Append(i), Value: it})
		}
	}
	return out
}

// docAt interprets a value as a policy document: a mapping, or a JSON
// string parsed into values that all point at the string.
func docAt(v *model.Value, path model.Path) *Document {
	switch {
	case v == nil:
		return nil
	case v.Kind == model.Map:
		return &Document{Path: path, Value: v}
	case v.Kind == model.String:
		var raw any
		if err := json.Unmarshal([]byte(v.Scalar), &raw); err != nil {
			return nil
		}
		parsed := fromJSON(raw, v)
		if parsed.Kind != model.Map {
			return nil
		}
		return &Document{Path: path, Value: parsed, FromString: true}
	}
	return nil
}

func fromJSON(raw any, at *model.Value) *model.Value {
	out := &model.Value{Src: at.Src, Prov: at.Prov}
	switch x := raw.(type) {
	case map[string]any:
		out.Kind = model.Map
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out.Fields = append(out.Fields, model.Field{Key: k, KeyRange: at.Src, Value: fromJSON(x[k], at)})
		}
	case []any:
		out.Kind = model.List
		for _, it := range x {
			out.Items = append(out.Items, fromJSON(it, at))
		}
	case string:
		out.Kind, out.Scalar = model.String, x
	case bool:
		out.Kind, out.Scalar = model.Bool, strconv.FormatBool(x)
	case float64:
		out.Kind, out.Scalar = model.Number, strconv.FormatFloat(x, 'f', -1, 64)
	default:
		out.Kind = model.Null
	}
	return out
}

// IdentityDocuments returns the identity-policy documents of a resource
// (rules.md §0.3 policy sites).
func IdentityDocuments(r *model.Resource) []*Document {
	var out []*Document
	add := func(v *model.Value, path model.Path) {
		if d := docAt(v, path); d != nil {
			out = append(out, d)
		}
	}
	switch r.Type {
	case "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group":
		for i, p := range r.Prop("Policies").List() {
			add(p.Get("PolicyDocument"), model.Path{"Properties", "Policies", i, "PolicyDocument"})
		}
	case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy":
		add(r.Prop("PolicyDocument"), model.Path{"Properties", "PolicyDocument"})
	case "AWS::SSO::PermissionSet":
		add(r.Prop("InlinePolicy"), model.Path{"Properties", "InlinePolicy"})
	case "AWS::Serverless::Function", "AWS::Serverless::StateMachine":
		pol := r.Prop("Policies")
		if pol == nil {
			break
		}
		if pol.Kind == model.Map && pol.Get("Statement") != nil {
			add(pol, model.Path{"Properties", "Policies"})
			break
		}
		for i, p := range pol.List() {
			if p.Kind == model.Map && p.Get("Statement") != nil {
				add(p, model.Path{"Properties", "Policies", i})
			}
		}
	}
	return out
}

// IdentityTypes are the resource types that carry identity policies.
var IdentityTypes = []string{
	"AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
	"AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy", "AWS::SSO::PermissionSet",
	"AWS::Serverless::Function", "AWS::Serverless::StateMachine",
}

// isFullWildcardAction reports "*" (and "*:*"), the action that means every
// action of every service.
func isFullWildcardAction(v *model.Value) bool {
	s, ok := v.Str()
	return ok && (s == "*" || s == "*:*")
}

// isWildcardResource reports exactly "*" (cfn-model wildcard_resources).
func isWildcardResource(v *model.Value) bool {
	s, ok := v.Str()
	return ok && strings.TrimSpace(s) == "*"
}
