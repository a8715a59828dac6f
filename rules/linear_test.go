package rules_test

import (
	"context"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/engine/template/sam"
	"github.com/cfnvet/cfnvet/internal/synth"
	"github.com/cfnvet/cfnvet/policies"
	"github.com/cfnvet/cfnvet/rules"
)

// The linearity check compares every rule's cost on a synthetic template of
// linearLarge resources with its cost on one of linearSmall, in one run.
// Ten times the resources must cost about ten times as much; a rule that
// compares every pair of resources costs a hundred times as much.
const (
	linearSmall, linearLarge = 200, 2000
	linearFactor             = float64(linearLarge / linearSmall)
	// Rego policies are measured in evaluation steps, which do not depend
	// on the machine or its load: twice the linear ratio is the bound.
	maxStepRatio = 2 * linearFactor
	// Go rules are measured in time (the minimum of several runs): the
	// larger template no longer fits the caches, which alone costs up to
	// about twice the linear ratio, so the bound is four times it, or twice
	// what a linear walk over every property measures when caches and
	// garbage collection make even that one dearer.
	maxTimeRatio = 4 * linearFactor
	// The walk's allowance never reaches the quadratic ratio.
	maxWalkBound = 0.8 * linearFactor * linearFactor
)

// TestRuleCostIsLinear fails when any rule's cost on the 2,000-resource
// synthetic template exceeds a small multiple of ten times its cost on the
// 200-resource one. Quadratic controls (a pairwise Rego policy, a pairwise
// Go rule) run through the same measurement and must fail it, so the check
// itself is shown to catch what it is for.
func TestRuleCostIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("measures every rule on a 2,000-resource template")
	}
	small, large := synthView(t, linearSmall), synthView(t, linearLarge)
	opts := rule.Options{AssumeAWSDefaults: true}

	steps := newStepMeter(t, quadraticControlPolicy)
	inSmall := policy.NewInputCache().Input(small, opts)
	inLarge := policy.NewInputCache().Input(large, opts)
	var report []string
	exercised := 0
	for _, pkg := range steps.packages() {
		s, l := steps.eval(t, pkg, inSmall), steps.eval(t, pkg, inLarge)
		ratio := float64(l) / float64(s)
		report = append(report, fmt.Sprintf("rego %-22s %6.1f× (%d → %d steps)", pkg, ratio, s, l))
		if l > s {
			exercised++
		}
		over := ratio > maxStepRatio
		switch {
		case pkg == controlPackage && !over:
			t.Errorf("the pairwise control policy measured %.1f×, within the bound %.0f×: the measure cannot see quadratic policies", ratio, maxStepRatio)
		case pkg != controlPackage && over:
			t.Errorf("policy %s: %.1f× the evaluation steps for %.0f× the resources (bound %.0f×): a pairwise pattern?",
				pkg, ratio, linearFactor, maxStepRatio)
		}
	}

	walk := timeRatio(linearWalkRule(large), small, large, opts, math.Inf(1))
	bound := min(max(maxTimeRatio, 2*walk), maxWalkBound)
	report = append(report, fmt.Sprintf("go   %-22s %6.1f× (reference: every property visited once)", "walk", walk))
	for _, g := range append(rules.Go(), quadraticControlRule()) {
		ratio := timeRatio(g, small, large, opts, bound)
		report = append(report, fmt.Sprintf("go   %-22s %6.1f×", g.ID, ratio))
		over := ratio > bound
		switch {
		case g.ID == controlRuleID && !over:
			t.Errorf("the pairwise control rule measured %.1f×, within the bound %.0f×: the measure cannot see quadratic rules", ratio, bound)
		case g.ID != controlRuleID && over:
			t.Errorf("rule %s: %.1f× the time for %.0f× the resources (bound %.0f×): a pairwise pattern?",
				g.ID, ratio, linearFactor, bound)
		}
	}
	if exercised < 10 {
		t.Errorf("only %d policies did more work on the larger template: the synthetic template no longer exercises them", exercised)
	}
	sort.Strings(report)
	t.Logf("cost ratio %d → %d resources:\n%s", linearSmall, linearLarge, strings.Join(report, "\n"))
}

// synthView is the default view of a synthetic template of n resources.
func synthView(t *testing.T, n int) *model.View {
	t.Helper()
	tpl, err := template.Parse("synth.yaml", synth.Template(n))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := resolve.Resolve(sam.Transform(tpl), resolve.Inputs{})
	return views[0]
}

// timeRatio is a Go rule's cost on large over its cost on small: each the
// fastest of several interleaved runs (load only ever adds time), each run
// repeated until it lasts long enough to time. A ratio over the bound is
// measured again before it is believed.
func timeRatio(g *rule.Rule, small, large *model.View, opts rule.Options, bound float64) float64 {
	best := math.Inf(1)
	for attempt := 0; attempt == 0 || (attempt < 3 && best > bound); attempt++ {
		reps := 1
		for runRule(g, small, opts, reps) < 200*time.Microsecond && reps < 1<<16 {
			reps *= 2
		}
		smallCost, largeCost := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
		largeReps := max(1, reps/int(linearFactor))
		for range 7 {
			smallCost = min(smallCost, runRule(g, small, opts, reps)/time.Duration(reps))
			largeCost = min(largeCost, runRule(g, large, opts, largeReps)/time.Duration(largeReps))
		}
		best = min(best, float64(largeCost)/float64(max(smallCost, 1)))
	}
	return best
}

