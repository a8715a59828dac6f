package policy

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// Policies that read the same input are evaluated in one query: each
// evaluation has a fixed cost (OPA's query set-up, the CPU budget's clock
// and timer) that on a small template exceeds the policy's own work, and
// a template of a few resources is evaluated by some forty policies.
// Each policy's deny set is bound to a variable of its own, so the joint
// query yields exactly what the policies yield one by one.
//
// Only built-in policies compiled in the same batch share a query (a
// query runs against one compiler); user policies, with their wall-clock
// deadline, and traced runs go one by one. When the joint query fails
// (a policy's error, an exhausted budget), every policy of it is evaluated
// again alone, under its own budget, so the failure is told apart and the
// others' findings stand.

// jointResult is one policy's outcome of a joint evaluation. done is
// false when the policy was not evaluated jointly; it is then evaluated
// alone.
type jointResult struct {
	done    bool
	reports []rule.Report
	err     error
}

// evalJointly evaluates together the policies of group that can share a
// query, and returns the outcome of each policy of group.
func (s *Set) evalJointly(ctx context.Context, group []compiledPolicy, input ast.Value, view *model.View, limits Limits) []jointResult {
	results := make([]jointResult, len(group))
	if _, traced := ctx.Value(tracerKey{}).(topdown.QueryTracer); traced || s.separately {
		return results
	}
	byCompiler := map[*ast.Compiler][]int{}
	var compilers []*ast.Compiler
	for i, p := range group {
		if !p.builtin || p.compiler == nil {
			continue
		}
		if _, seen := byCompiler[p.compiler]; !seen {
			compilers = append(compilers, p.compiler)
		}
		byCompiler[p.compiler] = append(byCompiler[p.compiler], i)
	}
	for _, c := range compilers {
		if idx := byCompiler[c]; len(idx) > 1 {
			s.evalJoint(ctx, group, idx, input, view, limits, results)
		}
	}
	return results
}

// evalJoint evaluates the policies group[idx] in one query, under one
// policy's budget, and records their outcomes in results; on failure it
// records nothing, so each is evaluated alone.
func (s *Set) evalJoint(ctx context.Context, group []compiledPolicy, idx []int, input ast.Value, view *model.View, limits Limits, results []jointResult) {
	members := make([]compiledPolicy, len(idx))
	for k, i := range idx {
		members[k] = group[i]
	}
	query, err := s.mods.jointQuery(ctx, members)
	if err != nil {
		return
	}
	// One policy's budget for all of them: it is a bound for the rare runaway
	// policy, far above what a whole set costs (tens of milliseconds where
	// the budget is seconds), and a joint query that exhausts it is followed
	// by each policy alone under its own, so a runaway costs two budgets
	// instead of as many as the query holds.
	resources := time.Duration(len(view.Resources))
	budget := limits.BuiltinBase + resources*limits.BuiltinPerResource
	rs, err := evalUnder(ctx, budget, query, input)
	if err != nil || len(rs) != 1 {
		return
	}
	s.mods.jointEvals.Add(1)
	for k, i := range idx {
		reps, err := group[i].reports(rs[0].Bindings[jointVar(k)], view)
		results[i] = jointResult{done: true, reports: reps, err: err}
	}
}

func jointVar(k int) string { return fmt.Sprintf("deny%d", k) }

// jointQuery returns the prepared query that binds each policy's deny set
// to jointVar of its position, preparing it the first time; the policies
// must come from one compilation.
func (ms *modules) jointQuery(ctx context.Context, policies []compiledPolicy) (rego.PreparedEvalQuery, error) {
	parts := make([]string, len(policies))
	pkgs := make([]string, len(policies))
	for k, p := range policies {
		pkgs[k] = p.pkg
		parts[k] = fmt.Sprintf("%s := data.cfnvet.rules[%q].deny", jointVar(k), p.pkg)
	}
	key := strings.Join(pkgs, ",")
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if q, ok := ms.joint[key]; ok {
		return q, nil
	}
	q, err := ms.prepareQuery(ctx, policies[0].compiler, strings.Join(parts, "; "))
	if err != nil {
		return q, fmt.Errorf("prepare the joint query of %s: %w", key, err)
	}
	if ms.joint == nil {
		ms.joint = map[string]rego.PreparedEvalQuery{}
	}
	ms.joint[key] = q
	return q, nil
}
