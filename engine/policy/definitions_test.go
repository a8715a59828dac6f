package policy

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cfnvet/cfnvet/engine/rule"
)

// trickyLibrary has the shapes a line-based split of a library could get
// wrong: several definitions of one rule, an else chain, a default, a
// multi-line function, comments and blank lines between definitions.
const trickyLibrary = `# METADATA
# title: helpers
package cfnvet.lib

import rego.v1

default level := "low"

# level is high for big values.
level := "high" if {
	input.size > 10
} else := "mid" if {
	input.size > 5
}

is_true(v) if v == true

is_true(v) if {
	is_string(v)
	lower(v) == "true"
}


# pair builds
# a pair.
pair(a, b) := [
	a,
	b,
]

names contains n if {
	some n in ["a", "b"]
}
`

// TestDefinitionsParseAloneAsInWhole: each definition of a library,
// parsed with every other definition blanked out, is the rule a whole
// parse gives, at the same place (the built-in library as indexed from
// disk, and trickyLibrary).
func TestDefinitionsParseAloneAsInWhole(t *testing.T) {
	builtIn := fstest.MapFS{}
	dir := os.DirFS(filepath.Join("..", "..", "policies"))
	matches, err := fs.Glob(dir, "lib/*.rego")
	if err != nil || len(matches) < 2 {
		t.Fatalf("built-in library files: %v %v", matches, err)
	}
	for _, p := range matches {
		data, err := fs.ReadFile(dir, p)
		if err != nil {
			t.Fatal(err)
		}
		builtIn[p] = &fstest.MapFile{Data: data}
	}
	tricky := fstest.MapFS{"lib/tricky.rego": {Data: []byte(trickyLibrary)}}
	checked := 0
	for _, libs := range []fstest.MapFS{builtIn, tricky} {
		checked += checkDefinitionsAlone(t, libs)
	}
	if checked < 50 {
		t.Errorf("checked %d definitions; the built-in library alone has more", checked)
	}
}

// checkDefinitionsAlone indexes the library files of libs and checks each
// definition parsed alone; it returns how many it checked.
func checkDefinitionsAlone(t *testing.T, libs fstest.MapFS) int {
	t.Helper()
	idx, err := BuildIndex(Source{FS: libs, Name: "policies"})
	if err != nil {
		t.Fatal(err)
	}
	caps := Capabilities()
	checked := 0
	for _, e := range idx {
		if e.Meta != nil || isTestFile(e.File) {
			continue
		}
		if e.Definitions == nil {
			t.Errorf("%s: no definitions indexed", e.File)
			continue
		}
		text := libs[e.File].Data
		whole, err := parseModule(e.File, text, caps)
		if err != nil {
			t.Fatal(err)
		}
		if len(whole.Rules) != len(e.Definitions) {
			t.Errorf("%s: %d rules, %d definitions", e.File, len(whole.Rules), len(e.Definitions))
			continue
		}
		for i, d := range e.Definitions {
			keep := make([]bool, len(e.Definitions))
			keep[i] = true
			blanked := blankExcept(text, e.Definitions, keep)
			if len(blanked) != len(text) || bytes.Count(blanked, []byte("\n")) != bytes.Count(text, []byte("\n")) {
				t.Fatalf("%s: blanking moved bytes or lines", e.File)
			}
			alone, err := parseModule(e.File, blanked, caps)
			if err != nil {
				t.Errorf("%s definition %d (%s, lines %d-%d) does not parse alone: %v", e.File, i, d.Key, d.First, d.Last, err)
				continue
			}
			if len(alone.Rules) != 1 {
				t.Errorf("%s definition %d (%s): %d rules parsed alone", e.File, i, d.Key, len(alone.Rules))
				continue
			}
			got, want := alone.Rules[0], whole.Rules[i]
			if got.String() != want.String() || !reflect.DeepEqual(got.Location, want.Location) ||
				libraryRuleKey(alone.Package.Path, got) != d.Key {
				t.Errorf("%s definition %d (%s):\nalone %s at %v\nwhole %s at %v", e.File, i, d.Key,
					got, got.Location, want, want.Location)
			}
			checked++
		}
	}
	return checked
}

func isTestFile(name string) bool { return strings.HasSuffix(name, "_test.rego") }

// TestPartialLibraryCompilesWhatWholeDoes: a rule policy compiled with the
// indexed library (definitions parsed on demand, across two batches) gives
// the results it gives with the library parsed whole.
func TestPartialLibraryCompilesWhatWholeDoes(t *testing.T) {
	ctx := t.Context()
	lib := []byte(trickyLibrary)
	files := fstest.MapFS{
		"lib/tricky.rego": {Data: lib},
		"p1.rego":         {Data: []byte(pairPolicy(1, `lib.level`))},
		"p2.rego":         {Data: []byte(pairPolicy(2, `lib.pair(lib.is_true("TRUE"), count(lib.names))`))},
	}
	idx, err := BuildIndex(Source{FS: files, Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	indexed, err := Load(ctx, Source{FS: files, Name: "x", Index: idx, Builtin: true})
	if err != nil {
		t.Fatal(err)
	}
	whole, err := Load(ctx, Source{FS: files, Name: "x", Builtin: true})
	if err != nil {
		t.Fatal(err)
	}
	// Each batch parses only the definitions it adds.
	parsedAfter := [][]string{{"cfnvet.lib.level"}, {"cfnvet.lib.level", "cfnvet.lib.is_true", "cfnvet.lib.pair", "cfnvet.lib.names"}}
	for i, id := range []string{"TST001", "TST002"} {
		got, want := evalOne(t, indexed, id), evalOne(t, whole, id)
		if got != want || got == "" {
			t.Errorf("%s: indexed library gives %q, whole library %q", id, got, want)
		}
		if st := indexed.Stats(); !reflect.DeepEqual(st.LibraryRules, parsedAfter[i]) {
			t.Errorf("library rules parsed after %s: %v, want %v", id, st.LibraryRules, parsedAfter[i])
		}
	}
}

// pairPolicy is rule policy TST<n>, reporting every bucket with the value
// of expr (which uses the library) as its message.
func pairPolicy(n int, expr string) string {
	return strings.NewReplacer("TST001", fmt.Sprintf("TST%03d", n), "test-rule", fmt.Sprintf("test-rule-%d", n)).Replace(goodMeta) +
		fmt.Sprintf(`package cfnvet.rules.tst%03d

import data.cfnvet.lib

deny contains f if {
	some id, _ in input.resources_by_type["AWS::S3::Bucket"]
	f := {"resource": id, "msg": sprintf("%%v", [%s])}
}
`, n, expr)
}

// evalOne evaluates rule id of set on a template with one bucket and
// returns its one message.
func evalOne(t *testing.T, set *Set, id string) string {
	t.Helper()
	v := view(t, "Resources:\n  B:\n    Type: AWS::S3::Bucket\n")
	reps, err := set.Only(map[string]bool{id: true}).Eval(t.Context(), NewInputCache().View(v, rule.Options{}))
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	if len(reps) != 1 {
		t.Fatalf("%s: reports %v", id, reps)
	}
	return reps[0].Message
}
