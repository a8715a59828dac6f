// Package resolve evaluates CloudFormation intrinsic functions against
// parameters, conditions and mappings, producing the tri-state model the
// rules read (rules.md §0.2): Known values with provenance, Unknown values
// that never produce a finding, and absent values (AWS::NoValue).
//
// Where a Fn::If condition or an AllowedValues parameter cannot be decided,
// the resource is resolved once per choice (up to MaxVariants) and a finding
// stands only when every variant produces it.
package resolve

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/internal/arena"
)

// MaxVariants bounds how many choice combinations one resource is resolved
// under; undecided choices beyond it stay Unknown.
const MaxVariants = 8

// maxIntrinsicDepth stops hostile self-referencing mappings.
const maxIntrinsicDepth = 64

// Intrinsic functions can build values far larger than their text: each
// level of {"Fn::Sub": ["${V}${V}", {"V": …}]} doubles its string, and a
// Ref to a long CommaDelimitedList parameter builds a list per use. So one
// resolver produces at most producedFloor + producedPerByte bytes per byte
// of template text, counting each list item it builds as itemCost bytes;
// past that every value it would build is Unknown (never a finding), and
// one warning names the place where the budget ran out.
const (
	producedFloor   = 4 << 20
	producedPerByte = 8
	itemCost        = 256
)

// Inputs are the values supplied at scan time.
type Inputs struct {
	// Parameters by name, including pseudo parameters such as AWS::AccountId.
	Parameters map[string]string
	// Conditions forces condition values by name.
	Conditions map[string]bool
	// Bound holds the parameters another template passes (a parent stack's
	// Parameters to a nested stack); they win over Parameters and defaults.
	Bound map[string]Binding

	// assumed names the Parameters a scenario chose (not the user): their
	// values carry FromParameterAssumed provenance.
	assumed map[string]bool
}

// Binding is a parameter value passed by a parent stack. An Unknown one
// (Known false) makes the parameter Unknown even when it has a Default:
// the parent passes something, only not a value known before deploy.
type Binding struct {
	Known bool
	Value string
	// Prov says where the parent's value came from.
	Prov []model.Provenance
}

type tri uint8

const (
	triUnknown tri = iota
	triTrue
	triFalse
)

func triOf(b bool) tri {
	if b {
		return triTrue
	}
	return triFalse
}

type param struct {
	name    string
	typ     string
	def     *template.Node
	allowed []*template.Node
}

// Resolver resolves one template.
type Resolver struct {
	t        *template.Template
	in       Inputs
	params   map[string]*param
	mappings *template.Node
	conds    *template.Node
	condVal  map[string]tri
	condBusy map[string]bool
	warnings []template.Diagnostic
	// noDefaults treats parameters without a supplied value as Unknown,
	// even when they have a Default: it tells what the defaults decide.
	noDefaults bool
	free       *Resolver // the noDefaults twin, made on first use
	// off lists the resources whose Condition is false, in template order.
	off []offResource
	// budget is what is left of the bytes intrinsic functions may produce;
	// overBudget is set once it ran out (and the warning was given).
	budget     int
	overBudget bool
	// search counts the condition evaluations of the search for other
	// deployments (scenario.go), shared by every resolver derived from
	// this one.
	search *searchBudget
	// resourceIDs holds the template's logical ids, for Ref to look up:
	// searching the Resources section per Ref made resolution quadratic.
	resourceIDs map[string]bool
	// alloc, for a large template, gives the values of literals, fields
	// and items from shared arrays (internal/arena); nil for others.
	alloc *valueArena
}

// valueArena allocates the parts of resolved values a chunk at a time.
type valueArena struct {
	values arena.Chunk[model.Value]
	fields arena.Chunk[model.Field]
	items  arena.Chunk[*model.Value]
}

// newValue returns a value of kind at src.
func (r *Resolver) newValue(kind model.Kind, src template.Range) *model.Value {
	if r.alloc == nil {
		return &model.Value{Kind: kind, Src: src}
	}
	v := r.alloc.values.New()
	v.Kind, v.Src = kind, src
	return v
}

func (r *Resolver) newFields(n int) []model.Field {
	if r.alloc == nil {
		return make([]model.Field, 0, n)
	}
	return r.alloc.fields.Take(n)
}

