package rules_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/ruletest"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/policies"
	"github.com/cfnvet/cfnvet/rules"
)

// TestOneRuleEnginesMatchTheWholeLibrary: a policy compiled alone gets
// only the library rules the index says it needs, and a library rule
// missing from that list is not a compile error in Rego (an undefined
// data reference is just undefined), so a wrong list would silently stop a
// rule firing. For every Rego rule, an engine selecting only that rule
// must report exactly what an engine compiling every policy with the whole
// library (no index) reports for it, on every fixture of the rule.
func TestOneRuleEnginesMatchTheWholeLibrary(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles every policy once per rule: skipped in -short")
	}
	unindexed := policies.Source()
	unindexed.Index = nil
	engine := func(t *testing.T, s ruletest.Settings, src policy.Source, include []string) *scan.Engine {
		t.Helper()
		eng, err := scan.New(context.Background(), scan.Config{
			GoRules: rules.Go(), Policies: []policy.Source{src},
			Inputs:  resolve.Inputs{Parameters: s.Parameters, Conditions: s.Conditions},
			Options: rule.Options{AssumeAWSDefaults: s.AssumeAWSDefaults},
			Include: include,
		})
		if err != nil {
			t.Fatalf("build engine: %v", err)
		}
		return eng
	}
	wholeLibrary := map[string]*scan.Engine{} // by settings
	registry := engine(t, ruletest.Settings{}, policies.Source(), nil).Registry
	findingsCompared := 0
	for _, m := range registry.All() {
		if m.Engine != "rego" {
			continue
		}
		files, err := ruletest.Fixtures(filepath.Join(fixtureRoot, m.ID))
		if err != nil {
			t.Fatal(err)
		}
		alone := map[string]*scan.Engine{}
		for _, path := range files {
			f, err := ruletest.LoadFixture(path)
			if err != nil {
				t.Fatal(err)
			}
			key := f.Settings.Key()
			if wholeLibrary[key] == nil {
				wholeLibrary[key] = engine(t, f.Settings, unindexed, []string{"IAM", "NET", "LOG", "ENC", "SEC"})
			}
			if alone[key] == nil {
				alone[key] = engine(t, f.Settings, policies.Source(), []string{m.ID})
			}
			want := findingsOf(wholeLibrary[key], f, m.ID)
			got := findingsOf(alone[key], f, m.ID)
			if !slices.Equal(got, want) {
				t.Errorf("%s alone on %s reports %q; with the whole library %q", m.ID, f.Name, got, want)
			}
			findingsCompared += len(want)
		}
	}
	// The comparison means something only if the fixtures fire the rules.
	if findingsCompared < 50 {
		t.Errorf("only %d findings compared: the fixtures did not exercise the policies", findingsCompared)
	}
}

// findingsOf scans the fixture and lists the rule's findings as
// "line: message", in the engine's order.
func findingsOf(eng *scan.Engine, f *ruletest.Fixture, id string) []string {
	res := eng.ScanBytes(context.Background(), f.Name, f.Source)
	if res.Err != nil {
		return []string{"error: " + res.Err.Error()}
	}
	var out []string
	for _, fd := range res.Findings {
		if fd.Rule.ID == id {
			out = append(out, fmt.Sprintf("%d: %s", fd.Range.Line, fd.Message))
		}
	}
	return out
}
