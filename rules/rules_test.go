package rules_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/ruletest"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/testengine"
	"github.com/cfnvet/cfnvet/rules"
)

const fixtureRoot = "../testdata/rules"

// policyDir lets `make mutate` run the fixtures against a mutated copy of
// policies/ without rebuilding the test binary for every Rego mutant.
var policyDir = flag.String("policies", "", "read the built-in Rego policies from this directory instead of the embedded copy")

// builtinPolicies are the embedded policies, or those of -policies.
func builtinPolicies() []policy.Source {
	if *policyDir != "" {
		return []policy.Source{{FS: os.DirFS(*policyDir), Name: "policies"}}
	}
	return rules.Policies()
}

type engines struct {
	mu sync.Mutex
	m  map[string]*scan.Engine
}

func (e *engines) get(t *testing.T, s ruletest.Settings) *scan.Engine {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if eng, ok := e.m[s.Key()]; ok {
		return eng
	}
	eng := testengine.New(t, scan.Config{
		GoRules: rules.Go(), Policies: builtinPolicies(),
		Inputs:  resolve.Inputs{Parameters: s.Parameters, Conditions: s.Conditions},
		Options: rule.Options{AssumeAWSDefaults: s.AssumeAWSDefaults},
		// Every rule, including those disabled by default, so their
		// fixtures are checked too.
		Include: everyFamily(),
	})
	e.m[s.Key()] = eng
	return eng
}

// TestFixtures runs the whole registry over every fixture: each finding must
// be annotated and each annotation must hold, so one rule's false positive
// shows up in any other rule's fixtures.
func TestFixtures(t *testing.T) {
	eachFixture(t, func(t *testing.T, f *ruletest.Fixture, eng *scan.Engine) {
		for _, p := range ruletest.Check(context.Background(), eng, f) {
			t.Error(p)
		}
	})
}

// eachFixture runs check on every fixture under testdata/rules, each in a
// parallel subtest named by its path, with an engine for the fixture's
// settings (shared by the fixtures with the same settings).
func eachFixture(t *testing.T, check func(t *testing.T, f *ruletest.Fixture, eng *scan.Engine)) {
	t.Helper()
	files, err := ruletest.Fixtures(fixtureRoot)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no fixtures found")
	}
	cache := &engines{m: map[string]*scan.Engine{}}
	for _, path := range files {
		rel, _ := filepath.Rel(fixtureRoot, path)
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			f, err := ruletest.LoadFixture(path)
			if err != nil {
				t.Fatal(err)
			}
			check(t, f, cache.get(t, f.Settings))
		})
	}
}

// TestEveryRuleHasFixtures: a bad fixture that fires the rule, a good
// fixture, and an unresolvable-intrinsic case, in testdata/rules/<ID>/.
func TestEveryRuleHasFixtures(t *testing.T) {
	eng := testengine.Builtin(t, scan.Config{})
	for _, m := range eng.Registry.All() {
		for _, p := range ruletest.MissingFixtures(filepath.Join(fixtureRoot, m.ID), m.ID) {
			t.Error(p)
		}
	}
}

// everyFamily selects every rule, including those disabled by default.
func everyFamily() []string {
	out := make([]string, len(rule.Families))
	for i, f := range rule.Families {
		out[i] = string(f)
	}
	return out
}