func (r *Resolver) newItems(n int) []*model.Value {
	if r.alloc == nil {
		return make([]*model.Value, 0, n)
	}
	return r.alloc.items.Take(n)
}

type offResource struct {
	id, cond string
}

// New prepares a resolver for t.
func New(t *template.Template, in Inputs) *Resolver {
	r := &Resolver{t: t, in: in, params: map[string]*param{},
		mappings: t.Section("Mappings"), conds: t.Section("Conditions"),
		condVal: map[string]tri{}, condBusy: map[string]bool{},
		budget: producedFloor + producedPerByte*t.Size(),
		search: &searchBudget{left: searchFloor + searchPerByte*t.Size()}}
	if ps := t.Section("Parameters"); ps != nil {
		for _, e := range ps.Entries() {
			p := &param{name: e.Key}
			if e.Value.Kind == template.Map {
				if ty := e.Value.Get("Type"); ty != nil {
					p.typ = ty.Value()
				}
				p.def = e.Value.Get("Default")
				if av := e.Value.Get("AllowedValues"); av != nil && av.Kind == template.List {
					p.allowed = av.Items()
				}
			}
			r.params[e.Key] = p
		}
	}
	if t.Size() >= arena.MinDocument {
		r.alloc = &valueArena{}
	}
	rs := t.Section("Resources").Fields()
	r.resourceIDs = make(map[string]bool, len(rs))
	for _, e := range rs {
		r.resourceIDs[e.Key] = true
	}
	return r
}

// derive is New(r.t, in) sharing what does not depend on the inputs (the
// declared parameters) and the search budget.
func (r *Resolver) derive(in Inputs) *Resolver {
	return &Resolver{t: r.t, in: in, params: r.params, mappings: r.mappings, conds: r.conds,
		condVal: map[string]tri{}, condBusy: map[string]bool{},
		budget: producedFloor + producedPerByte*r.t.Size(), search: r.search, resourceIDs: r.resourceIDs}
}

// Warnings are problems found while resolving (malformed intrinsics,
// references to undeclared names, cyclic conditions).
func (r *Resolver) Warnings() []template.Diagnostic { return r.warnings }

func (r *Resolver) warn(rg template.Range, format string, args ...any) {
	r.warnings = append(r.warnings, template.Diagnostic{Line: int(rg.Line), Col: int(rg.Col), Msg: fmt.Sprintf(format, args...)})
}

// spend takes size bytes from the budget for a value fn builds at n. It
// reports false, warning the first time, when the budget cannot pay: the
// caller then returns an Unknown value instead of building it.
func (r *Resolver) spend(n *template.Node, fn string, size int) bool {
	if size <= r.budget {
		r.budget -= size
		return true
	}
	if !r.overBudget {
		r.overBudget = true
		r.warn(n.Range, "%s: the intrinsic functions of this template would build more than %d bytes of values (%d MiB + %d per byte of template); this value and those built after it are treated as unknown",
			fn, producedFloor+producedPerByte*r.t.Size(), producedFloor>>20, producedPerByte)
	}
	r.budget = 0
	return false
}

// Resolve returns the template's views: view j holds, for every resource,
// its variant min(j, variants-1). Most templates have exactly one view.
// The first view carries the scenarios in which resources that the
// parameter defaults switch off exist (see model.Scenario).
func Resolve(t *template.Template, in Inputs) ([]*model.View, []template.Diagnostic) {
	r := New(t, in)
	views := r.views()
	views[0].Scenarios = r.scenarios()
	return views, r.warnings
}

func (r *Resolver) views() []*model.View {
	res := r.t.Section("Resources")
	var perResource [][]*model.Resource
	maxVariants := 1
	if res != nil {
		for _, e := range res.Entries() {
			vs := r.resource(e)
			if len(vs) == 0 {
				continue
			}
			perResource = append(perResource, vs)
			if len(vs) > maxVariants {
				maxVariants = len(vs)
			}
		}
	}
	views := make([]*model.View, maxVariants)
	for j := range views {
		list := make([]*model.Resource, len(perResource))
		for i, vs := range perResource {
			list[i] = vs[min(j, len(vs)-1)]
		}
		views[j] = model.NewView(r.t, list)
	}
	return views
}

