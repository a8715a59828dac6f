// Package policy loads Rego policies (embedded and user-supplied), turns
// their METADATA annotations into rule metadata, and evaluates them over
// resolved templates in a sandbox: no network, no non-deterministic
// builtins, and a CPU budget on every evaluation (see Limits).
package policy

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/internal/cpuclock"
)

// RulePackagePrefix is the package every rule policy lives under:
// package cfnvet.rules.<name>, with a `deny` set of findings.
const RulePackagePrefix = "data.cfnvet.rules."

// Source is a set of policy files: an fs.FS and the directory name used in
// messages (so errors read "policies/log/log001.rego:3").
type Source struct {
	FS   fs.FS
	Name string
	// Root is the directory on disk FS reads, when it is one (see Dir):
	// then only regular files inside it are read.
	Root string
	// User marks policies that are not cfnvet's own: they may not declare
	// or extend cfnvet's packages (cfnvet.lib, a built-in rule's package).
	User bool
	// Index, when set, describes the source's files as go generate found
	// them (BuildIndex), so Load need not parse them.
	Index []Indexed
	// Builtin marks cfnvet's own policies, which are tested to evaluate in
	// time linear in the template; every other source is a user's and is
	// also held to a wall-clock deadline (Limits).
	Builtin bool
}

// Set is a set of policies, compiled as templates need them (load.go);
// safe for concurrent use.
type Set struct {
	Rules []*rule.Meta
	mods  *modules
	// enabled, when set, restricts the rules compiled and evaluated (Only).
	enabled map[string]bool
	limits  *Limits
	// separately turns off joint queries and the whole input of small
	// templates: every policy is evaluated alone on its group's input (tests
	// compare both ways).
	separately bool
}

// compiledPolicy is one rule policy ready to evaluate. A template
// evaluates only the policies for the resource types it contains, so cost
// grows with the types present, not with the number of policies.
type compiledPolicy struct {
	meta     *rule.Meta
	pkg      string
	query    rego.PreparedEvalQuery
	compiler *ast.Compiler
	types    map[string]bool
	reads    *typeReads
	evals    *atomic.Int64
	builtin  bool
}

// Capabilities returns the sandboxed builtin set: everything deterministic
// that does not touch the network or the runtime environment.
func Capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	denied := map[string]bool{"http.send": true, "net.lookup_ip_addr": true, "opa.runtime": true,
		"trace": false, "print": false}
	kept := caps.Builtins[:0:0]
	for _, b := range caps.Builtins {
		if b.Nondeterministic || denied[b.Name] {
			continue
		}
		kept = append(kept, b)
	}
	for _, b := range nativeBuiltins {
		kept = append(kept, nativeDecl(b.decl))
	}
	caps.Builtins = kept
	caps.AllowNet = []string{}
	return caps
}

