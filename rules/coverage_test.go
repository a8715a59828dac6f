package rules_test

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/cfnvet/cfnvet/engine/ruletest"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/rules"
)

// unreachableRego lists policy lines no template can reach, each with the
// reason. Keep it short and reviewed: a line that a fixture can reach
// belongs in a fixture, and dead code is deleted.
var unreachableRego = map[string]string{
	"policies/lib/cfn.rego:58":  "lib.resources serves user policies; built-in policies write input.resources_by_type[type], the same lookup without a function call (about 10 µs each, even for a type the template lacks)",
	"policies/lib/cfn.rego:146": "the engine's input always carries options.assume_aws_defaults; the default serves user policy unit tests (`cfnvet policy test`), which run without that input",
}

// regoCoverageGaps are the lines no fixture reached when the coverage check
// was introduced (issue 13), per file. The list may only shrink: a listed
// line that a fixture reaches fails the test until it is removed here, and
// a line missing from both lists fails as well.
var regoCoverageGaps = map[string][]int{
	"policies/enc/enc001.rego": {43, 50, 55, 57},
	"policies/enc/enc004.rego": {62},
	"policies/enc/enc022.rego": {40, 53},
	"policies/enc/enc029.rego": {64, 67, 68, 92, 95, 100, 121, 145, 179, 184, 196, 198, 210, 212, 224},
	"policies/enc/enc031.rego": {45},
	"policies/enc/enc033.rego": {37, 51},
	"policies/enc/enc034.rego": {39},
	"policies/enc/enc035.rego": {35, 40, 53},
	"policies/enc/enc037.rego": {115, 117, 143, 169, 175, 178},
	"policies/enc/enc038.rego": {41},
	"policies/enc/enc039.rego": {50, 60},
	"policies/enc/enc040.rego": {44},
	// refers_to and may_refer_to: no built-in policy calls them since the
	// key joins (ref_keys, name_keys) made evaluation linear; they stay as
	// library helpers for user policies, tested by cfn_test.rego. Line 138,
	// points_into_template, lost its other caller when ENC002 became a Go
	// rule.
	"policies/lib/cfn.rego":     {77, 81, 82, 83, 84, 87, 88, 89, 129, 130, 131, 132, 133, 138},
	"policies/lib/enc.rego":     {43},
	"policies/lib/log.rego":     {72, 74, 75, 76, 85},
	"policies/lib/logdest.rego": {54, 57, 75, 77, 88, 90, 103, 121, 125, 127, 140, 142, 190, 209, 215},
	"policies/log/log001.rego":  {54},
	"policies/log/log003.rego":  {88, 90, 111},
	"policies/log/log005.rego":  {42, 50},
	"policies/log/log007.rego":  {44, 66},
	"policies/log/log014.rego":  {53},
	"policies/log/log016.rego":  {42, 44},
	"policies/log/log020.rego":  {39, 41},
}

// TestRegoCoverage scans every fixture with OPA's coverage tracer and fails
// on a policy line (rule policies and policies/lib) that no fixture reaches:
// a branch without a fixture is a branch whose mutation no test catches.
// It runs apart from TestFixtures so that a filtered fixture run does not
// report the lines it skipped.
func TestRegoCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("scans every fixture with tracing")
	}
	files, err := ruletest.Fixtures(fixtureRoot)
	if err != nil {
		t.Fatal(err)
	}
	cov := ruletest.NewCoverage()
	ctx := cov.Context(context.Background())
	cache := &engines{m: map[string]*scan.Engine{}}
	var wg sync.WaitGroup
	work := make(chan string)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				f, err := ruletest.LoadFixture(p)
				if err != nil {
					t.Error(err)
					continue
				}
				cache.get(t, f.Settings).ScanBytes(ctx, f.Name, f.Source)
			}
		}()
	}
	for _, p := range files {
		work <- p
	}
	close(work)
	wg.Wait()

	var report []ruletest.FileCoverage
	for _, src := range rules.Policies() {
		r, err := cov.Report(src)
		if err != nil {
			t.Fatal(err)
		}
		report = append(report, r...)
	}
	type tally struct{ covered, total int }
	families := map[string]*tally{}
	allowed := map[string]bool{}
	for _, fc := range report {
		fam := path.Base(path.Dir(fc.File))
		if families[fam] == nil {
			families[fam] = &tally{}
		}
		families[fam].covered += fc.Covered
		families[fam].total += fc.Covered + len(fc.NotCovered)
		var dead []string
		gaps := map[int]bool{}
		for _, line := range regoCoverageGaps[fc.File] {
			gaps[line] = true
		}
		for _, line := range fc.NotCovered {
			at := fmt.Sprintf("%s:%d", fc.File, line)
			switch {
			case unreachableRego[at] != "":
				allowed[at] = true
			case gaps[line]:
				delete(gaps, line)
			default:
				dead = append(dead, fmt.Sprint(line))
			}
		}
		for line := range gaps {
			t.Errorf("%s:%d is reached by a fixture now: remove it from regoCoverageGaps", fc.File, line)
		}
		if len(dead) > 0 {
			t.Errorf("%s: line(s) %s reached by no fixture: add a fixture under testdata/rules/<ID>/ that takes the branch, or delete it",
				fc.File, strings.Join(dead, ", "))
		}
	}
	for at, reason := range unreachableRego {
		if !allowed[at] {
			t.Errorf("%s is listed as unreachable (%s) but a fixture reaches it, or it moved: update unreachableRego", at, reason)
		}
	}
	names := make([]string, 0, len(families))
	for fam := range families {
		names = append(names, fam)
	}
	sort.Strings(names)
	for _, fam := range names {
		c := families[fam]
		t.Logf("Rego coverage %s: %d/%d lines", fam, c.covered, c.total)
	}
}