// resource resolves one resource into its variants; none when its Condition
// is known to be false.
func (r *Resolver) resource(e template.Entry) []*model.Resource {
	node := e.Value
	c := node.Get("Condition")
	if c != nil && c.Kind == template.String {
		if r.condition(c.Value(), c.Range) == triFalse {
			r.off = append(r.off, offResource{e.Key, c.Value()})
			return nil
		}
	}
	props := node.Get("Properties")
	base := &model.Resource{ID: e.Key, Type: node.Get("Type").Value(), Node: node, KeyRange: e.KeyRange,
		Condition: c.Text(), Variants: 1}
	if props == nil {
		return []*model.Resource{base}
	}
	first := &ctx{assign: map[string]int{}}
	base.Properties = r.value(props, first)
	if len(first.seen) == 0 {
		return []*model.Resource{base}
	}
	// Enumerate as many undecided choices as fit in MaxVariants.
	var chosen []choice
	total := 1
	for _, c := range first.seen {
		if total*c.arity > MaxVariants {
			break
		}
		chosen = append(chosen, c)
		total *= c.arity
	}
	if len(chosen) == 0 {
		return []*model.Resource{base}
	}
	out := make([]*model.Resource, 0, total)
	idx := make([]int, len(chosen))
	for {
		c := &ctx{assign: map[string]int{}, enumerated: true}
		for i, ch := range chosen {
			c.assign[ch.key] = idx[i]
		}
		v := *base
		v.Properties = r.value(props, c)
		v.Variants = total
		out = append(out, &v)
		i := 0
		for ; i < len(idx); i++ {
			idx[i]++
			if idx[i] < chosen[i].arity {
				break
			}
			idx[i] = 0
		}
		if i == len(idx) {
			break
		}
	}
	return out
}

type choice struct {
	key   string
	arity int
}

// ctx carries the choice assignment of one variant.
type ctx struct {
	assign     map[string]int
	seen       []choice
	enumerated bool
	depth      int
	// noValue is set by a decided Fn::If that chose AWS::NoValue, for the
	// mapping that holds it to record why the key is missing.
	noValue *model.Absence
	// memo holds the values of nodes reached by name (Fn::Sub variables,
	// mapping entries): a node used twice is resolved once, so a chain of
	// {"Fn::Sub": ["${V}${V}", {"V": …}]} costs its length, not 2^length.
	memo map[*template.Node]memoized
}

type memoized struct {
	v       *model.Value
	noValue *model.Absence
}

// pick returns the assigned alternative for an undecided choice, or -1 and
// records the choice so the caller can enumerate it.
func (c *ctx) pick(key string, arity int) int {
	if i, ok := c.assign[key]; ok {
		return i
	}
	if !c.enumerated {
		for _, s := range c.seen {
			if s.key == key {
				return -1
			}
		}
		c.seen = append(c.seen, choice{key, arity})
	}
	return -1
}

// shared resolves a node that can be reached more than once (by name),
// through the variant's memo. Callers must not change the value returned.
func (r *Resolver) shared(n *template.Node, c *ctx) *model.Value {
	if m, ok := c.memo[n]; ok {
		if m.v == nil && c.noValue == nil {
			c.noValue = m.noValue
		}
		return m.v
	}
	v := r.value(n, c)
	if c.memo == nil {
		c.memo = map[*template.Node]memoized{}
	}
	m := memoized{v: v}
	if v == nil {
		m.noValue = c.noValue
	}
	c.memo[n] = m
	return v
}

func unknown(n *template.Node, fn string) *model.Value {
	return &model.Value{Kind: model.Unknown, Src: n.Range, Detail: &model.Detail{Fn: fn}}
}

// Value resolves a node outside any resource variant (Outputs, Metadata).
func (r *Resolver) Value(n *template.Node) *model.Value {
	return r.value(n, &ctx{assign: map[string]int{}, enumerated: true})
}