func metaFromModule(file string, mod *ast.Module) (*rule.Meta, error) {
	var ann *ast.Annotations
	for _, a := range mod.Annotations {
		if a.Scope == "package" {
			ann = a
			break
		}
	}
	where := fmt.Sprintf("%s:%d", file, mod.Package.Location.Row)
	if ann == nil {
		return nil, fmt.Errorf("%s: rule policy has no package-scoped # METADATA block", where)
	}
	if ann.Location != nil {
		where = fmt.Sprintf("%s:%d", file, ann.Location.Row)
	}
	c := ann.Custom
	str := func(k string) string { s, _ := c[k].(string); return s }
	m := &rule.Meta{
		ID: str("id"), Slug: str("slug"), Family: rule.Family(str("family")),
		Title: ann.Title, Description: strings.TrimSpace(ann.Description),
		Remediation: strings.TrimSpace(str("remediation")), Engine: "rego", Source: where,
	}
	if d, ok := c["disabled_by_default"].(bool); ok {
		m.DisabledByDefault = d
	}
	switch sets := c["sets"].(type) {
	case nil:
	case string:
		m.Sets = []string{sets}
	case []any:
		for _, s := range sets {
			name, ok := s.(string)
			if !ok {
				return nil, fmt.Errorf("%s: rule %q: custom.sets must list rule set names", where, m.ID)
			}
			m.Sets = append(m.Sets, name)
		}
	default:
		return nil, fmt.Errorf("%s: rule %q: custom.sets must list rule set names", where, m.ID)
	}
	if s := str("severity"); s != "" {
		sev, err := rule.ParseSeverity(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		m.Severity = sev
	}
	if l, ok := c["resource_types"].([]any); ok {
		for _, t := range l {
			if s, ok := t.(string); ok {
				m.ResourceTypes = append(m.ResourceTypes, s)
			}
		}
	}
	if al, ok := c["aliases"].(map[string]any); ok {
		m.Aliases = map[string][]string{}
		for tool, ids := range al {
			list, _ := ids.([]any)
			for _, id := range list {
				m.Aliases[tool] = append(m.Aliases[tool], fmt.Sprint(id))
			}
		}
	}
	for _, r := range ann.RelatedResources {
		if r.Ref.String() != "" {
			m.Links = append(m.Links, r.Ref.String())
		}
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return m, nil
}

// Limits bound the evaluation of each policy over one template. Built-in
// policies get a CPU-time budget scaled to the template's size: CPU time,
// unlike wall-clock time, does not grow when the machine is busy, so a
// template that evaluates on an idle machine evaluates on a loaded one.
// (OPA has no step limit; counting steps with a query tracer costs about
// 40 % more CPU per scan, which is why the bound is CPU time.)
// User policies get a budget too and, as a last resort, a wall-clock
// deadline.
type Limits struct {
	// CPU time one policy may spend on one template: Base plus PerResource
	// for every resource of the template.
	BuiltinBase, BuiltinPerResource time.Duration
	UserBase, UserPerResource       time.Duration
	// UserDeadline is the wall-clock bound of one user policy on one
	// template.
	UserDeadline time.Duration
}

// DefaultLimits are generous: the built-in policies spend about 0.3 ms of
// CPU per resource all together, so a runaway evaluation is the only way
// to reach them. The CPU time counted is the evaluating thread's on Linux,
// the process's elsewhere (cpuclock.PerThread), hence the margin.
func DefaultLimits() Limits {
	return Limits{
		BuiltinBase: 20 * time.Second, BuiltinPerResource: 10 * time.Millisecond,
		UserBase: 10 * time.Second, UserPerResource: 5 * time.Millisecond,
		UserDeadline: time.Minute,
	}
}

// WithLimits returns a copy of the set that evaluates under l.
func (s *Set) WithLimits(l Limits) *Set {
	c := *s
	c.limits = &l
	return &c
}

func (s *Set) effectiveLimits() Limits {
	if s.limits != nil {
		return *s.limits
	}
	return DefaultLimits()
}

// Failure is a policy that could not be evaluated on one template (a
// runtime error, an exhausted budget, a malformed finding). The policy's
// findings for that template are lost; every other rule's stand.
type Failure struct {
	RuleID   string
	Source   string // the policy's file and line
	Template string
	Builtin  bool
	Err      error
}

func (e *Failure) Error() string {
	kind := "user policy"
	if e.Builtin {
		kind = "built-in policy"
	}
	return fmt.Sprintf("%s %s (rule %s) failed on %s: %v", kind, e.Source, e.RuleID, e.Template, e.Err)
}

func (e *Failure) Unwrap() error { return e.Err }

// EvalErrors lists the policies that failed on one template. Eval returns
// it together with the reports of every policy that did not fail.
type EvalErrors []*Failure

func (e EvalErrors) Error() string {
	msgs := make([]string, len(e))
	for i, pe := range e {
		msgs[i] = pe.Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap lets errors.Is and errors.As see each policy's error.
func (e EvalErrors) Unwrap() []error {
	out := make([]error, len(e))
	for i, pe := range e {
		out[i] = pe
	}
	return out
}

// Eval runs the policies for the resource types present in one view and
// returns the raw reports. A finding must be on a resource of one of its
// policy's declared resource_types: the dispatch relies on that metadata.
//
// Each policy is held to its own budget (Limits): built-in policies that
// share an input are evaluated in one query (joint.go), and when that
// fails each is evaluated again alone; when some fail, Eval returns the
// others' reports with an EvalErrors naming each failed policy and the
// template. Only the cancellation of ctx itself ends the whole
// evaluation, with ctx's error.
func (s *Set) Eval(ctx context.Context, in *ViewInput) ([]rule.Report, error) {
	view := in.view
	present := map[string]bool{}
	for _, r := range view.Resources {
		present[r.Type] = true
	}
	compiled, err := s.prepare(ctx, present)
	if err != nil || len(compiled) == 0 {
		return nil, err
	}
	limits := s.effectiveLimits()
	var out []rule.Report
	var failed EvalErrors
	groups := orderByShared(groupByReads(compiled), present)
	reads := func(group []compiledPolicy) *typeReads { return group[0].reads }
	if onOneInput(view) && !s.separately {
		// One input for every policy, so that they can share one query:
		// whole for the types any of them reads.
		groups = [][]compiledPolicy{compiled}
		all := unionReads(compiled)
		reads = func([]compiledPolicy) *typeReads { return all }
	}
	for g, group := range groups {
		input := in.input(reads(group))
		joint := s.evalJointly(ctx, group, input, view, limits)
		for i, p := range group {
			p.evals.Add(1)
			reps, err := joint[i].reports, joint[i].err
			if !joint[i].done {
				reps, err = p.eval(ctx, input, view, limits)
			}
			if err != nil {
				if ctx.Err() != nil {
					return nil, context.Cause(ctx)
				}
				failed = append(failed, &Failure{RuleID: p.meta.ID, Source: p.meta.Source, Template: view.Template.File,
					Builtin: p.builtin, Err: err})
				continue
			}
			out = append(out, reps...)
		}
		in.release(keptAfter(groups, g))
	}
	if len(failed) > 0 {
		return out, failed
	}
	return out, nil
}

// wholeInputResources is the number of resources up to which every policy
// gets one input, whole for every type any of them reads, and so can share
// a query with the others (joint.go); above it, each group of policies gets
// the properties of the types it reads only, which bounds the memory of a
// large template. It is CloudFormation's limit of resources in a stack:
// every template that deploys whole is evaluated at once. A policy never
// reads the properties of a type it does not name (typeReads), so the
// properties of the others' types change nothing it finds.
const wholeInputResources = 500

// wholeInputBytes bounds the text of a template evaluated on one input,
// as CloudFormation bounds a template body (1 MB from S3): a template of
// few resources with enormous properties is evaluated group by group.
const wholeInputBytes = 1 << 20

// onOneInput reports whether every policy evaluates view on one input.
func onOneInput(view *model.View) bool {
	return len(view.Resources) <= wholeInputResources && view.Template.Size() <= wholeInputBytes
}

// groupByReads puts the policies that read the same resource types
// together, in key order, so each group's input is built once
// (orderByShared then orders the groups for the types present).
func groupByReads(ps []compiledPolicy) [][]compiledPolicy {
	byKey := map[string][]compiledPolicy{}
	var keys []string
	for _, p := range ps {
		k := p.reads.groupKey()
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], p)
	}
	sort.Strings(keys)
	out := make([][]compiledPolicy, len(keys))
	for i, k := range keys {
		out[i] = byKey[k]
	}
	return out
}

// keptAfter says which types' converted properties to keep once group g
// has run: those the next group reads. Holding a type for a later reader
// would hold it through every group between.
func keptAfter(groups [][]compiledPolicy, g int) func(typ string) bool {
	if g+1 >= len(groups) {
		return func(string) bool { return false }
	}
	return groups[g+1][0].reads.has
}

// orderByShared orders the groups so that those reading the same present
// types follow each other: starting from the first, it goes on with the
// group that shares the most present types with the last one (the first
// in key order on a tie). Each group's converted properties then serve
// the next group instead of being converted again, and no type is held
// through unrelated groups.
func orderByShared(groups [][]compiledPolicy, present map[string]bool) [][]compiledPolicy {
	if len(groups) < 3 {
		return groups
	}
	types := make([]string, 0, len(present))
	for t := range present {
		types = append(types, t)
	}
	reads := make([][]bool, len(groups))
	for g, group := range groups {
		reads[g] = make([]bool, len(types))
		for i, t := range types {
			reads[g][i] = group[0].reads.has(t)
		}
	}
	shared := func(a, b int) int {
		n := 0
		for i := range types {
			if reads[a][i] && reads[b][i] {
				n++
			}
		}
		return n
	}
	out := make([][]compiledPolicy, 0, len(groups))
	used := make([]bool, len(groups))
	last := 0
	used[0] = true
	out = append(out, groups[0])
	for len(out) < len(groups) {
		best, bestShared := -1, -1
		for g := range groups {
			if used[g] {
				continue
			}
			if n := shared(last, g); n > bestShared {
				best, bestShared = g, n
			}
		}
		used[best] = true
		out = append(out, groups[best])
		last = best
	}
	return out
}

// evalUnder evaluates query on input under a CPU budget; an exhausted
// budget or a cancelled ctx is returned as its cause.
func evalUnder(ctx context.Context, budget time.Duration, query rego.PreparedEvalQuery, input ast.Value, opts ...rego.EvalOption) (rego.ResultSet, error) {
	evalCtx, cancel := cpuclock.WithBudget(ctx, budget)
	defer cancel()
	// OPA would start a goroutine per evaluation to watch the context;
	// cancelling its query from the context's own callback spares that
	// (one per policy and template: 1-2 % of the CPU of a scan of small templates).
	cancelQuery := topdown.NewCancel()
	defer context.AfterFunc(evalCtx, cancelQuery.Cancel)()
	rs, err := query.Eval(evalCtx, append(opts, rego.EvalParsedInput(input), rego.EvalExternalCancel(cancelQuery))...)
	if err != nil {
		if cause := context.Cause(evalCtx); cause != nil && evalCtx.Err() != nil {
			return nil, cause
		}
		return nil, err
	}
	return rs, nil
}

// eval runs one policy under its limits and checks its findings.
func (p compiledPolicy) eval(ctx context.Context, input ast.Value, view *model.View, limits Limits) ([]rule.Report, error) {
	resources := time.Duration(len(view.Resources))
	budget := limits.BuiltinBase + resources*limits.BuiltinPerResource
	if !p.builtin {
		budget = limits.UserBase + resources*limits.UserPerResource
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, limits.UserDeadline,
			fmt.Errorf("wall-clock deadline of %s exceeded", limits.UserDeadline))
		defer cancel()
	}
	var opts []rego.EvalOption
	if tracer, ok := ctx.Value(tracerKey{}).(topdown.QueryTracer); ok {
		opts = append(opts, rego.EvalQueryTracer(tracer))
	}
	rs, err := evalUnder(ctx, budget, p.query, input, opts...)
	if err != nil {
		return nil, err
	}
	var out []rule.Report
	for _, r := range rs {
		for _, e := range r.Expressions {
			reps, err := p.reports(e.Value, view)
			if err != nil {
				return nil, err
			}
			out = append(out, reps...)
		}
	}
	return out, nil
}

// reports checks and converts the value of one policy's deny set.
func (p compiledPolicy) reports(deny any, view *model.View) ([]rule.Report, error) {
	findings, _ := deny.([]any)
	var out []rule.Report
	for _, f := range findings {
		rep, err := reportFrom(p.meta, f)
		if err != nil {
			return nil, err
		}
		res := view.Resource(rep.Resource)
		if res == nil {
			return nil, fmt.Errorf("finding names resource %q, which is not in the template", rep.Resource)
		}
		if !p.types[res.Type] {
			return nil, fmt.Errorf("finding on %s (%s), a type missing from the policy's resource_types", rep.Resource, res.Type)
		}
		out = append(out, rep)
	}
	return out, nil
}

type tracerKey struct{}

// WithTracer returns a context under which Eval traces every policy
// evaluation into tracer: the fixture tests collect Rego coverage this way
// (OPA's cover.Cover), without a tracing cost for ordinary scans.
func WithTracer(ctx context.Context, tracer topdown.QueryTracer) context.Context {
	return context.WithValue(ctx, tracerKey{}, tracer)
}

func reportFrom(meta *rule.Meta, v any) (rule.Report, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return rule.Report{}, fmt.Errorf("deny must contain objects {resource, path, msg}, got %T", v)
	}
	rep := rule.Report{RuleID: meta.ID}
	rep.Resource, _ = obj["resource"].(string)
	rep.Message, _ = obj["msg"].(string)
	if rep.Resource == "" || rep.Message == "" {
		return rep, errors.New("finding needs string fields resource and msg")
	}
	if p, ok := obj["path"].([]any); ok {
		for _, el := range p {
			switch x := el.(type) {
			case string:
				rep.Path = append(rep.Path, x)
			case interface{ Int64() (int64, error) }:
				i, _ := x.Int64()
				rep.Path = append(rep.Path, int(i))
			default:
				rep.Path = append(rep.Path, fmt.Sprint(x))
			}
		}
	}
	if sv, ok := obj["severity"].(string); ok && sv != "" {
		sev, err := rule.ParseSeverity(sv)
		if err != nil {
			return rep, err
		}
		rep.Severity = sev
	}
	return rep, nil
}
