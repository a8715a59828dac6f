package template

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/internal/testenv"
)

// jsonCases are shapes the JSON parser must read exactly as yaml.v3 does.
var jsonCases = map[string]string{
	"nested": `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket",
  "Properties": {"Tags": [{"Key": "a", "Value": "b"}], "Empty": {}, "None": [], "N": null}}}}`,
	"numbers": `{"Resources": {}, "Values": [0, -0, 1, -17, 1.5, -0.25, 1e3, 1E-3, 2.5e+10,
  9223372036854775807, 9223372036854775808, 18446744073709551616, 1e400, true, false, null]}`,
	"escapes": `{"Resources": {}, "S": ["a\"b", "back\\slash", "\b\f\n\r\t", "\u00e9t\u00e9",
  "caf` + "\u00e9" + `", "` + "\u4e2d\u6587" + ` then", "\u0041"]}`,
	"unicode columns": "{\"Resources\": {},\n  \"\u00e9\u00e9\": {\"k\u00e9y\": [\"\u4e2d\", 1, \"x\"]}, \"after\": 2}",
	"minified":        `{"Resources":{"A":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":"q","Delay":5}},"B":{"Type":"AWS::SNS::Topic"}}}`,
	"duplicate keys":  `{"Resources": {"A": {"Type": "X"}, "A": {"Type": "Y"}}, "Outputs": {"o": 1, "o": 2}}`,
	"many keys":       `{"Resources": {}, "M": {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8, "i": 9, "j": 10, "c": 11, "k": 12}}`,
	"crlf":            "{\r\n  \"Resources\": {\r\n    \"A\": {\"Type\": \"AWS::S3::Bucket\"}\r\n  }\r\n}\r\n",
	"tabs":            "{\n\t\"Resources\": {\n\t\t\"A\": {\"Type\":\t\"AWS::S3::Bucket\"}\n\t}\n}",
	"merge key":       `{"Resources": {}, "<<": {"a": 1}}`,
	"deep":            `{"Resources": {}, "D": ` + strings.Repeat("[", 40) + `1` + strings.Repeat("]", 40) + `}`,
}

// TestJSONParserMatchesYAML holds the JSON parser to the tree yaml.v3
// gives for the same text: kinds, values, ranges and warnings.
func TestJSONParserMatchesYAML(t *testing.T) {
	for name, text := range jsonCases {
		t.Run(name, func(t *testing.T) { compareParsers(t, name, []byte(text)) })
	}
}

// TestJSONParserMatchesYAMLOnFixtures compares the parsers on every JSON
// template of the repository's testdata and, when present, of the shared
// corpus.
func TestJSONParserMatchesYAMLOnFixtures(t *testing.T) {
	compared := compareDir(t, testenv.TestdataDir())
	if compared < 20 {
		t.Errorf("only %d JSON files compared under testdata: the fixtures moved?", compared)
	}
	t.Logf("%d JSON files of testdata compared", compared)
	corpus := testenv.SharedDir(t, "corpus")
	n := compareDir(t, corpus)
	t.Logf("%d JSON files of the corpus compared", n)
	if n < 200 {
		t.Errorf("only %d JSON files compared in the corpus", n)
	}
}

func compareDir(t *testing.T, root string) int {
	t.Helper()
	compared := 0
	testenv.EachFile(t, root, func(path string, data []byte) {
		data, err := Decode(path, data)
		if err != nil || !looksLikeJSON(data) || !json.Valid(data) || !jsonReadable(data) {
			return // not JSON the fast path takes
		}
		compareParsers(t, path, data)
		compared++
	}, ".json")
	return compared
}

func compareParsers(t *testing.T, name string, data []byte) {
	t.Helper()
	if !json.Valid(data) || !jsonReadable(data) {
		t.Fatalf("%s: test input is not JSON the fast path takes", name)
	}
	fromJSON := converter{file: name, text: newSourceText(data), keys: map[string]string{}}
	fromYAML := converter{file: name, text: newSourceText(data), keys: map[string]string{}}
	a, errA := fromJSON.parseJSON(data)
	b, errB := fromYAML.parseYAML(data)
	if fmt.Sprint(errA) != fmt.Sprint(errB) {
		t.Fatalf("%s: JSON parser error %v, yaml.v3 %v", name, errA, errB)
	}
	if errA != nil {
		return
	}
	if diff := nodeDiff(a, b, "$"); diff != "" {
		t.Errorf("%s: %s", name, diff)
	}
	if fmt.Sprint(fromJSON.warnings) != fmt.Sprint(fromYAML.warnings) {
		t.Errorf("%s: warnings differ:\nJSON parser %v\nyaml.v3     %v", name, fromJSON.warnings, fromYAML.warnings)
	}
}

