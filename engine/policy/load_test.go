package policy

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/cfnvet/cfnvet/engine/rule"
)

// typedPolicy is a rule policy TST<n> on one resource type that reports
// every resource of that type.
func typedPolicy(n int, typ string) string {
	meta := strings.NewReplacer("TST001", fmt.Sprintf("TST%03d", n), "test-rule", fmt.Sprintf("test-rule-%d", n),
		"AWS::S3::Bucket", typ).Replace(goodMeta)
	return fmt.Sprintf(`%spackage cfnvet.rules.tst%03d

import data.cfnvet.lib

deny contains f if {
	some id, _ in input.resources_by_type[%q]
	lib.x == 1
	f := {"resource": id, "msg": "seen"}
}
`, meta, n, typ)
}

// indexedSource is a source of the files with an index built from them,
// as go generate builds the built-in one.
func indexedSource(t *testing.T, files map[string]string) Source {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	src := Source{FS: fsys, Name: "idx"}
	idx, err := BuildIndex(src)
	if err != nil {
		t.Fatal(err)
	}
	src.Index = idx
	return src
}

var typesOfTests = []string{"AWS::S3::Bucket", "AWS::SNS::Topic", "AWS::SQS::Queue", "AWS::EFS::FileSystem"}

func fourPolicies() map[string]string {
	files := map[string]string{"lib.rego": "package cfnvet.lib\n\nx := 1\n"}
	for i, typ := range typesOfTests {
		files[fmt.Sprintf("p%d.rego", i+1)] = typedPolicy(i+1, typ)
	}
	return files
}

func evalTypes(t *testing.T, set *Set, types ...string) []rule.Report {
	t.Helper()
	var b strings.Builder
	b.WriteString("Resources:\n")
	for i, typ := range types {
		fmt.Fprintf(&b, "  R%d:\n    Type: %s\n", i, typ)
	}
	v := view(t, b.String())
	reps, err := set.Eval(context.Background(), NewInputCache().View(v, rule.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	return reps
}

// TestIndexedPoliciesCompileWhenNeeded: with an index, Load parses
// nothing; a template compiles the policies of its resource types (with the
// library) once, and a restricted set never compiles or evaluates the
// rules it leaves out.
func TestIndexedPoliciesCompileWhenNeeded(t *testing.T) {
	set, err := Load(context.Background(), indexedSource(t, fourPolicies()))
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Rules) != 4 {
		t.Fatalf("%d rules from the index, want 4", len(set.Rules))
	}
	if st := set.Stats(); len(st.Parsed)+len(st.Compiled)+st.Batches > 0 {
		t.Fatalf("Load did Rego work an index makes unnecessary: %+v", st)
	}
	if reps := evalTypes(t, set, "AWS::S3::Bucket"); len(reps) != 1 || reps[0].RuleID != "TST001" {
		t.Fatalf("reports %+v", reps)
	}
	evalTypes(t, set, "AWS::S3::Bucket")
	st := set.Stats()
	want := Stats{Parsed: []string{"idx/lib.rego", "idx/p1.rego"}, LibraryRules: []string{"cfnvet.lib.x"},
		Compiled: []string{"idx/p1.rego"}, Batches: 1, IndexedBatches: 1,
		Evaluations: map[string]int{"TST001": 2}}
	if !reflect.DeepEqual(st, want) {
		t.Fatalf("after two bucket templates: %+v, want %+v", st, want)
	}

	only := set.Only(map[string]bool{"TST002": true})
	if reps := evalTypes(t, only, "AWS::S3::Bucket", "AWS::SNS::Topic", "AWS::SQS::Queue"); len(reps) != 1 || reps[0].RuleID != "TST002" {
		t.Fatalf("restricted set reports %+v", reps)
	}
	st = set.Stats() // shared with the restricted set
	if !slices.Equal(st.Compiled, []string{"idx/p1.rego", "idx/p2.rego"}) || st.Evaluations["TST001"] != 2 ||
		st.Evaluations["TST002"] != 1 || st.Evaluations["TST003"] != 0 {
		t.Errorf("restricted set compiled %v and evaluated %v: want only TST002 added", st.Compiled, st.Evaluations)
	}
	if reps := evalTypes(t, set.Only(nil), "AWS::S3::Bucket"); len(reps) != 0 {
		t.Errorf("a set restricted to no rule reported %+v", reps)
	}
}

// TestManyTypeRunsStopCompilingPiecemeal: each compilation repeats the
// library's, so after exactBatches exact ones the rest of the selection is
// compiled at once.
func TestManyTypeRunsStopCompilingPiecemeal(t *testing.T) {
	set, err := Load(context.Background(), indexedSource(t, fourPolicies()))
	if err != nil {
		t.Fatal(err)
	}
	set = set.Only(map[string]bool{"TST001": true, "TST002": true, "TST003": true, "TST004": true})
	for i, typ := range typesOfTests[:exactBatches] {
		evalTypes(t, set, typ)
		if st := set.Stats(); len(st.Compiled) != i+1 || st.Batches != i+1 {
			t.Fatalf("after %s: compiled %v in %d batches, want exactly what it needs", typ, st.Compiled, st.Batches)
		}
	}
	evalTypes(t, set, typesOfTests[exactBatches])
	if st := set.Stats(); len(st.Compiled) != len(typesOfTests) || st.Batches != exactBatches+1 {
		t.Errorf("compiled %v in %d batches, want all %d policies in %d", st.Compiled, st.Batches, len(typesOfTests), exactBatches+1)
	}
}

// TestConcurrentEvalCompilesOnce: goroutines meeting the same resource
// type at once share one compilation.
func TestConcurrentEvalCompilesOnce(t *testing.T) {
	set, err := Load(context.Background(), indexedSource(t, fourPolicies()))
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { evalTypes(t, set, "AWS::SNS::Topic") })
	}
	wg.Wait()
	if st := set.Stats(); st.Batches != 1 || !slices.Equal(st.Compiled, []string{"idx/p2.rego"}) || st.Evaluations["TST002"] != n {
		t.Errorf("%d concurrent templates: %+v, want one compilation of p2 and %d evaluations", n, st, n)
	}
}

