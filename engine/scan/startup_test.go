package scan_test

import (
	"context"
	"fmt"
	"maps"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/rules"
)

// smallTemplate is the one-small-template workload of make bench: a
// bucket and its bucket policy.
func smallTemplate(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile("../../testdata/bench/s3-bucket.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// everyRegoType is a template with one resource of every type a built-in
// policy reads: scanning it compiles every selected policy, which is what
// every start-up cost before policies were compiled on demand.
func everyRegoType(tb testing.TB) []byte {
	tb.Helper()
	eng, err := scan.New(context.Background(), scan.Config{GoRules: rules.Go(), Policies: rules.Policies()})
	if err != nil {
		tb.Fatal(err)
	}
	types := map[string]bool{}
	for _, m := range eng.Registry.All() {
		if m.Engine == "rego" {
			for _, t := range m.ResourceTypes {
				types[t] = true
			}
		}
	}
	sorted := make([]string, 0, len(types))
	for t := range types {
		sorted = append(sorted, t)
	}
	sort.Strings(sorted)
	var b strings.Builder
	b.WriteString("Resources:\n")
	for i, t := range sorted {
		fmt.Fprintf(&b, "  R%d:\n    Type: %s\n", i, t)
	}
	return []byte(b.String())
}

// startup builds an engine and scans one template with it, as a process
// scanning one file does, returning the engine and the file's result.
func startup(tb testing.TB, include, exclude []string, data []byte) (*scan.Engine, finding.FileResult) {
	tb.Helper()
	eng, err := scan.New(context.Background(), scan.Config{GoRules: rules.Go(), Policies: rules.Policies(),
		Include: include, Exclude: exclude, Options: rule.Options{AssumeAWSDefaults: true}})
	if err != nil {
		tb.Fatal(err)
	}
	res := eng.ScanBytes(context.Background(), "t.yaml", data)
	if res.Err != nil {
		tb.Fatal(res.Err)
	}
	return eng, res
}

// policyFiles is every built-in policy file of the library, plus the named
// rule policies.
func policyFiles(rulePolicies ...string) []string {
	out := []string{"policies/lib/cfn.rego", "policies/lib/enc.rego", "policies/lib/log.rego", "policies/lib/logdest.rego"}
	return append(out, rulePolicies...)
}

// TestOneRuleSelectionCompilesOnlyItsPolicy: --rule LOG001 parses and
// compiles log001.rego and the library rules it needs, nothing else, and
// evaluates LOG001 alone.
func TestOneRuleSelectionCompilesOnlyItsPolicy(t *testing.T) {
	eng, res := startup(t, []string{"LOG001"}, nil, smallTemplate(t))
	if len(res.Findings) != 1 || res.Findings[0].Rule.ID != "LOG001" {
		t.Errorf("findings %v, want the one LOG001 finding", res.Findings)
	}
	st := eng.PolicyStats()
	parsed := slices.Sorted(slices.Values(st.Parsed))
	if want := policyFiles("policies/log/log001.rego"); !slices.Equal(parsed, want) {
		t.Errorf("parsed %v, want %v", parsed, want)
	}
	if want := log001Needs(t); !slices.Equal(slices.Sorted(slices.Values(st.LibraryRules)), want) {
		t.Errorf("parsed library rules %v, want LOG001's needs %v", st.LibraryRules, want)
	}
	if want := []string{"policies/log/log001.rego"}; !slices.Equal(st.Compiled, want) || st.Batches != 1 {
		t.Errorf("compiled %v in %d batches, want %v in one", st.Compiled, st.Batches, want)
	}
	if want := map[string]int{"LOG001": 1}; !maps.Equal(st.Evaluations, want) {
		t.Errorf("evaluations %v, want %v", st.Evaluations, want)
	}
}

// log001Needs is the sorted list of library rules the policy index says
// LOG001 uses.
func log001Needs(tb testing.TB) []string {
	tb.Helper()
	for _, e := range rules.Policies()[0].Index {
		if e.File == "log/log001.rego" {
			return slices.Sorted(slices.Values(e.Needs))
		}
	}
	tb.Fatal("log/log001.rego is not in the policy index")
	return nil
}

// TestSkippedRuleIsNotEvaluated: --skip LOG002 (a default Rego rule on
// buckets) leaves its policy uncompiled and unevaluated, and --skip ENC002
// (a default Go rule) drops its finding, while the other rule runs.
func TestSkippedRuleIsNotEvaluated(t *testing.T) {
	data := smallTemplate(t)
	eng, res := startup(t, nil, []string{"LOG002"}, data)
	st := eng.PolicyStats()
	if st.Evaluations["LOG002"] != 0 || slices.Contains(st.Compiled, "policies/log/log002.rego") {
		t.Errorf("skipped LOG002 was compiled (%v) or evaluated (%d times)", st.Compiled, st.Evaluations["LOG002"])
	}
	if len(res.Findings) != 1 || res.Findings[0].Rule.ID != "ENC002" {
		t.Errorf("the Go rule on buckets did not run: findings %v", res.Findings)
	}
	// Without --skip the same template does compile and evaluate LOG002:
	// the skip, not the template, kept it from running.
	all, _ := startup(t, nil, nil, data)
	if st := all.PolicyStats(); st.Evaluations["LOG002"] != 1 || !slices.Contains(st.Compiled, "policies/log/log002.rego") {
		t.Errorf("without --skip: compiled %v, evaluations %v", st.Compiled, st.Evaluations)
	}
	_, res = startup(t, nil, []string{"ENC002"}, data)
	if len(res.Findings) != 0 {
		t.Errorf("--skip ENC002 still reports %v", res.Findings)
	}
}

// policyFileOf is the module name Stats lists for a Rego rule.
func policyFileOf(m *rule.Meta) string {
	file, _, _ := strings.Cut(m.Source, ":")
	return file
}

// TestStartupCompilesWhatTheFilesNeed counts the policies a one-file run
// compiles: none for a file that is not a template, only the default
// policies on a bucket or bucket policy for an S3-only template, and none
// with --rule NET001 (a Go rule), whatever the template holds.
func TestStartupCompilesWhatTheFilesNeed(t *testing.T) {
	notTemplate := []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n")
	eng, res := startup(t, nil, nil, notTemplate)
	if !res.Skipped {
		t.Fatalf("the ConfigMap was not skipped: %+v", res)
	}
	if st := eng.PolicyStats(); len(st.Parsed)+len(st.Compiled)+st.Batches+len(st.Evaluations) != 0 {
		t.Errorf("a file that is not a template did Rego work: %+v", st)
	}

	eng, _ = startup(t, nil, nil, smallTemplate(t))
	var want []string
	for _, m := range eng.Registry.All() {
		if m.Engine == "rego" && m.InDefault() &&
			(slices.Contains(m.ResourceTypes, "AWS::S3::Bucket") || slices.Contains(m.ResourceTypes, "AWS::S3::BucketPolicy")) {
			want = append(want, policyFileOf(m))
		}
	}
	sort.Strings(want)
	st := eng.PolicyStats()
	if got := slices.Sorted(slices.Values(st.Compiled)); !slices.Equal(got, want) || st.Batches != 1 {
		t.Errorf("the S3 template compiled %v in %d batches, want the %d default S3 policies %v in one", got, st.Batches, len(want), want)
	}
	total := countRego(eng)
	t.Logf("the S3 template compiled %d of %d Rego policies", len(st.Compiled), total)
	if len(want) == 0 || len(want)*3 > total {
		t.Errorf("%d S3 policies of %d: the S3 template should need a few", len(want), total)
	}

	for _, data := range [][]byte{smallTemplate(t), everyRegoType(t)} {
		eng, _ = startup(t, []string{"NET001"}, nil, data)
		if st := eng.PolicyStats(); len(st.Parsed)+len(st.Compiled)+st.Batches+len(st.Evaluations) != 0 {
			t.Errorf("--rule NET001 (a Go rule) did Rego work: %+v", st)
		}
	}
}

func countRego(eng *scan.Engine) int {
	n := 0
	for _, m := range eng.Registry.All() {
		if m.Engine == "rego" {
			n++
		}
	}
	return n
}

// mallocs counts the heap allocations of f: a measure of work that,
// unlike time, does not depend on how busy the machine is.
func mallocs(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.Mallocs - before.Mallocs
}

// TestStartupWorkRatio keeps start-up proportional to what the scan
// needs, measured in allocations in one run (times would depend on load):
// one small template with every default rule must cost a fraction of
// compiling every policy, and one selected rule less again.
func TestStartupWorkRatio(t *testing.T) {
	small, every := smallTemplate(t), everyRegoType(t)
	startup(t, nil, nil, small) // warm lazily initialised package state
	allRules := mallocs(func() { startup(t, nil, nil, small) })
	oneRule := mallocs(func() { startup(t, []string{"NET001"}, nil, small) })
	everything := mallocs(func() { startup(t, nil, nil, every) })
	t.Logf("start-up allocations: small template %d, --rule NET001 %d, every policy compiled %d (ratios %.2f, %.2f)",
		allRules, oneRule, everything, float64(allRules)/float64(everything), float64(oneRule)/float64(everything))
	if allRules*3 > everything {
		t.Errorf("a one-bucket template's start-up allocates %d, more than a third of compiling every policy (%d)", allRules, everything)
	}
	if oneRule*2 > allRules {
		t.Errorf("--rule NET001 start-up allocates %d, more than half of all rules' (%d)", oneRule, allRules)
	}
}

// BenchmarkEngineStartup is the fixed cost of a run that scans one small
// template: building the engine and scanning the file, which compiles the
// policies the file needs. Each iteration also times the same start-up
// with one rule selected and with every policy compiled, and the
// benchmark reports both as ratios to it.
func BenchmarkEngineStartup(b *testing.B) {
	small, every := smallTemplate(b), everyRegoType(b)
	var allRules, oneRule, everything time.Duration
	measure := func(d *time.Duration, include []string, data []byte) {
		start := time.Now()
		startup(b, include, nil, data)
		*d += time.Since(start)
	}
	for b.Loop() {
		measure(&allRules, nil, small)
		measure(&oneRule, []string{"NET001"}, small)
		measure(&everything, nil, every)
	}
	b.ReportMetric(float64(allRules.Nanoseconds())/float64(b.N), "ns-small/op")
	b.ReportMetric(float64(oneRule)/float64(allRules), "x-one-rule")
	b.ReportMetric(float64(everything)/float64(allRules), "x-compile-all")
}

// TestParseOnlyRunsNoRule: the parse-only pass of make bench parses and
// counts resources but compiles and evaluates nothing.
func TestParseOnlyRunsNoRule(t *testing.T) {
	eng, err := scan.New(context.Background(), scan.Config{GoRules: rules.Go(), Policies: rules.Policies(), ParseOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	res := eng.ScanBytes(context.Background(), "t.yaml", smallTemplate(t))
	if res.Err != nil || res.Resources != 2 || len(res.Findings) != 0 {
		t.Errorf("parse-only result: error %v, %d resources, findings %v", res.Err, res.Resources, res.Findings)
	}
	if st := eng.PolicyStats(); st.Batches != 0 || len(st.Evaluations) != 0 {
		t.Errorf("parse-only compiled or evaluated policies: %+v", st)
	}
	bad := eng.ScanBytes(context.Background(), "bad.yaml", []byte("Resources:\n  A: [\n"))
	if bad.Err == nil || bad.Err.File != "bad.yaml" {
		t.Errorf("parse-only must still report parse errors: %+v", bad)
	}
}