// value resolves n; nil means absent (AWS::NoValue).
func (r *Resolver) value(n *template.Node, c *ctx) *model.Value {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case template.Map:
		if fn, arg, ok := n.Intrinsic(); ok && fn != "Condition" {
			c.depth++
			defer func() { c.depth-- }()
			if c.depth > maxIntrinsicDepth {
				r.warn(n.Range, "intrinsic functions nested deeper than %d levels", maxIntrinsicDepth)
				return unknown(n, fn)
			}
			return r.intrinsic(n, fn, arg, c)
		}
		if isRainDirective(n) {
			return unknown(n, n.Entries()[0].Key)
		}
		v := r.newValue(model.Map, n.Range)
		fields := r.newFields(len(n.Entries()))
		for _, e := range n.Entries() {
			c.noValue = nil
			if fv := r.value(e.Value, c); fv != nil {
				fields = append(fields, model.Field{Key: e.Key, KeyRange: e.KeyRange, Value: fv})
			} else if c.noValue != nil {
				a := *c.noValue
				a.Key = e.Key
				v.Edit().Absent = append(v.Absent(), a)
			}
			c.noValue = nil
		}
		v.SetFields(fields)
		return v
	case template.List:
		items := r.newItems(len(n.Items()))
		for _, it := range n.Items() {
			if iv := r.value(it, c); iv != nil {
				items = append(items, iv)
			}
		}
		return r.newValue(model.List, n.Range).WithItems(items)
	case template.String:
		if strings.Contains(n.Value(), "{{resolve:") {
			v := unknown(n, "dynamic-reference")
			v.Edit().Partial = n.Value()
			return v
		}
		return r.newValue(model.String, n.Range).WithScalar(n.Value())
	case template.Bool:
		return r.newValue(model.Bool, n.Range).WithScalar(n.Value())
	case template.Int, template.Float:
		return r.newValue(model.Number, n.Range).WithScalar(n.Value())
	default:
		return r.newValue(model.Null, n.Range)
	}
}

func (r *Resolver) intrinsic(n *template.Node, fn string, arg *template.Node, c *ctx) *model.Value {
	switch fn {
	case "Ref":
		if arg.Kind != template.String {
			r.warn(arg.Range, "Ref takes a logical name, found a %s", arg.Kind)
			return unknown(n, fn)
		}
		return r.ref(n, arg.Value(), c)
	case "Fn::If":
		return r.fnIf(n, arg, c)
	case "Fn::Sub":
		return r.sub(n, arg, c)
	case "Fn::Join":
		return r.join(n, arg, c)
	case "Fn::Select":
		return r.selectFn(n, arg, c)
	case "Fn::Split":
		return r.split(n, arg, c)
	case "Fn::FindInMap":
		return r.findInMap(n, arg, c)
	case "Fn::Base64":
		// Kept as the plain input: rules read what the author wrote (user
		// data scripts), never the encoded bytes.
		v := r.value(arg, c)
		if s, ok := v.Str(); ok {
			return withSrc((&model.Value{Kind: model.String, Detail: model.ProvDetail(v.Prov())}).WithScalar(s), n)
		}
		return unknown(n, fn)
	case "Fn::GetAtt":
		v := unknown(n, fn)
		switch {
		case arg.Kind == template.List && len(arg.Items()) >= 1:
			v.Edit().Target = arg.Items()[0].Value()
			if len(arg.Items()) > 1 {
				v.Edit().Attr = arg.Items()[1].Value()
			}
		case arg.Kind == template.String:
			v.Edit().Target, v.Edit().Attr, _ = strings.Cut(arg.Value(), ".")
		}
		return v
	case "Fn::ToJsonString":
		v := r.value(arg, c)
		if !fullyKnown(v) {
			return unknown(n, fn)
		}
		b, err := json.Marshal(plain(v, false))
		if err != nil || !r.spend(n, fn, len(b)) {
			return unknown(n, fn)
		}
		return (&model.Value{Kind: model.String, Src: n.Range, Detail: model.ProvDetail(v.Prov())}).WithScalar(string(b))
	case "Fn::Length":
		v := r.value(arg, c)
		if v != nil && v.Kind == model.List {
			return (&model.Value{Kind: model.Number, Src: n.Range}).WithScalar(strconv.Itoa(len(v.Items())))
		}
		return unknown(n, fn)
	case "Fn::ImportValue", "Fn::GetAZs", "Fn::Cidr", "Fn::Transform", "Fn::ForEach", "Fn::GetParam":
		return unknown(n, fn)
	}
	r.warn(n.Range, "unknown intrinsic function %s", fn)
	return unknown(n, fn)
}

