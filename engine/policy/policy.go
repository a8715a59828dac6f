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
	"path"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

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
	// Builtin marks cfnvet's own policies, which are tested to evaluate in
	// time linear in the template; every other source is a user's and is
	// also held to a wall-clock deadline (Limits).
	Builtin bool
}

// Set is a compiled set of policies, safe for concurrent use.
type Set struct {
	Rules   []*rule.Meta
	byPkg   map[string]*rule.Meta
	modules map[string]*ast.Module
	// compiled holds one prepared query per rule policy, all sharing one
	// compiler. A template evaluates only the policies for the resource
	// types it contains, so cost grows with the types present, not with
	// the number of policies.
	compiled []compiledPolicy
	builtin  map[string]bool // by package
	limits   *Limits
}

type compiledPolicy struct {
	meta    *rule.Meta
	query   rego.PreparedEvalQuery
	types   map[string]bool
	builtin bool
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
	caps.Builtins = kept
	caps.AllowNet = []string{}
	return caps
}

// Load parses and compiles every .rego file of the sources (files ending in
// _test.rego are skipped: they belong to `cfnvet policy test`).
func Load(ctx context.Context, sources ...Source) (*Set, error) {
	caps := Capabilities()
	set := &Set{byPkg: map[string]*rule.Meta{}, modules: map[string]*ast.Module{}, builtin: map[string]bool{}}
	for _, src := range sources {
		err := fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
				return nil
			}
			data, err := fs.ReadFile(src.FS, p)
			if err != nil {
				return fmt.Errorf("read policy %s: %w", path.Join(src.Name, p), err)
			}
			name := path.Join(src.Name, p)
			mod, err := ast.ParseModuleWithOpts(name, string(data), ast.ParserOptions{
				ProcessAnnotation: true, RegoVersion: ast.RegoV1, Capabilities: caps})
			if err != nil {
				return fmt.Errorf("parse policy: %w", err)
			}
			if _, dup := set.modules[name]; dup {
				return fmt.Errorf("policy %s loaded twice", name)
			}
			set.modules[name] = mod
			pkg := mod.Package.Path.String()
			if !strings.HasPrefix(pkg, RulePackagePrefix) {
				return nil // a library module
			}
			meta, err := metaFromModule(name, mod)
			if err != nil {
				return err
			}
			short := strings.TrimPrefix(pkg, RulePackagePrefix)
			if strings.Contains(short, ".") {
				return fmt.Errorf("%s:%d: rule policies must be package cfnvet.rules.<name>, found %s",
					name, mod.Package.Location.Row, strings.TrimPrefix(pkg, "data."))
			}
			set.byPkg[short] = meta
			set.builtin[short] = src.Builtin
			set.Rules = append(set.Rules, meta)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(set.Rules, func(i, j int) bool { return set.Rules[i].ID < set.Rules[j].ID })
	compiler := ast.NewCompiler().WithCapabilities(caps).WithDefaultRegoVersion(ast.RegoV1)
	if compiler.Compile(set.modules); compiler.Failed() {
		return nil, fmt.Errorf("compile policies: %w", compiler.Errors)
	}
	pkgs := make([]string, 0, len(set.byPkg))
	for pkg := range set.byPkg {
		pkgs = append(pkgs, pkg)
	}
	sort.Strings(pkgs)
	for _, pkg := range pkgs {
		meta := set.byPkg[pkg]
		q, err := rego.New(
			rego.Compiler(compiler),
			rego.Query(fmt.Sprintf("data.cfnvet.rules[%q].deny", pkg)),
			rego.Capabilities(caps),
			rego.StrictBuiltinErrors(true),
			rego.SetRegoVersion(ast.RegoV1),
		).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: prepare policy: %w", meta.Source, err)
		}
		types := make(map[string]bool, len(meta.ResourceTypes))
		for _, t := range meta.ResourceTypes {
			types[t] = true
		}
		set.compiled = append(set.compiled, compiledPolicy{meta: meta, query: q, types: types, builtin: set.builtin[pkg]})
	}
	return set, nil
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
// Each policy is evaluated on its own, under its own budget (Limits): when
// some fail, Eval returns the others' reports with an EvalErrors naming
// each failed policy and the template. Only the cancellation of ctx itself
// ends the whole evaluation, with ctx's error.
func (s *Set) Eval(ctx context.Context, input ast.Value, view *model.View) ([]rule.Report, error) {
	if len(s.compiled) == 0 {
		return nil, nil
	}
	present := map[string]bool{}
	for _, r := range view.Resources {
		present[r.Type] = true
	}
	limits := s.effectiveLimits()
	var out []rule.Report
	var failed EvalErrors
	for _, p := range s.compiled {
		if !p.appliesTo(present) {
			continue
		}
		reps, err := p.eval(ctx, input, view, limits)
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
	if len(failed) > 0 {
		return out, failed
	}
	return out, nil
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
	evalCtx, cancel := cpuclock.WithBudget(ctx, budget)
	defer cancel()
	rs, err := p.query.Eval(evalCtx, rego.EvalParsedInput(input))
	if err != nil {
		if cause := context.Cause(evalCtx); cause != nil && evalCtx.Err() != nil {
			return nil, cause
		}
		return nil, err
	}
	var out []rule.Report
	for _, r := range rs {
		for _, e := range r.Expressions {
			findings, _ := e.Value.([]any)
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
		}
	}
	return out, nil
}

func (p compiledPolicy) appliesTo(present map[string]bool) bool {
	for t := range p.types {
		if present[t] {
			return true
		}
	}
	return false
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