// TestStaleIndexEntryIsParsed: an index entry whose digest no longer
// matches its file is ignored, so stale metadata is never used.
func TestStaleIndexEntryIsParsed(t *testing.T) {
	files := fourPolicies()
	src := indexedSource(t, files)
	fsys := src.FS.(fstest.MapFS)
	fsys["p1.rego"] = &fstest.MapFile{Data: []byte(strings.Replace(files["p1.rego"], "severity: medium", "severity: high", 1))}
	set, err := Load(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	var sev rule.Severity
	for _, m := range set.Rules {
		if m.ID == "TST001" {
			sev = m.Severity
		}
	}
	if sev != rule.High {
		t.Errorf("TST001 severity %v: the stale index entry was used", sev)
	}
	// A parsed rule policy is compiled at Load (its errors stop the scan
	// before any template), with the library; the indexed ones are not.
	if st := set.Stats(); !slices.Equal(st.Parsed, []string{"idx/p1.rego", "idx/lib.rego"}) || !slices.Equal(st.Compiled, []string{"idx/p1.rego"}) {
		t.Errorf("stats %+v", st)
	}
}

// TestRenderIndexRoundTrip: the rendered index is Go that states every
// metadata field a policy can set.
func TestRenderIndexRoundTrip(t *testing.T) {
	src := indexedSource(t, map[string]string{"lib.rego": "package cfnvet.lib\n",
		"p.rego": strings.Replace(goodMeta, "# custom:\n", "# related_resources:\n# - https://example.com/why\n# custom:\n", 1) +
			"#   sets: [hygiene, logging]\n#   disabled_by_default: true\npackage cfnvet.rules.tst001\n"})
	code, err := RenderIndex("gen", "index", "a test", src.Index)
	if err != nil {
		t.Fatal(err)
	}
	m := src.Index[1].Meta
	for _, want := range []string{`File: "lib.rego"`, `ID: "TST001"`, `Family: rule.LOG`, `Severity: rule.Severity(2)`, `"cfn_nag": []string{"W35"}`,
		`Links: []string{"https://example.com/why"}`, `Sets: []string{"hygiene", "logging"}`, `DisabledByDefault: true`,
		fmt.Sprintf("Digest: %q", src.Index[1].Digest), fmt.Sprintf("Description: %q", m.Description), `Source: "idx/p.rego:1"`} {
		if !strings.Contains(strings.Join(strings.Fields(string(code)), " "), want) {
			t.Errorf("generated index lacks %s:\n%s", want, code)
		}
	}
}

// TestLibraryNeeds: the index records the library rules a policy uses,
// through other library rules too, and nil when a reference names none.
func TestLibraryNeeds(t *testing.T) {
	lib := "package cfnvet.lib\n\na(x) if b(x)\n\nb(x) if x > 1\n\nc := 3\n\nd := 4\n"
	direct := strings.Replace(typedPolicy(1, "AWS::S3::Bucket"), "lib.x == 1", "lib.a(2)\n\tlib.d == 4", 1)
	dynamic := strings.Replace(typedPolicy(2, "AWS::SNS::Topic"), "lib.x == 1", `some k
	data.cfnvet.lib[k] == 3`, 1)
	src := indexedSource(t, map[string]string{"lib.rego": lib, "p1.rego": direct, "p2.rego": dynamic})
	got := map[string][]string{}
	for _, e := range src.Index {
		got[e.File] = e.Needs
	}
	if want := []string{"cfnvet.lib.a", "cfnvet.lib.b", "cfnvet.lib.d"}; !slices.Equal(got["p1.rego"], want) {
		t.Errorf("p1 needs %v, want %v", got["p1.rego"], want)
	}
	if got["p2.rego"] != nil {
		t.Errorf("p2 reads the library by a variable key, so it needs all of it; got %v", got["p2.rego"])
	}
	// Both compile and evaluate with what the index says they need.
	set, err := Load(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if reps := evalTypes(t, set, "AWS::S3::Bucket", "AWS::SNS::Topic"); len(reps) != 2 {
		t.Errorf("reports %+v, want one per policy", reps)
	}
}

// TestTrimLibrary keeps the rules asked for and the package's METADATA.
func TestTrimLibrary(t *testing.T) {
	mod, err := parseModule("lib.rego", []byte("# METADATA\n# title: lib\npackage cfnvet.lib\n\na := 1\n\n# METADATA\n# title: b\nb := 2\n\nc := 3\n"), Capabilities())
	if err != nil {
		t.Fatal(err)
	}
	trimmed := trimLibrary(mod, map[string]bool{"cfnvet.lib.a": true, "cfnvet.lib.c": true})
	if trimmed == nil || len(trimmed.Rules) != 2 || len(trimmed.Annotations) != 1 || trimmed.Annotations[0].Scope != "package" {
		t.Fatalf("trimmed %v", trimmed)
	}
	if len(mod.Rules) != 3 {
		t.Errorf("trimming changed the parsed module: %d rules", len(mod.Rules))
	}
	if trimLibrary(mod, map[string]bool{"cfnvet.lib.z": true}) != nil {
		t.Error("a library with none of the rules needed must be left out")
	}
}

// TestUserPolicyBesideTrimmedBuiltins: a user policy (no index, so no
// list of needs) is compiled at Load with the whole library, and the
// built-in policies compiled later with only what they need still run
// beside it.
func TestUserPolicyBesideTrimmedBuiltins(t *testing.T) {
	lib := "package cfnvet.lib\n\nx := 1\n\nunused := 2\n\nonly_user(v) if v == 7\n"
	builtins := indexedSource(t, map[string]string{"lib.rego": lib, "p1.rego": typedPolicy(1, "AWS::S3::Bucket")})
	userPolicy := strings.Replace(typedPolicy(9, "AWS::SNS::Topic"), "lib.x == 1", "lib.only_user(7)", 1)
	user := Source{FS: fstest.MapFS{"acme.rego": &fstest.MapFile{Data: []byte(userPolicy)}}, Name: "user"}
	set, err := Load(context.Background(), builtins, user)
	if err != nil {
		t.Fatal(err)
	}
	if st := set.Stats(); !slices.Equal(st.Compiled, []string{"user/acme.rego"}) {
		t.Fatalf("Load compiled %v, want the user policy only", st.Compiled)
	}
	reps := evalTypes(t, set, "AWS::S3::Bucket", "AWS::SNS::Topic")
	var ids []string
	for _, r := range reps {
		ids = append(ids, r.RuleID)
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []string{"TST001", "TST009"}) {
		t.Errorf("reports from %v, want the built-in TST001 and the user's TST009", ids)
	}
}

// TestIndexedPolicyWithWithGetsEveryStage: the evaluator asks the type
// checker's environment whether a with modifier replaces a function, so a
// batch holding a with is compiled with every stage even when the index
// describes it, and the replacement takes effect.
func TestIndexedPolicyWithWithGetsEveryStage(t *testing.T) {
	src := goodMeta + `package cfnvet.rules.tst001

double(x) := 2 * x

triple(x) := 3 * x

deny contains f if {
	some id, _ in input.resources_by_type["AWS::S3::Bucket"]
	n := double(1) with double as triple
	f := {"resource": id, "msg": sprintf("%d", [n])}
}
`
	set, err := Load(context.Background(), indexedSource(t, map[string]string{"p.rego": src}))
	if err != nil {
		t.Fatal(err)
	}
	reps := evalTypes(t, set, "AWS::S3::Bucket")
	if len(reps) != 1 || reps[0].Message != "3" {
		t.Errorf("reports %+v, want one with message 3 (double replaced by triple)", reps)
	}
	if st := set.Stats(); st.Batches != 1 || st.IndexedBatches != 0 {
		t.Errorf("%d batches, %d without the checks; want 1 and 0", st.Batches, st.IndexedBatches)
	}
}
