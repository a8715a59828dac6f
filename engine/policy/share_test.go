package policy

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/internal/testenv"
)

// plainTerm converts v as valueTerm does, sharing nothing: what each
// shared term must equal.
func plainTerm(v *model.Value) *ast.Term {
	switch v.Kind {
	case model.Map:
		var items [][2]*ast.Term
		for _, f := range v.Fields() {
			items = append(items, ast.Item(ast.StringTerm(f.Key), plainTerm(f.Value)))
		}
		return ast.NewTerm(ast.NewObject(items...))
	case model.List:
		var terms []*ast.Term
		for _, it := range v.Items() {
			terms = append(terms, plainTerm(it))
		}
		return ast.ArrayTerm(terms...)
	case model.Bool:
		return ast.BooleanTerm(strings.EqualFold(v.Scalar(), "true"))
	case model.Number:
		s := strings.TrimPrefix(v.Scalar(), "+")
		if jsonNumber.MatchString(s) {
			return ast.NumberTerm(json.Number(s))
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return ast.FloatNumberTerm(f)
		}
		return ast.StringTerm(v.Scalar())
	case model.String:
		return ast.StringTerm(v.Scalar())
	case model.Unknown:
		items := [][2]*ast.Term{ast.Item(ast.StringTerm(UnknownKey), ast.StringTerm(v.Fn()))}
		for _, kv := range [][2]string{{"ref", v.Target()}, {"attr", v.Attr()}, {"partial", v.Partial()}} {
			if kv[1] != "" {
				items = append(items, ast.Item(ast.StringTerm(kv[0]), ast.StringTerm(kv[1])))
			}
		}
		return ast.NewTerm(ast.NewObject(items...))
	}
	return ast.NullTerm()
}

// TestSharedTermsEqualTheirValues converts the properties of every
// resource of every testdata template with one cache per template, as a
// scan does, and checks each against a conversion that shares nothing: a
// shared scalar, Unknown, mapping or list that stood for another value
// would show here. (Building a mapping's key in the buffer its parts are
// made with once made a load balancer's "Enabled: true" read as false.)
func TestSharedTermsEqualTheirValues(t *testing.T) {
	compared, shared := 0, 0
	testenv.EachFile(t, testenv.TestdataDir(), func(path string, data []byte) {
		tpl, err := template.Parse(path, data)
		if err != nil {
			return
		}
		views, _ := resolve.Resolve(tpl, resolve.Inputs{})
		c := NewInputCache()
		seen := map[*ast.Term]bool{}
		for _, r := range views[0].Resources {
			if r.Properties == nil {
				continue
			}
			got := c.valueTerm(r.Properties)
			if want := plainTerm(r.Properties); !got.Equal(want) {
				t.Errorf("%s: %s: shared terms give\n%v\nwant\n%v", path, r.ID, got, want)
			}
			compared++
			if seen[got] {
				shared++
			}
			seen[got] = true
		}
	}, ".yaml", ".yml", ".json", ".template")
	if compared < 1000 || shared == 0 {
		t.Fatalf("compared %d resources' properties, %d shared whole; expected the testdata fixtures", compared, shared)
	}
	t.Logf("compared %d resources' properties, %d shared whole with an earlier resource", compared, shared)
}
