package policy

import (
	"encoding/binary"
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unsafe"

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
	// stubs are the resources as policies that never read their type's
	// properties see them: Type and Condition only.
	stubs map[stubKey]*ast.Term
	keys  map[string]*ast.Term
	// scalars and unknowns are the terms of scalar values and of Unknown
	// values, shared as keys are: a large template repeats "Allow", "tcp",
	// "2012-10-17" and GetAtt Key.Arn thousands of times.
	scalars  map[scalarKey]*ast.Term
	unknowns map[unknownKey]*ast.Term
	// composites are the terms of mappings and lists, by the terms of
	// their keys and items: as those are shared, two mappings or lists
	// written alike share one term (a large template repeats whole
	// statements and configuration blocks).
	composites   map[string]*ast.Term
	compositeKey []byte
	// sharedLimit bounds each of the maps of shared terms.
	sharedLimit int
}

type scalarKey struct {
	kind model.Kind
	text string
}

type unknownKey struct{ fn, target, attr, partial string }

// stubKey identifies a stub: every resource of a type with the same
// Condition is given the same one.
type stubKey struct{ typ, condition string }

// NewInputCache returns an empty cache.
func NewInputCache() *InputCache {
	return &InputCache{resources: map[*model.Resource]*ast.Term{}, stubs: map[stubKey]*ast.Term{},
		keys: map[string]*ast.Term{}, scalars: map[scalarKey]*ast.Term{}, unknowns: map[unknownKey]*ast.Term{},
		composites: map[string]*ast.Term{}, sharedLimit: maxSharedTerms}
}

// Input builds the whole policy input for one view:
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
	return c.View(v, opts).input(nil)
}

// View returns the inputs of one view, built for each policy from what it
// reads (Set.Eval).
func (c *InputCache) View(v *model.View, opts rule.Options) *ViewInput {
	return &ViewInput{cache: c, view: v, opts: opts}
}

// ViewInput is the policy input of one view, built per group of policies:
// a resource whose type a policy never names is given to it as a stub, so
// the properties of a large template's resources are converted only for
// the policies that read them, and released after the last of those.
type ViewInput struct {
	cache *InputCache
	view  *model.View
	opts  rule.Options
	// types are the view's resources by type, in order of first
	// appearance, with their id terms: made for the first group and
	// shared by the others.
	types []typedResources
	// stubbed holds, by type, the object of a type's resources as stubs
	// in resources_by_type: the same for every group that does not read
	// the type, so made once (a large template's groups each read a few
	// of its types).
	stubbed map[string]*ast.Term
}

// typedResources are the resources of one type, with the term of the
// type and of each logical id.
type typedResources struct {
	typ       string
	typeTerm  *ast.Term
	resources []*model.Resource
	ids       []*ast.Term
}

// input builds the input with full resources for the types reads accepts
// (every type when reads is nil) and stubs for the others. It goes type by
// type, deciding once per type what its resources get; objects are made
// from all their items at once, which sizes them once.
func (in *ViewInput) input(reads *typeReads) ast.Value {
	c, v := in.cache, in.view
	if in.types == nil {
		in.types = groupByType(v)
	}
	if in.stubbed == nil {
		in.stubbed = map[string]*ast.Term{}
	}
	items := make([][2]*ast.Term, 0, len(v.Resources))
	typed := make([][2]*ast.Term, len(in.types))
	group := make([][2]*ast.Term, 0, len(v.Resources))
	for i, t := range in.types {
		whole := reads.has(t.typ)
		var plainStub *ast.Term // the stub of the type's resources without a Condition
		group = group[:0]
		for j, r := range t.resources {
			var term *ast.Term
			switch {
			case whole || r.Condition != "":
				term = c.term(r, whole)
			case plainStub != nil:
				term = plainStub
			default:
				term = c.term(r, false)
				plainStub = term
			}
			group = append(group, ast.Item(t.ids[j], term))
		}
		items = append(items, group...)
		if whole {
			typed[i] = ast.Item(t.typeTerm, ast.NewTerm(ast.NewObject(group...)))
			continue
		}
		stubs, ok := in.stubbed[t.typ]
		if !ok {
			stubs = ast.NewTerm(ast.NewObject(group...))
			in.stubbed[t.typ] = stubs
		}
		typed[i] = ast.Item(t.typeTerm, stubs)
	}
	all := ast.NewObject(items...)
	bt := ast.NewObject(typed...)
	return ast.NewObject(
		ast.Item(ast.StringTerm("resources"), ast.NewTerm(all)),
		ast.Item(ast.StringTerm("resources_by_type"), ast.NewTerm(bt)),
		ast.Item(ast.StringTerm("parameter_types"), parameterTypes(v)),
		ast.Item(ast.StringTerm("options"), ast.NewTerm(ast.NewObject(
			ast.Item(ast.StringTerm("assume_aws_defaults"), ast.BooleanTerm(in.opts.AssumeAWSDefaults))))),
	)
}