func withSrc(v *model.Value, n *template.Node) *model.Value {
	v.Src = n.Range
	return v
}

var pseudo = map[string]bool{
	"AWS::AccountId": true, "AWS::NotificationARNs": true, "AWS::NoValue": true, "AWS::Partition": true,
	"AWS::Region": true, "AWS::StackId": true, "AWS::StackName": true, "AWS::URLSuffix": true,
}

func (r *Resolver) ref(n *template.Node, name string, c *ctx) *model.Value {
	if name == "AWS::NoValue" {
		return nil
	}
	if pseudo[name] {
		if s, ok := r.in.Parameters[name]; ok {
			return (&model.Value{Kind: model.String, Src: n.Range, Detail: model.ProvDetail([]model.Provenance{{Kind: model.FromPseudoParameter, Name: name, Value: s}})}).WithScalar(s)
		}
		v := unknown(n, "Ref")
		v.Edit().Target = name
		return v
	}
	if p, ok := r.params[name]; ok {
		return r.paramValue(n, p, c)
	}
	if id, ok := strings.CutPrefix(name, template.LoopIdentifierPrefix); ok {
		// The identifier of a loop whose collection has no value.
		v := unknown(n, "Fn::ForEach")
		v.Edit().Target = id
		return v
	}
	v := unknown(n, "Ref")
	v.Edit().Target = name
	if !r.resourceIDs[name] && !r.fromModule(name) {
		r.warn(n.Range, "Ref to %s, which is neither a parameter nor a resource", name)
	}
	return v
}

// isRainDirective reports {"Rain::Embed": …} and similar: the rain tool
// replaces them before deployment, so their value is Unknown.
func isRainDirective(n *template.Node) bool {
	return n != nil && n.Kind == template.Map && len(n.Entries()) == 1 && strings.HasPrefix(n.Entries()[0].Key, "Rain::")
}

// fromModule reports a name that a Rain module defines: its resources and
// outputs are named after the module (NetworkVPC for module Network).
func (r *Resolver) fromModule(name string) bool {
	for _, m := range r.t.Modules {
		if strings.HasPrefix(name, m) {
			return true
		}
	}
	return false
}

func (r *Resolver) paramValue(use *template.Node, p *param, c *ctx) *model.Value {
	unk := unknown(use, "Ref")
	unk.Edit().Target = p.name
	if strings.HasPrefix(p.typ, "AWS::SSM::Parameter::Value") {
		// The default of an SSM-typed parameter is a parameter name, not a value.
		return unk
	}
	var text string
	var prov model.Provenance
	var provs []model.Provenance
	if b, ok := r.in.Bound[p.name]; ok {
		if !b.Known {
			return unk
		}
		text, provs = b.Value, b.Prov
	} else if s, ok := r.in.Parameters[p.name]; ok {
		text, prov = s, model.Provenance{Kind: model.FromParameterValue, Name: p.name, Value: s}
		if r.in.assumed[p.name] {
			prov.Kind = model.FromParameterAssumed
		}
	} else if r.noDefaults {
		return unk
	} else if p.def != nil && p.def.IsScalar() && p.def.Kind != template.Null {
		text = p.def.Value()
		prov = model.Provenance{Kind: model.FromParameterDefault, Name: p.name, Line: int(p.def.Range.Line), Value: text}
	} else if len(p.allowed) > 0 {
		i := c.pick("param:"+p.name, len(p.allowed))
		if i < 0 {
			return unk
		}
		a := p.allowed[i]
		text = a.Value()
		prov = model.Provenance{Kind: model.FromAllowedValue, Name: p.name, Line: int(a.Range.Line), Value: text}
	} else {
		return unk
	}
	if provs == nil {
		provs = []model.Provenance{prov}
	}
	if strings.HasPrefix(p.typ, "List<") || p.typ == "CommaDelimitedList" {
		if !r.spend(use, "Ref "+p.name, itemCost*(strings.Count(text, ",")+1)) {
			return unk
		}
		list := &model.Value{Kind: model.List, Src: use.Range, Detail: model.ProvDetail(provs)}
		if text != "" {
			parts := strings.Split(text, ",")
			items := make([]*model.Value, len(parts))
			for i, part := range parts {
				items[i] = (&model.Value{Kind: model.String, Src: use.Range, Detail: model.ProvDetail(provs)}).WithScalar(strings.TrimSpace(part))
			}
			list.SetItems(items)
		}
		return list
	}
	kind := model.String
	if p.typ == "Number" {
		kind = model.Number
	}
	return (&model.Value{Kind: kind, Src: use.Range, Detail: model.ProvDetail(provs)}).WithScalar(text)
}

