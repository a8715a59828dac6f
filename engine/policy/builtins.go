package policy

import (
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/types"
)

// Native builtins evaluate, in Go, the two library helpers every ENC policy
// calls for each property it reads: lib.opaque_along and lib.value_at
// (policies/lib/enc.rego), which call them. Written in Rego they cost a
// numbers.range, an array.slice and an object.get per step of the path;
// ENC027, ENC015 and ENC029 spent about half their evaluation there.
//
// They follow the Rego they replace exactly: a path step goes through
// ast.Term.Get, as object.get does, and a value is Unknown when it is an
// object whose "$unknown" key holds anything but false, as lib.is_unknown
// reads it. TestNativeBuiltinsMatchRego compares them with that Rego.
var nativeBuiltins = []struct {
	decl *rego.Function
	impl rego.Builtin2
}{
	{&rego.Function{Name: "cfnvet.opaque_along",
		Decl: types.NewFunction(types.Args(types.A, types.NewArray(nil, types.A)), types.B)}, opaqueAlong},
	{&rego.Function{Name: "cfnvet.value_at",
		Decl: types.NewFunction(types.Args(types.A, types.NewArray(nil, types.A)), types.A)}, valueAt},
}

// Functions returns the options that give a rego evaluation cfnvet's native
// builtins; Capabilities declares them, so every compilation of cfnvet's
// library needs them at evaluation.
func Functions() []func(*rego.Rego) {
	out := make([]func(*rego.Rego), len(nativeBuiltins))
	for i, b := range nativeBuiltins {
		out[i] = rego.Function2(b.decl, b.impl)
	}
	return out
}

// testerBuiltins gives OPA's test runner the native builtins.
func testerBuiltins() []*tester.Builtin {
	out := make([]*tester.Builtin, len(nativeBuiltins))
	for i, b := range nativeBuiltins {
		out[i] = &tester.Builtin{Decl: nativeDecl(b.decl), Func: rego.Function2(b.decl, b.impl)}
	}
	return out
}

func nativeDecl(f *rego.Function) *ast.Builtin {
	return &ast.Builtin{Name: f.Name, Decl: f.Decl}
}

var unknownKeyTerm = ast.StringTerm(UnknownKey)

// isUnknownValue is lib.is_unknown: an object whose "$unknown" is defined
// and not false.
func isUnknownValue(v ast.Value) bool {
	o, ok := v.(ast.Object)
	if !ok {
		return false
	}
	mark := o.Get(unknownKeyTerm)
	return mark != nil && !ast.Boolean(false).Equal(mark.Value)
}

// walkPath follows path from obj, as object.get does, and reports the
// value at its end (nil when a step is missing) and whether obj or a value
// on the way, the last one included, is Unknown.
func walkPath(obj *ast.Term, path *ast.Term) (end *ast.Term, opaque bool, err error) {
	steps, ok := path.Value.(*ast.Array)
	if !ok {
		return nil, false, fmt.Errorf("path must be an array, got %s", ast.ValueName(path.Value))
	}
	cur := obj
	for i := 0; ; i++ {
		if isUnknownValue(cur.Value) {
			return nil, true, nil
		}
		if i == steps.Len() {
			return cur, false, nil
		}
		if cur = cur.Get(steps.Elem(i)); cur == nil {
			return nil, false, nil
		}
	}
}

// opaqueAlong is lib.opaque_along(obj, path): obj is an object and it, or
// a value on the way down path, is Unknown.
func opaqueAlong(_ rego.BuiltinContext, obj, path *ast.Term) (*ast.Term, error) {
	if _, ok := obj.Value.(ast.Object); !ok {
		return ast.InternedBooleanFalse, nil
	}
	_, opaque, err := walkPath(obj, path)
	if err != nil {
		return nil, err
	}
	return booleanTerm(opaque), nil
}

// valueAt is lib.value_at(obj, path): the value at path or null when a step
// is missing; undefined when obj is no object or something on the way is
// Unknown.
func valueAt(_ rego.BuiltinContext, obj, path *ast.Term) (*ast.Term, error) {
	if _, ok := obj.Value.(ast.Object); !ok {
		return nil, nil
	}
	end, opaque, err := walkPath(obj, path)
	switch {
	case err != nil:
		return nil, err
	case opaque:
		return nil, nil
	case end == nil:
		return ast.InternedNullTerm, nil
	}
	return end, nil
}

func booleanTerm(b bool) *ast.Term {
	if b {
		return ast.InternedBooleanTrue
	}
	return ast.InternedBooleanFalse
}