// groupByType lists v's resources by type, in order of first appearance.
func groupByType(v *model.View) []typedResources {
	var out []typedResources
	seen := map[string]bool{}
	for _, r := range v.Resources {
		if seen[r.Type] {
			continue
		}
		seen[r.Type] = true
		rs := v.OfType(r.Type)
		ids := make([]*ast.Term, len(rs))
		for j, x := range rs {
			ids[j] = ast.StringTerm(x.ID)
		}
		out = append(out, typedResources{typ: r.Type, typeTerm: ast.StringTerm(r.Type), resources: rs, ids: ids})
	}
	return out
}

// release drops the converted properties of the view's resources whose
// type keep rejects: no policy still to run reads them.
func (in *ViewInput) release(keep func(typ string) bool) {
	// The shared mappings and lists would hold what is released.
	clear(in.cache.composites)
	if len(in.cache.resources) == 0 {
		return
	}
	kept := map[string]bool{}
	for _, r := range in.view.Resources {
		k, ok := kept[r.Type]
		if !ok {
			k = keep(r.Type)
			kept[r.Type] = k
		}
		if !k {
			delete(in.cache.resources, r)
		}
	}
}

// term returns resource r whole, or as a stub.
func (c *InputCache) term(r *model.Resource, whole bool) *ast.Term {
	if !whole {
		k := stubKey{r.Type, r.Condition}
		t, ok := c.stubs[k]
		if !ok {
			t = c.resourceTerm(r, false)
			c.stubs[k] = t
		}
		return t
	}
	t, ok := c.resources[r]
	if !ok {
		t = c.resourceTerm(r, true)
		c.resources[r] = t
	}
	return t
}

// parameterTypes maps each declared parameter with a literal Type to it.
func parameterTypes(v *model.View) *ast.Term {
	out := ast.NewObject()
	if v.Template == nil {
		return ast.NewTerm(out)
	}
	for _, e := range v.Template.Section("Parameters").Fields() {
		if t := e.Value.Get("Type"); t != nil && t.IsScalar() {
			out.Insert(ast.StringTerm(e.Key), ast.StringTerm(t.Value()))
		}
	}
	return ast.NewTerm(out)
}

func (c *InputCache) resourceTerm(r *model.Resource, whole bool) *ast.Term {
	o := ast.NewObject(ast.Item(ast.StringTerm("Type"), ast.StringTerm(r.Type)))
	if whole && r.Properties != nil {
		o.Insert(ast.StringTerm("Properties"), c.valueTerm(r.Properties))
	}
	if cond := r.Condition; cond != "" {
		o.Insert(ast.StringTerm("Condition"), ast.StringTerm(cond))
	}
	return ast.NewTerm(o)
}

var jsonNumber = regexp.MustCompile(`^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$`)

// keyTerm returns the one term of a mapping key: policy input is never
// modified, and a template repeats a few dozen keys tens of thousands of
// times.
func (c *InputCache) keyTerm(key string) *ast.Term {
	return sharedTerm(c.keys, key, min(maxKeyTerms, c.sharedLimit), func() *ast.Term { return ast.StringTerm(key) })
}

// maxKeyTerms bounds the shared key terms of one file.
const maxKeyTerms = 4096

// sharedTerm returns the term m holds for k, or the one made makes, kept
// in m while m holds fewer than limit.
func sharedTerm[K comparable](m map[K]*ast.Term, k K, limit int, make func() *ast.Term) *ast.Term {
	if t, ok := m[k]; ok {
		return t
	}
	t := make()
	if len(m) < limit {
		m[k] = t
	}
	return t
}

func (c *InputCache) valueTerm(v *model.Value) *ast.Term {
	switch v.Kind {
	case model.Bool, model.Number, model.String:
		return sharedTerm(c.scalars, scalarKey{v.Kind, v.Scalar()}, c.sharedLimit, func() *ast.Term { return c.newTerm(v) })
	case model.Unknown:
		k := unknownKey{v.Fn(), v.Target(), v.Attr(), v.Partial()}
		return sharedTerm(c.unknowns, k, c.sharedLimit, func() *ast.Term { return c.newTerm(v) })
	}
	return c.newTerm(v)
}

// share keeps t as the term of the mapping or list key identifies.
func (c *InputCache) share(key []byte, t *ast.Term) {
	if len(c.composites) < c.sharedLimit {
		c.composites[string(key)] = t
	}
}

// appendTermIdentity appends the address of t: the terms of a composite's
// parts are shared, so equal addresses mean equal parts. The cache holds
// every term it keys by address, so no address is reused while it runs.
func appendTermIdentity(key []byte, t *ast.Term) []byte {
	return binary.LittleEndian.AppendUint64(key, uint64(uintptr(unsafe.Pointer(t))))
}