func (r *Resolver) fnIf(n, arg *template.Node, c *ctx) *model.Value {
	if arg.Kind != template.List || len(arg.Items()) != 3 || arg.Items()[0].Kind != template.String {
		r.warn(arg.Range, "Fn::If takes [condition, value-if-true, value-if-false]")
		return unknown(n, "Fn::If")
	}
	name := arg.Items()[0].Value()
	var branch int
	switch r.condition(name, arg.Items()[0].Range) {
	case triTrue:
		branch = 0
	case triFalse:
		branch = 1
	default:
		branch = c.pick("cond:"+name, 2)
		if branch < 0 {
			return unknown(n, "Fn::If")
		}
		v := r.value(arg.Items()[1+branch], c)
		if v == nil {
			return nil
		}
		out := v.Copy() // v may be a shared value
		out.Edit().Prov = append(append([]model.Provenance(nil), v.Prov()...), model.Provenance{
			Kind: model.FromCondition, Name: name, Value: "either branch"})
		return out
	}
	v := r.value(arg.Items()[1+branch], c)
	if v == nil && c.noValue == nil {
		c.noValue = &model.Absence{If: n.Entries()[0].KeyRange, Condition: name, Value: branch == 0,
			ByDefaults: r.decidedByDefaults(name)}
	}
	return v
}

// condition evaluates a named condition; cycles and unknown inputs yield
// triUnknown.
func (r *Resolver) condition(name string, use template.Range) tri {
	if b, ok := r.in.Conditions[name]; ok {
		return triOf(b)
	}
	if v, ok := r.condVal[name]; ok {
		return v
	}
	def := r.conds.Get(name)
	if def == nil {
		r.warn(use, "condition %s is not declared", name)
		return triUnknown
	}
	if r.condBusy[name] {
		r.warn(use, "condition %s refers to itself", name)
		return triUnknown
	}
	r.condBusy[name] = true
	v := r.condExpr(def, 0)
	delete(r.condBusy, name)
	r.condVal[name] = v
	return v
}

func (r *Resolver) condExpr(n *template.Node, depth int) tri {
	r.search.left--
	if depth > maxIntrinsicDepth {
		return triUnknown
	}
	fn, arg, ok := n.Intrinsic()
	if !ok {
		if b, ok := n.BoolValue(); ok {
			return triOf(b)
		}
		return triUnknown
	}
	switch fn {
	case "Condition":
		if arg.Kind == template.String {
			return r.condition(arg.Value(), arg.Range)
		}
	case "Fn::Not":
		if arg.Kind == template.List && len(arg.Items()) == 1 {
			switch r.condExpr(arg.Items()[0], depth+1) {
			case triTrue:
				return triFalse
			case triFalse:
				return triTrue
			}
		}
	case "Fn::And", "Fn::Or":
		if arg.Kind != template.List {
			break
		}
		isAnd := fn == "Fn::And"
		result := triOf(isAnd)
		for _, it := range arg.Items() {
			switch r.condExpr(it, depth+1) {
			case triUnknown:
				result = triUnknown
			case triFalse:
				if isAnd {
					return triFalse
				}
			case triTrue:
				if !isAnd {
					return triTrue
				}
			}
		}
		return result
	case "Fn::Equals":
		if arg.Kind != template.List || len(arg.Items()) != 2 {
			break
		}
		c := &ctx{assign: map[string]int{}, enumerated: true, depth: depth}
		a, b := r.value(arg.Items()[0], c), r.value(arg.Items()[1], c)
		if !fullyKnown(a) || !fullyKnown(b) {
			return triUnknown
		}
		sa, okA := a.Str()
		sb, okB := b.Str()
		if okA && okB { // what JSON below would conclude, without encoding
			return triOf(sa == sb)
		}
		ja, _ := json.Marshal(plain(a, true))
		jb, _ := json.Marshal(plain(b, true))
		return triOf(string(ja) == string(jb))
	}
	return triUnknown
}