// nodeDiff describes the first difference between two trees, or "".
func nodeDiff(a, b *Node, path string) string {
	if a.Kind != b.Kind || a.Value() != b.Value() || a.Range != b.Range {
		return fmt.Sprintf("%s: JSON parser %s %q at %+v, yaml.v3 %s %q at %+v", path, a.Kind, a.Value(), a.Range, b.Kind, b.Value(), b.Range)
	}
	if len(a.Entries()) != len(b.Entries()) || len(a.Items()) != len(b.Items()) {
		return fmt.Sprintf("%s: JSON parser %d entries/%d items, yaml.v3 %d/%d", path, len(a.Entries()), len(a.Items()), len(b.Entries()), len(b.Items()))
	}
	for i := range a.Entries() {
		ea, eb := a.Entries()[i], b.Entries()[i]
		if ea.Key != eb.Key || ea.KeyRange != eb.KeyRange {
			return fmt.Sprintf("%s: key %d: JSON parser %q at %+v, yaml.v3 %q at %+v", path, i, ea.Key, ea.KeyRange, eb.Key, eb.KeyRange)
		}
		if d := nodeDiff(ea.Value, eb.Value, path+"."+ea.Key); d != "" {
			return d
		}
	}
	for i := range a.Items() {
		if d := nodeDiff(a.Items()[i], b.Items()[i], fmt.Sprintf("%s[%d]", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// TestJSONParserControl shows that the comparison sees a difference: a
// tree with one range moved does not match.
func TestJSONParserControl(t *testing.T) {
	data := []byte(jsonCases["minified"])
	c := converter{file: "x", text: newSourceText(data), keys: map[string]string{}}
	a, err := c.parseJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := c.parseJSON(data)
	b.Entries()[0].Value.Entries()[0].Value.Range.Col++
	if nodeDiff(a, b, "$") == "" {
		t.Error("a moved range was not seen as a difference")
	}
}

// TestJSONDepthLimit checks that nesting beyond MaxDepth is an error at
// the value too deep, for the JSON parser as for yaml.v3's tree.
func TestJSONDepthLimit(t *testing.T) {
	data := []byte(`{"Resources": {}, "D": ` + strings.Repeat("[", MaxDepth+5) + strings.Repeat("]", MaxDepth+5) + `}`)
	compareParsers(t, "deep", data)
	c := converter{file: "deep.json", text: newSourceText(data), keys: map[string]string{}}
	if _, err := c.parseJSON(data); err == nil || !strings.Contains(err.Error(), "nesting deeper than 512 levels") {
		t.Errorf("error %v, want nesting deeper than %d levels", err, MaxDepth)
	}
}

// TestJSONReadable checks which line breaks send JSON to yaml.v3.
func TestJSONReadable(t *testing.T) {
	for text, want := range map[string]bool{
		"{\"a\": 1}\n":            true,
		"{\"a\": 1}\r\n":          true,
		"{\"a\":\r 1}":            false,
		"{\"a\": 1}\r":            false,
		"{\"a\": \"\u2028\"}":     false,
		"{\"a\": \"\u0085\"}":     false,
		"{\"a\": \"\u00e9\"}\r\n": true,
	} {
		if got := jsonReadable([]byte(text)); got != want {
			t.Errorf("jsonReadable(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestJSONEscapesYAMLRejects: "\/" and surrogate pairs ("\ud83d\ude00")
// are valid JSON escapes that yaml.v3 rejects ("found unknown escape
// character", "found invalid Unicode character escape code");
// CloudFormation accepts them, and so does the JSON parser.
func TestJSONEscapesYAMLRejects(t *testing.T) {
	tpl, err := Parse("t.json", []byte(`{"Resources": {"B": {"Type": "AWS::S3::Bucket",
  "Properties": {"BucketName": "a\/b", "Tags": [{"Key": "k", "Value": "\ud83d\ude00 \ud800"}]}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	props := tpl.Section("Resources").Get("B").Get("Properties")
	if got := props.Get("BucketName").Text(); got != "a/b" {
		t.Errorf("BucketName = %q, want %q", got, "a/b")
	}
	if got := props.Get("Tags").Items()[0].Get("Value").Text(); got != "\U0001F600 \uFFFD" {
		t.Errorf("tag value = %q, want the emoji and U+FFFD for the lone surrogate", got)
	}
}

// FuzzJSONParserMatchesYAML compares the parsers on any valid JSON that
// the JSON parser takes and yaml.v3 reads (yaml.v3 rejects some valid
// JSON: see TestJSONEscapesYAMLRejects).
func FuzzJSONParserMatchesYAML(f *testing.F) {
	for _, text := range jsonCases {
		f.Add([]byte(text))
	}
	for _, text := range invalidJSON {
		f.Add([]byte(text))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !looksLikeJSON(data) || !jsonReadable(data) {
			return
		}
		if err := strictnessDiff(data); err != "" {
			t.Fatal(err)
		}
		if !json.Valid(data) {
			return
		}
		fromJSON := converter{file: "f.json", text: newSourceText(data), keys: map[string]string{}}
		fromYAML := converter{file: "f.json", text: newSourceText(data), keys: map[string]string{}}
		b, errB := fromYAML.parseYAML(data)
		if errB != nil {
			return // yaml.v3 rejects it; the JSON parser's reading is checked elsewhere
		}
		a, errA := fromJSON.parseJSON(data)
		if errA != nil {
			t.Fatalf("JSON parser: %v; yaml.v3 read it", errA)
		}
		if diff := nodeDiff(a, b, "$"); diff != "" {
			t.Fatal(diff)
		}
		if fmt.Sprint(fromJSON.warnings) != fmt.Sprint(fromYAML.warnings) {
			t.Fatalf("warnings differ:\nJSON parser %v\nyaml.v3     %v", fromJSON.warnings, fromYAML.warnings)
		}
	})
}

// invalidJSON are texts json.Valid rejects, each for a reason of its own;
// the JSON parser must reject them too (it is the only pass over valid
// JSON).
var invalidJSON = []string{
	`{"a": 1,}`, `{,"a": 1}`, `{"a": 1 "b": 2}`, `{"a" 1}`, `{"a": [1,]}`, `{"a": [,1]}`, `{"a": [1 2]}`,
	`{"a": 01}`, `{"a": 1.}`, `{"a": .5}`, `{"a": 1e}`, `{"a": -}`, `{"a": +1}`, `{"a": 0x10}`, `{"a": tru}`,
	`{"a": nul}`, `{"a": True}`, `{"a": NaN}`, `{"a": "\x"}`, `{"a": "\u12"}`, `{"a": "\u12g4"}`,
	"{\"a\": \"tab\there\"}", `{"a": 1} x`, `{"a": 1}}`, `{"a": 1:2}`, `{"a": "b": 1}`, `{"a"}`,
	`{"a": }`, `{"a": [}`, "{\"a\":\f1}", `{'a': 1}`, `{a: 1}`, `{"a": 1}{}`, `{"a": "\`,
}

// strictnessDiff reports when the JSON parser and json.Valid disagree on
// whether data is JSON. A valid document the parser may still refuse is
// one nested deeper than MaxDepth, or whose top level is not an object.
func strictnessDiff(data []byte) string {
	c := converter{file: "f.json", text: newSourceText(data), keys: map[string]string{}}
	_, err := c.parseJSON(data)
	valid := json.Valid(data)
	switch {
	case !valid && err == nil:
		return fmt.Sprintf("JSON parser read %q, which json.Valid rejects", data)
	case valid && err != nil && !errors.Is(err, ErrNotTemplate) && !strings.Contains(err.Error(), "nesting deeper"):
		return fmt.Sprintf("JSON parser rejects %q, which json.Valid accepts: %v", data, err)
	}
	return ""
}

// TestJSONParserIsStrict checks the parser against json.Valid on the
// invalid texts above and on random edits of the valid cases: one byte
// replaced, inserted or removed, up to three times.
func TestJSONParserIsStrict(t *testing.T) {
	for _, text := range invalidJSON {
		if json.Valid([]byte(text)) {
			t.Errorf("%q is meant to be invalid JSON, but json.Valid accepts it", text)
		}
		if d := strictnessDiff([]byte(text)); d != "" {
			t.Error(d)
		}
	}
	bytesToUse := []byte("{}[],:\\\" \n\t\r\f0123456789-+.eEtrufalsn/bu'x\x00\x1f\xc3\xa9")
	var seeds [][]byte
	for _, text := range jsonCases {
		seeds = append(seeds, []byte(text))
	}
	sort.Slice(seeds, func(i, j int) bool { return string(seeds[i]) < string(seeds[j]) })
	rng := rand.New(rand.NewPCG(3, 4))
	checked, invalid := 0, 0
	for range 60000 {
		data := append([]byte(nil), seeds[rng.IntN(len(seeds))]...)
		for range 1 + rng.IntN(3) {
			at := rng.IntN(len(data))
			b := bytesToUse[rng.IntN(len(bytesToUse))]
			switch rng.IntN(3) {
			case 0:
				data[at] = b
			case 1:
				data = append(data[:at], append([]byte{b}, data[at:]...)...)
			default:
				data = append(data[:at], data[at+1:]...)
			}
		}
		if !looksLikeJSON(data) || !jsonReadable(data) {
			continue
		}
		checked++
		if !json.Valid(data) {
			invalid++
		}
		if d := strictnessDiff(data); d != "" {
			t.Error(d)
		}
	}
	// Both answers must be exercised, or agreement proves little.
	if invalid < checked/10 || invalid > checked*9/10 {
		t.Errorf("%d of %d edited texts are invalid JSON; the edits do not exercise both answers", invalid, checked)
	}
	t.Logf("%d edited texts, %d invalid JSON", checked, invalid)
}
