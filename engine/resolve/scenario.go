package resolve

import (
	"sort"
	"strconv"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/template"
)

// maxScenarios bounds how many other deployments one template is resolved
// under; maxWitnessTries bounds the search for the parameter values of one.
const (
	maxScenarios    = 16
	maxWitnessTries = 256
)

// A template can have as many switched-off resources as conditions, each
// searched with up to maxWitnessTries parameter combinations, and each try
// evaluates the condition tree anew: the search is quadratic in the number
// of conditions. So all the searches for one template evaluate at most
// searchFloor + searchPerByte condition expressions per byte of template;
// the resources still unsearched when it runs out are not checked under
// other deployments, and a warning says so.
const (
	searchFloor   = 1 << 16
	searchPerByte = 1
)

type searchBudget struct {
	left int
}

// otherValue stands for "any value not written in the template" when a
// condition is true for every value but a few (!Not [!Equals [!Ref P, ""]]).
const otherValue = "any-other-value"

// decidedByDefaults reports whether a condition's value rests on parameter
// defaults: decided with them, undecided without them. A condition that is
// constant, forced by --conditions or settled by supplied values is not.
func (r *Resolver) decidedByDefaults(name string) bool {
	if r.noDefaults || r.condition(name, template.Range{}) == triUnknown {
		return false
	}
	if r.free == nil {
		r.free = r.derive(r.in)
		r.free.noDefaults = true
	}
	return r.free.condition(name, template.Range{}) == triUnknown
}

// scenarios finds, for the resources whose Condition is false for the
// parameter defaults, parameter values under which it is not, and resolves
// the template under them. Resources that one scenario switches on share
// it; a Condition that no values found can make true (a constant, one
// settled by supplied values or --conditions) keeps its resources off.
func (r *Resolver) scenarios() []*model.Scenario {
	type world struct {
		res *Resolver
		sc  *model.Scenario
	}
	var worlds []world
	dropped, unsearched := 0, 0
	noWitness := map[string]bool{} // conditions already searched in vain
	for _, o := range r.off {
		placed := false
		for _, w := range worlds {
			if w.res.condition(o.cond, template.Range{}) != triFalse {
				w.sc.Switched[o.id] = o.cond
				placed = true
				break
			}
		}
		if placed || noWitness[o.cond] || !r.decidedByDefaults(o.cond) {
			continue
		}
		if r.search.left <= 0 {
			unsearched++
			continue
		}
		values, ok := r.witness(o.cond)
		if !ok {
			if r.search.left <= 0 {
				unsearched++ // cut short, not searched in vain
				continue
			}
			noWitness[o.cond] = true
			continue
		}
		if len(worlds) == maxScenarios {
			dropped++
			continue
		}
		in := Inputs{Parameters: map[string]string{}, Conditions: r.in.Conditions, Bound: r.in.Bound, assumed: map[string]bool{}}
		for k, v := range r.in.Parameters {
			in.Parameters[k] = v
		}
		sc := &model.Scenario{Switched: map[string]string{o.id: o.cond}}
		for _, k := range sortedKeys(values) {
			in.Parameters[k] = values[k]
			in.assumed[k] = true
			sc.Assumed = append(sc.Assumed, model.Provenance{Kind: model.FromParameterAssumed, Name: k, Value: values[k]})
		}
		res := r.derive(in)
		sc.Resolve = New(r.t, in).views
		worlds = append(worlds, world{res, sc})
	}
	if unsearched > 0 {
		r.warn(template.Range{Line: 1, Col: 1}, "%d resources switched off by the parameter defaults are not checked under other parameter values: searching for values that switch them on took more than %d condition evaluations (%d per byte of template)",
			unsearched, searchFloor+searchPerByte*r.t.Size(), searchPerByte)
	}
	if dropped > 0 {
		r.warn(template.Range{Line: 1, Col: 1}, "%d resources switched off by the parameter defaults need more than %d other parameter combinations; they are not checked", dropped, maxScenarios)
	}
	out := make([]*model.Scenario, len(worlds))
	for i, w := range worlds {
		out[i] = w.sc
	}
	return out
}

