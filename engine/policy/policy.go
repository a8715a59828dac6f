// Package policy loads Rego policies (embedded and user-supplied), turns
// their METADATA annotations into rule metadata, and evaluates them over
// resolved templates in a sandbox: no network, no non-deterministic
// builtins, and a deadline on every evaluation.
package policy

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// RulePackagePrefix is the package every rule policy lives under:
// package cfnvet.rules.<name>, with a `deny` set of findings.
const RulePackagePrefix = "data.cfnvet.rules."

// EvalTimeout bounds one evaluation of all policies over one template.
const EvalTimeout = 5 * time.Second

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
}

type compiledPolicy struct {
	meta  *rule.Meta
	query rego.PreparedEvalQuery
	types map[string]bool
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
	set := &Set{byPkg: map[string]*rule.Meta{}, modules: map[string]*ast.Module{}}
	for _, src := range sources {
		err := fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
				return nil
			}
			data, err := readPolicyFile(src, p, d)
			if err != nil {
				return err
			}
			name := path.Join(src.Name, p)
			mod, err := parseModule(name, data, caps)
			if err != nil {
				return err
			}
			if src.User {
				if err := checkUserPackage(name, mod); err != nil {
					return err
				}
			}
			if _, dup := set.modules[name]; dup {
				return fmt.Errorf("policy %s loaded twice", name)
			}
			set.modules[name] = mod
			pkg := mod.Package.Path.String()
			if !strings.HasPrefix(pkg, RulePackagePrefix) {
				return nil // a library module
			}
			short := strings.TrimPrefix(pkg, RulePackagePrefix)
			if strings.Contains(short, ".") {
				return fmt.Errorf("%s:%d: rule policies must be package cfnvet.rules.<name>, found %s",
					name, mod.Package.Location.Row, strings.TrimPrefix(pkg, "data."))
			}
			if prev, dup := set.byPkg[short]; dup {
				// Rego would merge the two modules: one policy could
				// change another's (a built-in's) results.
				return fmt.Errorf("%s:%d: package cfnvet.rules.%s is already declared by %s; a policy cannot extend another policy's package",
					name, mod.Package.Location.Row, short, prev.Source)
			}
			meta, err := metaFromModule(name, mod)
			if err != nil {
				return err
			}
			set.byPkg[short] = meta
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
		set.compiled = append(set.compiled, compiledPolicy{meta: meta, query: q, types: types})
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

// Eval runs the policies for the resource types present in one view and
// returns the raw reports. A finding must be on a resource of one of its
// policy's declared resource_types: the dispatch relies on that metadata.
func (s *Set) Eval(ctx context.Context, input ast.Value, view *model.View) ([]rule.Report, error) {
	if len(s.compiled) == 0 {
		return nil, nil
	}
	present := map[string]bool{}
	for _, r := range view.Resources {
		present[r.Type] = true
	}
	ctx, cancel := context.WithTimeout(ctx, EvalTimeout)
	defer cancel()
	var out []rule.Report
	for _, p := range s.compiled {
		if !p.appliesTo(present) {
			continue
		}
		opts := []rego.EvalOption{rego.EvalParsedInput(input)}
		if tracer, ok := ctx.Value(tracerKey{}).(topdown.QueryTracer); ok {
			opts = append(opts, rego.EvalQueryTracer(tracer))
		}
		rs, err := p.query.Eval(ctx, opts...)
		if err != nil {
			return nil, fmt.Errorf("%s: evaluate policy: %w", p.meta.Source, err)
		}
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
						return nil, fmt.Errorf("%s: finding names resource %q, which is not in the template", p.meta.Source, rep.Resource)
					}
					if !p.types[res.Type] {
						return nil, fmt.Errorf("%s: finding on %s (%s), a type missing from the policy's resource_types", p.meta.Source, rep.Resource, res.Type)
					}
					out = append(out, rep)
				}
			}
		}
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
		return rule.Report{}, fmt.Errorf("%s: deny must contain objects {resource, path, msg}, got %T", meta.Source, v)
	}
	rep := rule.Report{RuleID: meta.ID}
	rep.Resource, _ = obj["resource"].(string)
	rep.Message, _ = obj["msg"].(string)
	if rep.Resource == "" || rep.Message == "" {
		return rep, fmt.Errorf("%s: finding needs string fields resource and msg", meta.Source)
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
			return rep, fmt.Errorf("%s: %w", meta.Source, err)
		}
		rep.Severity = sev
	}
	return rep, nil
}
