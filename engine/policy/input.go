package policy

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// UnknownKey marks an Unknown value in policy input: {"$unknown": "Fn::GetAtt",
// "ref": "Bucket"}, or {"$unknown": "Fn::Sub", "partial": "${AppName}-logs"}. An Unknown object equals no literal, so a policy that
// compares against literals can never fire on it.
const UnknownKey = "$unknown"

// InputCache converts resources to Rego values once per file, shared by all
// variants of that file.
type InputCache struct {
	resources map[*model.Resource]*ast.Term
}

// NewInputCache returns an empty cache.
func NewInputCache() *InputCache {
	return &InputCache{resources: map[*model.Resource]*ast.Term{}}
}

// Input builds the policy input for one view:
//
//	{"resources": {id: {Type, Properties, Metadata, Condition}},
//	 "resources_by_type": {type: {id: resource}},
//	 "parameter_types": {name: type},
//	 "options": {"assume_aws_defaults": bool}}
//
// parameter_types lets a policy tell what an Unknown Ref to a parameter can
// hold: an AWS::EC2::VPC::Id parameter names a VPC that exists before the
// stack, never one the template creates.
//
// Policies look resources up by type; the engine runs a policy only when one
// of its resource_types is present.
func (c *InputCache) Input(v *model.View, opts rule.Options) ast.Value {
	all := ast.NewObject()
	byType := map[string]ast.Object{}
	var types []string
	for _, r := range v.Resources {
		t, ok := c.resources[r]
		if !ok {
			t = resourceTerm(r)
			c.resources[r] = t
		}
		all.Insert(ast.StringTerm(r.ID), t)
		o, ok := byType[r.Type]
		if !ok {
			o = ast.NewObject()
			byType[r.Type] = o
			types = append(types, r.Type)
		}
		o.Insert(ast.StringTerm(r.ID), t)
	}
	bt := ast.NewObject()
	for _, typ := range types {
		bt.Insert(ast.StringTerm(typ), ast.NewTerm(byType[typ]))
	}
	return ast.NewObject(
		ast.Item(ast.StringTerm("resources"), ast.NewTerm(all)),
		ast.Item(ast.StringTerm("resources_by_type"), ast.NewTerm(bt)),
		ast.Item(ast.StringTerm("parameter_types"), parameterTypes(v)),
		ast.Item(ast.StringTerm("options"), ast.NewTerm(ast.NewObject(
			ast.Item(ast.StringTerm("assume_aws_defaults"), ast.BooleanTerm(opts.AssumeAWSDefaults))))),
	)
}

// parameterTypes maps each declared parameter with a literal Type to it.
func parameterTypes(v *model.View) *ast.Term {
	out := ast.NewObject()
	if v.Template == nil {
		return ast.NewTerm(out)
	}
	for _, e := range v.Template.Section("Parameters").Fields() {
		if t := e.Value.Get("Type"); t != nil && t.IsScalar() {
			out.Insert(ast.StringTerm(e.Key), ast.StringTerm(t.Value))
		}
	}
	return ast.NewTerm(out)
}

func resourceTerm(r *model.Resource) *ast.Term {
	o := ast.NewObject(ast.Item(ast.StringTerm("Type"), ast.StringTerm(r.Type)))
	if r.Properties != nil {
		o.Insert(ast.StringTerm("Properties"), ValueTerm(r.Properties))
	}
	if c := r.Node.Get("Condition"); c != nil && c.Value != "" {
		o.Insert(ast.StringTerm("Condition"), ast.StringTerm(c.Value))
	}
	return ast.NewTerm(o)
}

var jsonNumber = regexp.MustCompile(`^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$`)

// ValueTerm converts a resolved value to a Rego term.
func ValueTerm(v *model.Value) *ast.Term {
	switch v.Kind {
	case model.Map:
		items := make([][2]*ast.Term, 0, len(v.Fields))
		for _, f := range v.Fields {
			items = append(items, ast.Item(ast.StringTerm(f.Key), ValueTerm(f.Value)))
		}
		return ast.NewTerm(ast.NewObject(items...))
	case model.List:
		terms := make([]*ast.Term, len(v.Items))
		for i, it := range v.Items {
			terms[i] = ValueTerm(it)
		}
		return ast.ArrayTerm(terms...)
	case model.Bool:
		return ast.BooleanTerm(strings.EqualFold(v.Scalar, "true"))
	case model.Number:
		s := strings.TrimPrefix(v.Scalar, "+")
		if jsonNumber.MatchString(s) {
			return ast.NumberTerm(json.Number(s))
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return ast.FloatNumberTerm(f)
		}
		return ast.StringTerm(v.Scalar)
	case model.String:
		return ast.StringTerm(v.Scalar)
	case model.Unknown:
		items := [][2]*ast.Term{ast.Item(ast.StringTerm(UnknownKey), ast.StringTerm(v.Fn))}
		if v.Target != "" {
			items = append(items, ast.Item(ast.StringTerm("ref"), ast.StringTerm(v.Target)))
		}
		if v.Attr != "" {
			items = append(items, ast.Item(ast.StringTerm("attr"), ast.StringTerm(v.Attr)))
		}
		if v.Partial != "" {
			// Fn::Sub/Join text with the unresolved parts left as ${…}: two
			// values built the same way name the same thing.
			items = append(items, ast.Item(ast.StringTerm("partial"), ast.StringTerm(v.Partial)))
		}
		return ast.NewTerm(ast.NewObject(items...))
	}
	return ast.NullTerm()
}