// maxSharedTerms bounds the shared scalar and Unknown terms of one file.
const maxSharedTerms = 1 << 14

// newTerm converts v, a container with its items and fields, or a scalar
// or Unknown value.
func (c *InputCache) newTerm(v *model.Value) *ast.Term {
	switch v.Kind {
	case model.Map:
		items := make([][2]*ast.Term, 0, len(v.Fields()))
		for _, f := range v.Fields() {
			items = append(items, ast.Item(c.keyTerm(f.Key), c.valueTerm(f.Value)))
		}
		// The key is built once the parts are made: making them uses the
		// same buffer.
		c.compositeKey = append(c.compositeKey[:0], '{')
		for _, item := range items {
			c.compositeKey = appendTermIdentity(appendTermIdentity(c.compositeKey, item[0]), item[1])
		}
		if t, ok := c.composites[string(c.compositeKey)]; ok {
			return t
		}
		t := ast.NewTerm(ast.NewObject(items...))
		c.share(c.compositeKey, t)
		return t
	case model.List:
		terms := make([]*ast.Term, len(v.Items()))
		for i, it := range v.Items() {
			terms[i] = c.valueTerm(it)
		}
		c.compositeKey = append(c.compositeKey[:0], '[')
		for _, t := range terms {
			c.compositeKey = appendTermIdentity(c.compositeKey, t)
		}
		if t, ok := c.composites[string(c.compositeKey)]; ok {
			return t
		}
		t := ast.ArrayTerm(terms...)
		c.share(c.compositeKey, t)
		return t
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
		items := [][2]*ast.Term{ast.Item(c.keyTerm(UnknownKey), ast.StringTerm(v.Fn()))}
		if v.Target() != "" {
			items = append(items, ast.Item(c.keyTerm("ref"), ast.StringTerm(v.Target())))
		}
		if v.Attr() != "" {
			items = append(items, ast.Item(c.keyTerm("attr"), ast.StringTerm(v.Attr())))
		}
		if v.Partial() != "" {
			// Fn::Sub/Join text with the unresolved parts left as ${…}: two
			// values built the same way name the same thing.
			items = append(items, ast.Item(c.keyTerm("partial"), ast.StringTerm(v.Partial())))
		}
		return ast.NewTerm(ast.NewObject(items...))
	}
	return ast.NullTerm()
}

// typeReads is the resource types whose properties a policy may read: the
// types it runs on and every resource type (or type prefix, such as
// "AWS::EC2::") written as a string in it or in the library rules it uses.
// A nil *typeReads reads every type (a user policy, which may use any
// library rule).
type typeReads struct {
	prefixes []string
	key      string // the prefixes joined: equal keys read the same types
}

func (r *typeReads) has(typ string) bool {
	if r == nil {
		return true
	}
	for _, p := range r.prefixes {
		if strings.HasPrefix(typ, p) {
			return true
		}
	}
	return false
}

// unionReads reads every type one of the policies reads.
func unionReads(ps []compiledPolicy) *typeReads {
	seen := map[string]bool{}
	r := &typeReads{}
	for _, p := range ps {
		if p.reads == nil {
			return nil
		}
		for _, prefix := range p.reads.prefixes {
			if !seen[prefix] {
				seen[prefix] = true
				r.prefixes = append(r.prefixes, prefix)
			}
		}
	}
	sort.Strings(r.prefixes)
	r.key = strings.Join(r.prefixes, ",")
	return r
}

func (r *typeReads) groupKey() string {
	if r == nil {
		return "*"
	}
	return r.key
}

// readsOf collects the type names written in nodes (rules or modules),
// plus the policy's own resource types.
func readsOf(types map[string]bool, nodes ...any) *typeReads {
	seen := map[string]bool{}
	for t := range types {
		seen[t] = true
	}
	for _, n := range nodes {
		ast.WalkTerms(n, func(t *ast.Term) bool {
			if s, ok := t.Value.(ast.String); ok && namesTypes(string(s)) {
				seen[string(s)] = true
			}
			return false
		})
	}
	r := &typeReads{}
	for t := range seen {
		r.prefixes = append(r.prefixes, t)
	}
	sort.Strings(r.prefixes)
	r.key = strings.Join(r.prefixes, ",")
	return r
}

// namesTypes reports whether a string is a resource type or the prefix of
// a service's types: "AWS::S3::Bucket", "AWS::EC2::", "Custom::Thing". A
// bare vendor ("AWS::", as in trim_prefix(type, "AWS::")) is not taken for
// a read of every type.
func namesTypes(s string) bool {
	for _, vendor := range []string{"AWS::", "Alexa::", "Custom::"} {
		if rest, ok := strings.CutPrefix(s, vendor); ok {
			return rest != ""
		}
	}
	return false
}
