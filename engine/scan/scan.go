// Package scan runs the pipeline over files: load, resolve, evaluate Go
// rules and Rego policies on every resolved variant, keep the findings that
// hold in every variant, locate and fingerprint them, and suppress them
// (template Metadata, then the config file, then the baseline: see
// suppressStage). Engine.ScanBytes does this for one file, Engine.Run for
// many; engine/pipeline adds discovery, the baseline rewrite and the exit
// code around it.
package scan

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/fingerprint"
	"github.com/cfnvet/cfnvet/engine/locate"
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/origin"
	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/schema"
	"github.com/cfnvet/cfnvet/engine/suppress"
	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/engine/template/sam"
)

// Config is everything a scan needs besides its inputs.
type Config struct {
	GoRules  []*rule.Rule
	Policies []policy.Source
	// Include and Exclude select rules (--rule / --skip).
	Include, Exclude []string
	// SelectRules, when set, replaces Include and Exclude: it is called
	// once the registry (built-in rules and user policies) is known, so a
	// config file can resolve its selectors and report unknown ones at the
	// line they were written on.
	SelectRules func(*rule.Registry) (rule.Selection, error)
	Inputs      resolve.Inputs
	// ConditionPlaces says where each of Inputs.Conditions was given (the
	// --conditions file, a config file's line), for the error about a
	// condition no scanned template declares.
	ConditionPlaces map[string]Place
	Options         rule.Options
	Jobs            int
	// Now decides whether a suppression's expiry date has passed; the zero
	// value means the wall clock at New. Tests pin it for stable output.
	Now time.Time
	// Suppressions, when set, returns the suppressions written outside
	// the templates (a config file's suppress entries) resolved against
	// the registry, with warnings about them. New calls it once.
	Suppressions func(reg *rule.Registry, today time.Time) ([]suppress.External, []string, error)
	// Baseline, when set, accepts the findings it lists (engine/baseline).
	Baseline Baseline
	// FromHook says the file targets are the staged files a git hook
	// passes, not templates the user named: one of them that is empty or
	// not a template is skipped even when it is the only one.
	FromHook bool
	// SkipFingerprints leaves each finding's Fingerprint and
	// LegacyFingerprint empty, for a run whose reports and baseline never
	// read them (text, GitHub and JUnit reports without a baseline).
	SkipFingerprints bool
	// ParseOnly stops each file after parsing: no transform, resolution
	// or rule. The baseline every performance ratio is measured against
	// (`cfnvet scan --parse-only`, hidden; make bench).
	ParseOnly bool
	// FileBudget bounds each file's scan; the zero value means
	// DefaultFileBudget.
	FileBudget FileBudget
}

// Engine is a compiled, reusable scanner; safe for concurrent use.
type Engine struct {
	Registry  *rule.Registry
	policies  *policy.Set
	catalogue *schema.Catalogue
	enabled   map[string]bool
	// meta holds a copy of the metadata of each rule whose severity the
	// user overrode; the registry's shared metadata is never modified.
	meta      map[string]*rule.Meta
	regoTypes map[string]bool
	cfg       Config
	// external are the config file's suppressions; warnings the problems
	// found resolving them, reported with every Run.
	external []suppress.External
	warnings []string
	// origins reads framework metadata beside generated templates (CDK
	// creation stacks, Serverless service files), once per project.
	origins *origin.Index
}

