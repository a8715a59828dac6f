package policy_test

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/policies"
)

// referenceHelpers are lib.opaque_along and lib.value_at as they were
// written in Rego before cfnvet evaluated them natively.
const referenceHelpers = `package zz

import data.cfnvet.lib

rego_opaque_along(obj, path) if {
	is_object(obj)
	some i in numbers.range(0, count(path))
	lib.is_unknown(object.get(obj, array.slice(path, 0, i), null))
}

rego_value_at(obj, path) := object.get(obj, path, null) if {
	is_object(obj)
	not rego_opaque_along(obj, path)
}

result := {
	"rego_opaque": [true | rego_opaque_along(input.obj, input.path)],
	"native_opaque": [true | lib.opaque_along(input.obj, input.path)],
	"rego_value": [v | v := rego_value_at(input.obj, input.path)],
	"native_value": [v | v := lib.value_at(input.obj, input.path)],
}
`

// TestNativeBuiltinsMatchRego evaluates the native helpers and the Rego
// they replace on random documents (nested objects, arrays and sets,
// Unknown markers holding true, false or an object, keys that are numbers)
// and random paths into them, and requires the same answer every time.
func TestNativeBuiltinsMatchRego(t *testing.T) {
	opts := append(policy.Functions(),
		rego.Query("data.zz.result"),
		rego.Capabilities(policy.Capabilities()),
		rego.StrictBuiltinErrors(true),
		rego.SetRegoVersion(ast.RegoV1),
		rego.Module("zz.rego", referenceHelpers),
	)
	src := policies.Source()
	err := fs.WalkDir(src.FS, "lib", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
			return err
		}
		data, err := fs.ReadFile(src.FS, p)
		opts = append(opts, rego.Module(p, string(data)))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	query, err := rego.New(opts...).PrepareForEval(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(12))
	opaque, withValue := 0, 0
	const samples = 4000
	for i := range samples {
		obj, path := randomDocument(rng, 3), randomPath(rng)
		in := ast.NewObject(ast.Item(ast.StringTerm("obj"), ast.NewTerm(obj)), ast.Item(ast.StringTerm("path"), ast.NewTerm(path)))
		rs, err := query.Eval(ctx, rego.EvalParsedInput(in))
		if err != nil {
			t.Fatalf("sample %d: %v", i, err)
		}
		got := rs[0].Expressions[0].Value.(map[string]any)
		if a, b := fmt.Sprint(got["rego_opaque"]), fmt.Sprint(got["native_opaque"]); a != b {
			t.Errorf("opaque_along(%v, %v): Rego %s, native %s", obj, path, a, b)
		}
		if a, b := fmt.Sprint(got["rego_value"]), fmt.Sprint(got["native_value"]); a != b {
			t.Errorf("value_at(%v, %v): Rego %s, native %s", obj, path, a, b)
		}
		if len(got["rego_opaque"].([]any)) > 0 {
			opaque++
		}
		if v := got["rego_value"].([]any); len(v) > 0 && v[0] != nil {
			withValue++
		}
	}
	// The documents must exercise both answers, or the comparison says little.
	if opaque < samples/10 || withValue < samples/10 {
		t.Fatalf("only %d opaque paths and %d paths with a value in %d samples", opaque, withValue, samples)
	}
}

var documentKeys = []*ast.Term{ast.StringTerm("a"), ast.StringTerm("b"), ast.StringTerm("$unknown"), ast.IntNumberTerm(0)}

// randomDocument builds a value of at most depth levels.
func randomDocument(rng *rand.Rand, depth int) ast.Value {
	if depth == 0 || rng.Intn(4) == 0 {
		switch rng.Intn(5) {
		case 0:
			return ast.String("x")
		case 1:
			return ast.Boolean(rng.Intn(2) == 0)
		case 2:
			return ast.Null{}
		case 3:
			return ast.IntNumberTerm(rng.Intn(3)).Value
		}
		return ast.String("a")
	}
	switch rng.Intn(6) {
	case 0:
		items := make([]*ast.Term, rng.Intn(3))
		for i := range items {
			items[i] = ast.NewTerm(randomDocument(rng, depth-1))
		}
		return ast.NewArray(items...)
	case 1:
		return ast.NewSet(ast.StringTerm("a"), ast.NewTerm(randomDocument(rng, depth-1)))
	}
	obj := ast.NewObject()
	for range rng.Intn(4) {
		key := documentKeys[rng.Intn(len(documentKeys))]
		if obj.Get(key) == nil {
			obj.Insert(key, ast.NewTerm(randomDocument(rng, depth-1)))
		}
	}
	return obj
}

func randomPath(rng *rand.Rand) *ast.Array {
	steps := make([]*ast.Term, rng.Intn(4))
	for i := range steps {
		steps[i] = documentKeys[rng.Intn(len(documentKeys))]
	}
	return ast.NewArray(steps...)
}