// runRule runs a Go rule reps times over a view, as the engine does: a
// template rule once per view, a resource rule on each resource of its types.
func runRule(g *rule.Rule, v *model.View, opts rule.Options, reps int) time.Duration {
	var targets []*model.Resource
	for _, typ := range g.ResourceTypes {
		targets = append(targets, v.OfType(typ)...)
	}
	start := time.Now()
	for range reps {
		var out []rule.Report
		if g.CheckTemplate != nil {
			g.CheckTemplate(rule.NewPass(v, opts, &g.Meta, &out))
			continue
		}
		for _, r := range targets {
			g.Check(rule.NewPass(v, opts, &g.Meta, &out), r)
		}
	}
	return time.Since(start)
}

// linearWalkRule visits every property value of every resource once,
// building each value's path as rules do: linear work whose ratio shows
// what the machine's caches and collector add on the larger template.
func linearWalkRule(v *model.View) *rule.Rule {
	types := map[string]bool{}
	g := &rule.Rule{Meta: rule.Meta{ID: "WALK"}}
	for _, r := range v.Resources {
		if !types[r.Type] {
			types[r.Type] = true
			g.ResourceTypes = append(g.ResourceTypes, r.Type)
		}
	}
	var visit func(p *rule.Pass, r *model.Resource, val *model.Value, path model.Path)
	visit = func(p *rule.Pass, r *model.Resource, val *model.Value, path model.Path) {
		if val == nil {
			return
		}
		for _, f := range val.Fields() {
			visit(p, r, f.Value, path.Append(f.Key))
		}
		for i, it := range val.Items() {
			visit(p, r, it, path.Append(i))
		}
		if s, ok := val.Str(); ok && s == "never-present" {
			p.Report(r, path, "unreachable")
		}
	}
	g.Check = func(p *rule.Pass, r *model.Resource) { visit(p, r, r.Properties, model.Path{"Properties"}) }
	return g
}

const controlRuleID = "CONTROL_PAIRWISE"

// quadraticControlRule compares each bucket with every resource, the
// pattern the check exists to catch.
func quadraticControlRule() *rule.Rule {
	return &rule.Rule{
		Meta: rule.Meta{ID: controlRuleID, ResourceTypes: []string{"AWS::S3::Bucket"}},
		Check: func(p *rule.Pass, r *model.Resource) {
			for _, other := range p.View.Resources {
				if other != r && other.Prop("BucketName").Describe() == r.Prop("BucketName").Describe() {
					p.Report(r, nil, "same name as %s", other.ID)
				}
			}
		},
	}
}

const controlPackage = "control_pairwise"

// quadraticControlPolicy joins buckets with bucket policies by comparing
// every pair, as ENC002 once did.
const quadraticControlPolicy = `package cfnvet.rules.control_pairwise

deny contains id if {
	some id, _ in input.resources_by_type["AWS::S3::Bucket"]
	not linked(id)
}

linked(id) if {
	some pol in input.resources_by_type["AWS::S3::BucketPolicy"]
	pol.Properties.Bucket.ref == id
}
`

// stepMeter evaluates each rule policy's deny set with a counter of
// evaluation events: a measure of work that does not depend on the load.
type stepMeter struct {
	compiler *ast.Compiler
	pkgs     []string
}

func newStepMeter(t *testing.T, extra string) *stepMeter {
	t.Helper()
	src := policies.Source()
	modules := map[string]*ast.Module{}
	m := &stepMeter{}
	add := func(name, text string) {
		mod, err := ast.ParseModuleWithOpts(name, text, ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true})
		if err != nil {
			t.Fatal(err)
		}
		modules[name] = mod
		if pkg, ok := strings.CutPrefix(mod.Package.Path.String(), policy.RulePackagePrefix); ok {
			m.pkgs = append(m.pkgs, pkg)
		}
	}
	err := fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
			return err
		}
		data, err := fs.ReadFile(src.FS, p)
		if err == nil {
			add(p, string(data))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	add("control.rego", extra)
	m.compiler = ast.NewCompiler().WithCapabilities(policy.Capabilities()).WithDefaultRegoVersion(ast.RegoV1)
	if m.compiler.Compile(modules); m.compiler.Failed() {
		t.Fatal(m.compiler.Errors)
	}
	sort.Strings(m.pkgs)
	return m
}

func (m *stepMeter) packages() []string { return m.pkgs }

func (m *stepMeter) eval(t *testing.T, pkg string, input ast.Value) int {
	t.Helper()
	counter := &eventCounter{}
	q, err := rego.New(append(policy.Functions(), rego.Compiler(m.compiler), rego.Query(fmt.Sprintf("data.cfnvet.rules[%q].deny", pkg)),
		rego.Capabilities(policy.Capabilities()), rego.StrictBuiltinErrors(true), rego.SetRegoVersion(ast.RegoV1),
	)...).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Eval(context.Background(), rego.EvalParsedInput(input), rego.EvalQueryTracer(counter)); err != nil {
		t.Fatalf("%s: %v", pkg, err)
	}
	return counter.n
}

type eventCounter struct{ n int }

func (c *eventCounter) Enabled() bool               { return true }
func (c *eventCounter) TraceEvent(topdown.Event)    { c.n++ }
func (c *eventCounter) Config() topdown.TraceConfig { return topdown.TraceConfig{} }