// New loads policies, validates every rule and resolves the selection.
// Policies are compiled later, each the first time a template needs it.
func New(ctx context.Context, cfg Config) (*Engine, error) {
	if cfg.Options.AccountID == "" {
		cfg.Options.AccountID = cfg.Inputs.Parameters["AWS::AccountId"]
	}
	set, err := policy.Load(ctx, cfg.Policies...)
	if err != nil {
		return nil, err
	}
	reg, err := rule.NewRegistry(cfg.GoRules, set.Rules)
	if err != nil {
		return nil, err
	}
	sel := rule.Selection{}
	if cfg.SelectRules != nil {
		sel, err = cfg.SelectRules(reg)
	} else {
		sel.Enabled, err = reg.Select(cfg.Include, cfg.Exclude)
	}
	if err != nil {
		return nil, err
	}
	if cfg.Now.IsZero() {
		cfg.Now = time.Now()
	}
	catalogue, err := schema.New()
	if err != nil {
		return nil, err
	}
	// Policies of rules outside the selection are never compiled or
	// evaluated: --rule and --skip save the work, not only the output.
	e := &Engine{Registry: reg, policies: set.Only(sel.Enabled), catalogue: catalogue, enabled: sel.Enabled,
		meta: overriddenMeta(reg, sel.Severity), regoTypes: map[string]bool{}, cfg: cfg, origins: origin.NewIndex()}
	for _, m := range set.Rules {
		if e.enabled[m.ID] {
			for _, t := range m.ResourceTypes {
				e.regoTypes[t] = true
			}
		}
	}
	if cfg.Suppressions != nil {
		if e.external, e.warnings, err = cfg.Suppressions(reg, cfg.Now); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func overriddenMeta(reg *rule.Registry, severity map[string]rule.Severity) map[string]*rule.Meta {
	out := map[string]*rule.Meta{}
	for id, sev := range severity {
		m := reg.ByID(id)
		if m == nil || sev == 0 {
			continue
		}
		c := *m
		c.Severity = sev
		out[id] = &c
	}
	return out
}

// Meta returns a rule's metadata as this engine reports it: with the
// user's severity override, if any.
func (e *Engine) Meta(id string) *rule.Meta {
	if m := e.meta[id]; m != nil {
		return m
	}
	return e.Registry.ByID(id)
}

// Rules returns the metadata of every rule, with severity overrides,
// sorted by id.
func (e *Engine) Rules() []*rule.Meta {
	all := e.Registry.All()
	out := make([]*rule.Meta, len(all))
	for i, m := range all {
		out[i] = e.Meta(m.ID)
	}
	return out
}

// PolicyStats reports the Rego work done so far: the policies parsed and
// compiled, and how often each was evaluated.
func (e *Engine) PolicyStats() policy.Stats { return e.policies.Stats() }

// EnabledRules returns the metadata of the rules this engine runs, with
// severity overrides, sorted by id.
func (e *Engine) EnabledRules() []*rule.Meta {
	var out []*rule.Meta
	for _, m := range e.Rules() {
		if e.enabled[m.ID] {
			out = append(out, m)
		}
	}
	return out
}

// ScanBytes lints one file's content. It never panics: an internal error is
// reported as the file's error.
func (e *Engine) ScanBytes(ctx context.Context, name string, data []byte) (res finding.FileResult) {
	res.File = name
	defer func() {
		if p := recover(); p != nil {
			res.Findings = nil
			res.Err = &template.Error{File: name, Line: 1, Col: 1,
				Msg: fmt.Sprintf("internal error (please report): %v\n%s", p, debug.Stack())}
		}
	}()
	text, err := template.Decode(name, data)
	if errors.Is(err, template.ErrUnmarkedUnicode) {
		res.Skipped, res.SkipReason = true, "not a CloudFormation template (UTF-16 or UTF-32 text without a byte order mark)"
		return res
	}
	if err != nil {
		return withError(res, name, err)
	}
	t, err := template.ParseWith(name, text, template.Options{Parameters: e.cfg.Inputs.Parameters})
	if err != nil {
		if !template.MentionsTemplateSection(text) && !errors.Is(err, template.ErrNotTemplate) {
			// An unparseable file that names no template section is some
			// other tool's YAML/JSON (a Helm template, a tsconfig.json with
			// comments): skip it like any non-template instead of failing
			// the scan, which matters when a pre-commit hook or a directory
			// walk passes every *.yaml and *.json.
			res.Skipped, res.SkipReason = true, "not a CloudFormation template (and not valid YAML/JSON)"
			var te *template.Error
			if errors.As(err, &te) && (te.Msg == "empty file" || te.Msg == "empty document") {
				res.SkipReason = SkipEmpty
			}
			return res
		}
		return withError(res, name, err)
	}
	if e.cfg.ParseOnly {
		res.Kind = t.Kind
		res.Resources = len(t.Section("Resources").Fields())
		return res
	}
	return e.scanParsed(ctx, res, t, true)
}

// ScanTemplate lints an already parsed template (tests mutate parsed
// templates; tools embedding cfnvet may build them).
func (e *Engine) ScanTemplate(ctx context.Context, t *template.Template) (res finding.FileResult) {
	res.File = t.File
	defer func() {
		if p := recover(); p != nil {
			res.Findings = nil
			res.Err = &template.Error{File: t.File, Line: 1, Col: 1,
				Msg: fmt.Sprintf("internal error (please report): %v\n%s", p, debug.Stack())}
		}
	}()
	return e.scanParsed(ctx, res, t, false) // the caller's tree is left as it is
}

// scanParsed lints t; owned says the tree is the engine's own, which it
// may then thin out as the scan goes.
func (e *Engine) scanParsed(ctx context.Context, res finding.FileResult, t *template.Template, owned bool) finding.FileResult {
	name := t.File
	res.Kind = t.Kind
	// Property names are checked as the user wrote them, before the SAM
	// transform turns AWS::Serverless resources into what rules read.
	properties := e.catalogue.CheckProperties(t)
	if err := sam.CheckGlobals(t); err != nil {
		return withError(res, name, err)
	}
	t = sam.Transform(t)
	res.Resources = len(t.Section("Resources").Fields())
	for _, en := range t.Section("Resources").Fields() {
		res.Inventory = append(res.Inventory, finding.ResourceRef{ID: en.Key, Type: en.Value.Get("Type").Value()})
	}
	res.Warnings = append(res.Warnings, t.Warnings...)
	res.Warnings = append(res.Warnings, properties...)
	res.Conditions = resolve.New(t, e.cfg.Inputs).ConditionNames()
	views, warnings := resolve.Resolve(t, e.cfg.Inputs)
	res.Warnings = append(res.Warnings, warnings...)
	failures := ruleFailures{}
	findings, err := e.evaluate(ctx, name, views, failures, owned)
	if err != nil {
		return withError(res, name, err)
	}
	res.RuleErrors = failures.sorted()
	res.Findings = onceForGlobals(t, findings)
	res.Warnings = append(res.Warnings, e.suppressStage(t, &res)...)
	sortDiagnostics(res.Warnings)
	return res
}

func withError(res finding.FileResult, name string, err error) finding.FileResult {
	var te *template.Error
	switch {
	case errors.As(err, &te):
		res.Err = te
	case errors.Is(err, template.ErrNoResources):
		res.Skipped, res.SkipReason = true, SkipNoResources
	case errors.Is(err, template.ErrNotTemplate):
		res.Skipped, res.SkipReason = true, "not a CloudFormation template"
	default:
		res.Err = &template.Error{File: name, Line: 1, Col: 1, Msg: err.Error()}
	}
	return res
}

// SkipEmpty is the SkipReason of an empty file.
const SkipEmpty = "empty file"

// SkipNoResources is the SkipReason of a document with template sections
// but no Resources section.
const SkipNoResources = "not a CloudFormation template: no Resources"

// reportKey identifies "the same finding" across variants: the same rule on
// the same resource at the same path, or at the same source text.
type reportKey struct {
	rule, resource, where string
}

// evaluate runs the rules over the views of one template. With release
// set, the template is the scan's own, and its resources' properties are
// dropped from the parse tree once no rule reads them there.
func (e *Engine) evaluate(ctx context.Context, file string, views []*model.View, failures ruleFailures, release bool) ([]finding.Finding, error) {
	var treeRead func()
	if release && len(views[0].Scenarios) == 0 { // a scenario resolves the tree again
		treeRead = views[0].Template.ReleaseResourceProperties
	}
	keep, err := e.holdingReports(ctx, views, nil, failures, treeRead)
	if err != nil {
		return nil, err
	}
	base := views[0]
	if len(base.Scenarios) == 0 {
		return e.locateAll(file, base, keep), nil
	}
	// Resources that the parameter defaults switch off are judged in a
	// scenario that switches them on; each such finding names the
	// condition. They are absent from the default views, so their
	// findings never meet the defaults' ones.
	notes := map[string]string{}
	conds := map[string]model.Provenance{}
	all := append([]*model.Resource(nil), base.Resources...)
	for _, sc := range base.Scenarios {
		scViews := sc.Resolve()
		reps, err := e.holdingReports(ctx, scViews, sc.Switched, failures, nil)
		if err != nil {
			return nil, err
		}
		for _, rp := range reps {
			if _, ok := sc.Switched[rp.Resource]; ok {
				keep = append(keep, rp)
			}
		}
		for _, r := range scViews[0].Resources {
			if _, ok := sc.Switched[r.ID]; ok {
				all = append(all, r)
				notes[r.ID] = sc.Note(r.ID)
				conds[r.ID] = sc.Provenance(r.ID)
			}
		}
	}
	findings := e.locateAll(file, model.NewView(base.Template, all), keep)
	for i := range findings {
		f := &findings[i]
		if note, ok := notes[f.Resource]; ok {
			f.Message += note
			f.Provenance = append(f.Provenance, conds[f.Resource])
		}
	}
	return findings, nil
}

// holdingReports evaluates every view and keeps the reports that hold in
// every variant of their resource. With only set, resource rules run on
// those resources alone (the others are still there to be looked up).
// Every view's Go rules run before any policy, and treeRead, when set, is
// called in between: the Go rules are the last to read the parse tree's
// resource properties, which the policies and the locating of findings
// take from the model.
func (e *Engine) holdingReports(ctx context.Context, views []*model.View, only map[string]string, failures ruleFailures, treeRead func()) ([]rule.Report, error) {
	perView := make([][]rule.Report, len(views))
	needRego := make([]bool, len(views))
	for j, v := range views {
		perView[j], needRego[j] = e.goReports(v, j, only)
	}
	if treeRead != nil {
		treeRead()
	}
	cache := policy.NewInputCache()
	for j, v := range views {
		if !needRego[j] {
			continue
		}
		reps, err := e.regoReports(ctx, v, cache, j, failures)
		if err != nil {
			return nil, err
		}
		perView[j] = append(perView[j], reps...)
	}
	if len(views) > 1 {
		return e.mergeVariants(views, perView), nil
	}
	return perView[0], nil
}

// mergeVariants keeps the findings that hold in every variant of their
// resource. A finding also holds in a variant where a rule implying it
// fired at the same place (NET002 there implies the NET001 condition), and
// when a specific finding holds in only some variants, the most specific
// rule it implies that holds in all of them is reported instead (tcp/22 in
// one variant and tcp/443 in the other is still open to the world).
func (e *Engine) mergeVariants(views []*model.View, perView [][]rule.Report) []rule.Report {
	base := views[0]
	present := make([]map[reportKey]rule.Report, len(views))
	for j := range views {
		present[j] = map[reportKey]rule.Report{}
		for _, rp := range perView[j] {
			for _, k := range keysOf(views[j], rp) {
				if _, dup := present[j][k]; !dup {
					present[j][k] = rp
				}
			}
		}
	}
	// holdsIn reports whether rule id, or a rule implying it, fired in view
	// j at one of the places of rp; it returns id's own report when there
	// is one.
	holdsIn := func(j int, id string, rp rule.Report) (rule.Report, bool, bool) {
		for _, k := range keysOf(base, rp) {
			if own, ok := present[j][reportKey{id, k.resource, k.where}]; ok {
				return own, true, true
			}
		}
		for _, s := range e.Registry.ImpliedBy(id) {
			for _, k := range keysOf(base, rp) {
				if _, ok := present[j][reportKey{s, k.resource, k.where}]; ok {
					return rule.Report{}, false, true
				}
			}
		}
		return rule.Report{}, false, false
	}
	var keep []rule.Report
	for _, rp := range perView[0] {
		r := base.Resource(rp.Resource)
		if r == nil { // template-level: the same in every view
			keep = append(keep, rp)
			continue
		}
		variants := min(r.Variants, len(views))
		if holdsEverywhere(variants, func(j int) bool { _, _, ok := holdsIn(j, rp.RuleID, rp); return ok }) {
			keep = append(keep, rp)
			continue
		}
		meta := e.Registry.ByID(rp.RuleID)
		if meta == nil {
			continue
		}
		for _, general := range meta.Implies {
			var own *rule.Report
			if holdsEverywhere(variants, func(j int) bool {
				rep, isOwn, ok := holdsIn(j, general, rp)
				if isOwn && own == nil {
					own = &rep
				}
				return ok
			}) && own != nil {
				keep = append(keep, *own)
				break
			}
		}
	}
	return keep
}

func holdsEverywhere(n int, holds func(j int) bool) bool {
	for j := 0; j < n; j++ {
		if !holds(j) {
			return false
		}
	}
	return true
}

func keysOf(v *model.View, rp rule.Report) []reportKey {
	keys := []reportKey{{rp.RuleID, rp.Resource, "p:" + rp.Path.String()}}
	if r := v.Resource(rp.Resource); r != nil {
		loc := locate.Locate(v.Template, r, rp.Path)
		keys = append(keys, reportKey{rp.RuleID, rp.Resource, fmt.Sprintf("s:%d:%d", loc.Range.Line, loc.Range.Col)})
	}
	return keys
}

// goReports runs the Go rules over one view, and reports whether any of
// the resources it considered has a type some policy reads. Only resources
// that have a variant j are considered in view j > 0.
func (e *Engine) goReports(v *model.View, j int, only map[string]string) ([]rule.Report, bool) {
	var reps []rule.Report
	needRego := false
	var memo rule.Memo // what the rules derive from one resource, shared by them
	pass := rule.NewPass(v, e.cfg.Options, nil, &reps).WithMemo(&memo)
	for _, r := range v.Resources {
		if j > 0 && r.Variants <= j {
			continue
		}
		if _, ok := only[r.ID]; only != nil && !ok {
			continue
		}
		needRego = needRego || e.regoTypes[r.Type]
		memo.Reset()
		for _, g := range e.Registry.GoRulesFor(r.Type) {
			if !e.enabled[g.ID] {
				continue
			}
			g.Check(pass.ForRule(&g.Meta), r)
		}
	}
	for _, g := range e.Registry.TemplateRules() {
		if !e.enabled[g.ID] {
			continue
		}
		var treps []rule.Report
		g.CheckTemplate(rule.NewPass(v, e.cfg.Options, &g.Meta, &treps))
		for _, rp := range treps {
			// Template-level findings do not vary by view; resource findings
			// follow the per-resource variant rule below.
			if rp.Resource == "" && j > 0 {
				continue
			}
			if r := v.Resource(rp.Resource); rp.Resource != "" && (r == nil || (j > 0 && r.Variants <= j)) {
				continue
			}
			reps = append(reps, rp)
		}
	}
	return reps, needRego
}

// regoReports evaluates the policies over one view.
func (e *Engine) regoReports(ctx context.Context, v *model.View, cache *policy.InputCache, j int, failures ruleFailures) ([]rule.Report, error) {
	out, err := e.policies.Eval(ctx, cache.View(v, e.cfg.Options))
	if err != nil && !failures.add(err, e.enabled) {
		return nil, err
	}
	var reps []rule.Report
	for _, rp := range out {
		r := v.Resource(rp.Resource)
		if !e.enabled[rp.RuleID] || (j > 0 && r.Variants <= j) {
			continue
		}
		reps = append(reps, rp)
	}
	return reps, nil
}

// ruleFailures collects, by rule id, the policies that failed on one file
// in any of its views; the file's other findings stand.
type ruleFailures map[string]finding.RuleError

// add records the failed policies of an Eval error and reports whether err
// was only that (else the whole evaluation failed). A failure of a rule
// that is not enabled is not the user's concern and is dropped.
func (f ruleFailures) add(err error, enabled map[string]bool) bool {
	var failed policy.EvalErrors
	if !errors.As(err, &failed) {
		return false
	}
	for _, pe := range failed {
		if _, seen := f[pe.RuleID]; !seen && enabled[pe.RuleID] {
			f[pe.RuleID] = finding.RuleError{Rule: pe.RuleID, Source: pe.Source, Msg: pe.Error()}
		}
	}
	return true
}

func (f ruleFailures) sorted() []finding.RuleError {
	if len(f) == 0 {
		return nil
	}
	out := make([]finding.RuleError, 0, len(f))
	for _, re := range f {
		out = append(out, re)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rule < out[j].Rule })
	return out
}

func (e *Engine) locateAll(file string, v *model.View, reps []rule.Report) []finding.Finding {
	seen := map[string]bool{}
	sources := e.origins.For(file)
	var fp *fingerprint.Hasher
	if !e.cfg.SkipFingerprints {
		fp = fingerprint.New(v)
	}
	out := make([]finding.Finding, 0, len(reps))
	for _, rp := range reps {
		meta := e.Meta(rp.RuleID)
		if meta == nil {
			continue
		}
		if rp.Resource == "" {
			loc := locate.Template(v.Template, rp.Path)
			f := finding.Finding{Rule: meta, Severity: e.severity(meta, rp), Message: rp.Message, File: file,
				Path: rp.Path, Range: loc.Range}
			if fp != nil {
				f.Fingerprint, f.LegacyFingerprint = fp.Of(meta.ID, "", rp.Path), fingerprint.Legacy(meta.ID, "", rp.Path)
			}
			out = append(out, f)
			continue
		}
		r := v.Resource(rp.Resource)
		if r == nil {
			continue
		}
		loc := locate.Locate(v.Template, r, rp.Path)
		f := finding.Finding{Rule: meta, Severity: e.severity(meta, rp), Message: rp.Message, File: file,
			Resource: r.ID, ResourceType: r.Type, Path: rp.Path, Range: loc.Range}
		// SEC rules judge the written text, which an Fn::If choosing
		// AWS::NoValue does not remove: the note would contradict them.
		if loc.Absent != nil && meta.Family != rule.SEC {
			f.Message += loc.Absent.Note()
			f.Provenance = append(f.Provenance, loc.Absent.Provenance())
		}
		// SEC findings are about secret values: never copy a resolved value
		// (a parameter default or supplied value) into the message or output.
		if loc.Value != nil && len(loc.Value.Prov()) > 0 && meta.Family != rule.SEC {
			f.Provenance = loc.Value.Prov()
			f.Message += provenanceSuffix(rp.Path, loc.Value.Prov(), f.Message)
		}
		if md := r.Metadata(); md != nil {
			if p := md.Get("aws:cdk:path"); p != nil {
				f.CDKPath = p.Value()
			}
		}
		f.SAMResource = v.Template.SAMOrigin[r.ID]
		if strings.HasPrefix(r.Type, "AWS::Serverless::") { // a SAM type the transform does not expand
			f.SAMResource = r.ID
		}
		if f.SAMResource != "" && f.SAMResource != r.ID {
			// Generated by the SAM transform: lead back to the SAM resource.
			if key, ok := resourceKeys(v)[f.SAMResource]; ok && key.Line > 0 {
				f.Origin = &finding.Origin{File: file, Line: int(key.Line), Column: int(key.Col)}
			}
		}
		if sources != nil {
			src := sources(r.ID, f.CDKPath)
			f.ServerlessFunction = src.ServerlessFunction
			if o := src.Origin; o != nil {
				f.Origin = &finding.Origin{File: o.File, Line: o.Line, Column: o.Column}
			}
		}
		if fp != nil {
			f.Fingerprint, f.LegacyFingerprint = fp.Of(meta.ID, r.ID, rp.Path), fingerprint.Legacy(meta.ID, r.ID, rp.Path)
		}
		dedupe := fmt.Sprintf("%s|%s|%d:%d|%s", meta.ID, r.ID, f.Range.Line, f.Range.Col, f.Message)
		if f.SAMResource != "" && f.SAMResource != r.ID {
			// Resources the SAM transform made from the same SAM text (a
			// function URL's two public permissions) are one problem there.
			dedupe = fmt.Sprintf("%s|sam:%s|%d:%d", meta.ID, f.SAMResource, f.Range.Line, f.Range.Col)
		}
		if seen[dedupe] {
			continue
		}
		seen[dedupe] = true
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Range.Line != b.Range.Line {
			return a.Range.Line < b.Range.Line
		}
		if a.Range.Col != b.Range.Col {
			return a.Range.Col < b.Range.Col
		}
		if a.Rule.ID != b.Rule.ID {
			return a.Rule.ID < b.Rule.ID
		}
		return a.Message < b.Message
	})
	return out
}