func fullyKnown(v *model.Value) bool {
	if v == nil || v.Kind == model.Unknown {
		return false
	}
	for _, f := range v.Fields() {
		if !fullyKnown(f.Value) {
			return false
		}
	}
	for _, it := range v.Items() {
		if !fullyKnown(it) {
			return false
		}
	}
	return true
}

// plain converts a fully known value to Go data for JSON. With
// scalarsAsText every scalar is its string form, which is how Fn::Equals
// compares ("1" equals 1).
func plain(v *model.Value, scalarsAsText bool) any {
	switch v.Kind {
	case model.Map:
		m := make(map[string]any, len(v.Fields()))
		for _, f := range v.Fields() {
			m[f.Key] = plain(f.Value, scalarsAsText)
		}
		return m
	case model.List:
		l := make([]any, len(v.Items()))
		for i, it := range v.Items() {
			l[i] = plain(it, scalarsAsText)
		}
		return l
	}
	if scalarsAsText {
		return v.Scalar()
	}
	switch v.Kind {
	case model.Bool:
		b, _ := v.Bool()
		return b
	case model.Number:
		if f, err := strconv.ParseFloat(v.Scalar(), 64); err == nil {
			return f
		}
	case model.Null:
		return nil
	}
	return v.Scalar()
}

func mergeProv(vs ...*model.Value) []model.Provenance {
	var out []model.Provenance
	seen := map[model.Provenance]bool{}
	for _, v := range vs {
		if v == nil {
			continue
		}
		for _, p := range v.Prov() {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
		for _, it := range v.Items() {
			for _, p := range it.Prov() {
				if !seen[p] {
					seen[p] = true
					out = append(out, p)
				}
			}
		}
	}
	return out
}

func (r *Resolver) join(n, arg *template.Node, c *ctx) *model.Value {
	if arg.Kind != template.List || len(arg.Items()) != 2 {
		r.warn(arg.Range, "Fn::Join takes [delimiter, list]")
		return unknown(n, "Fn::Join")
	}
	delim, ok := r.value(arg.Items()[0], c).Str()
	list := r.value(arg.Items()[1], c)
	if !ok || list == nil || list.Kind != model.List {
		return unknown(n, "Fn::Join")
	}
	parts := make([]string, len(list.Items()))
	known := true
	size := len(delim) * len(list.Items())
	for _, it := range list.Items() {
		if s, ok := it.Str(); ok {
			size += len(s)
		} else {
			size += len(it.Partial()) + len(it.Describe()) + 3
		}
	}
	if !r.spend(n, "Fn::Join", size) {
		return unknown(n, "Fn::Join")
	}
	for i, it := range list.Items() {
		s, ok := it.Str()
		if !ok {
			known = false
			s = "${" + it.Describe() + "}"
			if it.Partial() != "" {
				s = it.Partial()
			}
		}
		parts[i] = s
	}
	if !known {
		v := unknown(n, "Fn::Join")
		v.Edit().Partial = strings.Join(parts, delim)
		v.Edit().Prov = mergeProv(list)
		return v
	}
	return (&model.Value{Kind: model.String, Src: n.Range, Detail: model.ProvDetail(mergeProv(list))}).WithScalar(strings.Join(parts, delim))
}

func (r *Resolver) selectFn(n, arg *template.Node, c *ctx) *model.Value {
	if arg.Kind != template.List || len(arg.Items()) != 2 {
		r.warn(arg.Range, "Fn::Select takes [index, list]")
		return unknown(n, "Fn::Select")
	}
	idx, ok := r.value(arg.Items()[0], c).Int()
	list := r.value(arg.Items()[1], c)
	if !ok || list == nil || list.Kind != model.List || idx < 0 || idx >= len(list.Items()) {
		return unknown(n, "Fn::Select")
	}
	v := *list.Items()[idx]
	v.Src = n.Range
	return &v
}

func (r *Resolver) split(n, arg *template.Node, c *ctx) *model.Value {
	if arg.Kind != template.List || len(arg.Items()) != 2 {
		r.warn(arg.Range, "Fn::Split takes [delimiter, string]")
		return unknown(n, "Fn::Split")
	}
	delim, ok1 := r.value(arg.Items()[0], c).Str()
	src := r.value(arg.Items()[1], c)
	s, ok2 := src.Str()
	if !ok1 || !ok2 || delim == "" || !r.spend(n, "Fn::Split", itemCost*(strings.Count(s, delim)+1)) {
		return unknown(n, "Fn::Split")
	}
	out := &model.Value{Kind: model.List, Src: n.Range, Detail: model.ProvDetail(src.Prov())}
	parts := strings.Split(s, delim)
	items := make([]*model.Value, len(parts))
	for i, part := range parts {
		items[i] = (&model.Value{Kind: model.String, Src: n.Range, Detail: model.ProvDetail(src.Prov())}).WithScalar(part)
	}
	out.SetItems(items)
	return out
}

func (r *Resolver) findInMap(n, arg *template.Node, c *ctx) *model.Value {
	if arg.Kind != template.List || len(arg.Items()) < 3 {
		r.warn(arg.Range, "Fn::FindInMap takes [map, top-level key, second-level key]")
		return unknown(n, "Fn::FindInMap")
	}
	var keys [3]string
	for i := 0; i < 3; i++ {
		s, ok := r.value(arg.Items()[i], c).Str()
		if !ok {
			return unknown(n, "Fn::FindInMap")
		}
		keys[i] = s
	}
	found := r.mappings.Get(keys[0]).Get(keys[1]).Get(keys[2])
	if found == nil && len(arg.Items()) == 4 {
		found = arg.Items()[3].Get("DefaultValue")
	}
	if found == nil {
		return unknown(n, "Fn::FindInMap")
	}
	v := r.shared(found, c)
	if v == nil {
		return nil
	}
	out := v.Copy()
	out.Src = n.Range
	out.Edit().Prov = append(append([]model.Provenance(nil), v.Prov()...), model.Provenance{
		Kind: model.FromMapping, Name: strings.Join(keys[:], "."), Line: int(found.Range.Line)})
	return out
}

func (r *Resolver) sub(n, arg *template.Node, c *ctx) *model.Value {
	var text *template.Node
	var vars *template.Node
	switch {
	case arg.Kind == template.String:
		text = arg
	case arg.Kind == template.List && len(arg.Items()) == 2 && arg.Items()[0].Kind == template.String:
		text, vars = arg.Items()[0], arg.Items()[1]
	case isRainDirective(arg):
		return unknown(n, "Fn::Sub") // rain fills it in (Rain::Embed) before deployment
	default:
		r.warn(arg.Range, "Fn::Sub takes a string or [string, {variables}]")
		return unknown(n, "Fn::Sub")
	}
	var b strings.Builder
	var provs []*model.Value
	known := true
	s := text.Value()
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		name := s[i+2 : i+j]
		s = s[i+j+1:]
		if strings.HasPrefix(name, "!") {
			b.WriteString("${" + name[1:] + "}")
			continue
		}
		var v *model.Value
		if vars != nil && vars.Get(name) != nil {
			v = r.shared(vars.Get(name), c)
		} else if !strings.Contains(name, ".") {
			v = r.ref(template.NewScalar(template.String, name, n.Range), name, c)
		}
		str, ok := v.Str()
		if !ok {
			known = false
			str = "${" + name + "}"
		} else {
			provs = append(provs, v)
		}
		if !r.spend(n, "Fn::Sub", len(str)) {
			return unknown(n, "Fn::Sub")
		}
		b.WriteString(str)
	}
	out := b.String()
	if !known || strings.Contains(out, "{{resolve:") {
		v := unknown(n, "Fn::Sub")
		v.Edit().Partial = out
		// Kept so that rules reading the partial text (a JSON policy with
		// ${AWS::AccountId} left in it) can name the parameters used.
		v.Edit().Prov = mergeProv(provs...)
		if known {
			v.Edit().Fn = "dynamic-reference"
		}
		return v
	}
	return (&model.Value{Kind: model.String, Src: n.Range, Detail: model.ProvDetail(mergeProv(provs...))}).WithScalar(out)
}

// ConditionNames lists declared conditions (for --conditions validation).
func (r *Resolver) ConditionNames() []string {
	var out []string
	if r.conds != nil {
		for _, e := range r.conds.Entries() {
			out = append(out, e.Key)
		}
	}
	sort.Strings(out)
	return out
}