// witness searches parameter values, changing as few parameters from their
// defaults as it can, under which condition name is true (or, failing
// that, undecided). Candidates
// for a parameter are its AllowedValues, or else the literals the condition
// compares with plus one value written nowhere.
func (r *Resolver) witness(name string) (map[string]string, bool) {
	refs, lits := map[string]bool{}, map[string]bool{}
	compared := map[string][]string{}
	r.condInputs(name, refs, lits, compared, map[string]bool{})
	var params []string
	cands := map[string][]string{}
	for p := range refs {
		pp := r.params[p]
		if pp == nil || pp.def == nil || !pp.def.IsScalar() || pp.def.Kind == template.Null || strings.HasPrefix(pp.typ, "AWS::SSM::Parameter::Value") {
			continue
		}
		if _, supplied := r.in.Parameters[p]; supplied {
			continue
		}
		if _, bound := r.in.Bound[p]; bound { // a parent stack passes it
			continue
		}
		cs := r.candidates(pp, compared[p], lits)
		if len(cs) > 0 {
			params = append(params, p)
			cands[p] = cs
		}
	}
	sort.Strings(params)
	// A condition that is true is the witness sought; one that becomes
	// undecided (it also depends on the region) is kept as a fallback.
	tries := 0
	var fallback map[string]string
	holds := func(values map[string]string) bool {
		tries++
		in := Inputs{Parameters: map[string]string{}, Conditions: r.in.Conditions, Bound: r.in.Bound}
		for k, v := range r.in.Parameters {
			in.Parameters[k] = v
		}
		for k, v := range values {
			in.Parameters[k] = v
		}
		switch r.derive(in).condition(name, template.Range{}) {
		case triTrue:
			return true
		case triUnknown:
			if fallback == nil {
				fallback = values
			}
		}
		return false
	}
	// One parameter changed, then two: a stack that flips one setting is
	// the likeliest deployment besides the defaults.
	for _, p := range params {
		for _, v := range cands[p] {
			if tries == maxWitnessTries || r.search.left <= 0 {
				return fallback, fallback != nil
			}
			if w := map[string]string{p: v}; holds(w) {
				return w, true
			}
		}
	}
	for i, p := range params {
		for _, q := range params[i+1:] {
			for _, v := range cands[p] {
				for _, u := range cands[q] {
					if tries == maxWitnessTries || r.search.left <= 0 {
						return fallback, fallback != nil
					}
					if w := map[string]string{p: v, q: u}; holds(w) {
						return w, true
					}
				}
			}
		}
	}
	return fallback, fallback != nil
}

// candidates lists the values other than its default that parameter p is
// tried with: its AllowedValues, or else the literals it is compared with
// directly first, so that a witness reads like what the author meant.
func (r *Resolver) candidates(p *param, compared []string, lits map[string]bool) []string {
	var out []string
	add := func(v string) {
		if v != p.def.Value() && !contains(out, v) {
			out = append(out, v)
		}
	}
	if len(p.allowed) > 0 {
		for _, a := range p.allowed {
			if a.IsScalar() {
				add(a.Value())
			}
		}
		return out
	}
	addLiterals := func(ls []string) {
		for _, l := range ls {
			if _, err := strconv.ParseFloat(l, 64); err == nil || p.typ != "Number" {
				add(l)
			}
		}
	}
	// Then a value written nowhere (a parameter compared only with its
	// default, !Not [!Equals [!Ref KeyName, ""]]), then the other literals.
	addLiterals(compared)
	if p.typ == "Number" {
		add("0")
		add("1")
	} else {
		add(otherValue)
	}
	addLiterals(sortedKeys(lits))
	return out
}

// condInputs collects the parameters a condition refers to and the literals
// in it, following Condition references and the mappings that
// Fn::FindInMap looks keys up in; compared holds, per parameter, the
// literals an Fn::Equals compares a Ref to it with.
func (r *Resolver) condInputs(name string, refs, lits map[string]bool, compared map[string][]string, seen map[string]bool) {
	if seen[name] {
		return
	}
	seen[name] = true
	var walk func(n *template.Node, depth int)
	walk = func(n *template.Node, depth int) {
		if n == nil || depth > maxIntrinsicDepth {
			return
		}
		r.search.left--
		if fn, arg, ok := n.Intrinsic(); ok {
			switch fn {
			case "Ref":
				refs[arg.Value()] = true
				return
			case "Condition":
				r.condInputs(arg.Value(), refs, lits, compared, seen)
				return
			case "Fn::Sub":
				text := arg
				if arg.Kind == template.List && len(arg.Items()) > 0 {
					text = arg.Items()[0]
				}
				for _, v := range subVariables(text.Value()) {
					refs[v] = true
				}
			case "Fn::Equals":
				if arg.Kind == template.List && len(arg.Items()) == 2 {
					for i, side := range arg.Items() {
						other := arg.Items()[1-i]
						if f, a, ok := side.Intrinsic(); ok && f == "Ref" && other.IsScalar() && other.Kind != template.Null {
							compared[a.Value()] = append(compared[a.Value()], other.Value())
						}
					}
				}
			case "Fn::FindInMap":
				if arg.Kind == template.List && len(arg.Items()) > 0 && arg.Items()[0].Kind == template.String {
					for _, top := range r.mappings.Get(arg.Items()[0].Value()).Fields() {
						lits[top.Key] = true
						for _, second := range top.Value.Fields() {
							lits[second.Key] = true
						}
					}
				}
			}
			walk(arg, depth+1)
			return
		}
		switch n.Kind {
		case template.Map:
			for _, e := range n.Entries() {
				walk(e.Value, depth+1)
			}
		case template.List:
			for _, it := range n.Items() {
				walk(it, depth+1)
			}
		case template.Null:
		default:
			lits[n.Value()] = true
		}
	}
	walk(r.conds.Get(name), 0)
}

// subVariables lists the ${Name} references of a Fn::Sub string.
func subVariables(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return out
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return out
		}
		if v := s[i+2 : i+j]; !strings.HasPrefix(v, "!") && !strings.Contains(v, ".") {
			out = append(out, v)
		}
		s = s[i+j+1:]
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