// severity is a finding's severity: the user's override of the rule, else
// the one the check reported, else the rule's default.
func (e *Engine) severity(meta *rule.Meta, rp rule.Report) rule.Severity {
	if e.meta[meta.ID] == nil && rp.Severity != 0 {
		return rp.Severity
	}
	return meta.Severity
}

// provenanceSuffix names where a reported value came from, unless the rule's
// message already did.
func provenanceSuffix(path model.Path, prov []model.Provenance, msg string) string {
	parts := make([]string, 0, len(prov))
	for _, p := range prov {
		d := p.Describe()
		if strings.Contains(msg, d) {
			return ""
		}
		parts = append(parts, d)
	}
	key := ""
	for i := len(path) - 1; i >= 0; i-- {
		if s, ok := path[i].(string); ok {
			key = s
			break
		}
	}
	return fmt.Sprintf(" (%s from %s)", key, strings.Join(parts, ", "))
}

func sortDiagnostics(ds []template.Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Line != ds[j].Line {
			return ds[i].Line < ds[j].Line
		}
		return ds[i].Col < ds[j].Col
	})
}

type resourceKeysKey struct{}

// resourceKeys maps each logical id of the view's template to the place of
// its key, built once per view: findings on SAM-generated resources look
// their SAM resource up in it, where searching the section per finding was
// quadratic.
func resourceKeys(v *model.View) map[string]template.Range {
	return v.Derived(resourceKeysKey{}, func(v *model.View) any {
		keys := map[string]template.Range{}
		for _, e := range v.Template.Section("Resources").Fields() {
			keys[e.Key] = e.KeyRange
		}
		return keys
	}).(map[string]template.Range)
}
