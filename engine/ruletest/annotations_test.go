package ruletest

import (
	"strings"
	"testing"
)

func TestParseYAMLAnnotations(t *testing.T) {
	src := strings.Join([]string{
		`Url: "http://x/#not-a-comment"   # want IAM001 "every action"`,
		`A: b   # ok NET001 (a near miss) want LOG001 ENC001 "rx \\(paren\\)"`,
		`# plain comment, not an annotation`,
		`C: d   # todo-want NET002 todo-ok NET003`,
		`E: 'it''s # not a comment'`,
	}, "\n")
	exps, err := ParseYAML("f.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		line int
		kind Kind
		rule string
		rx   string
	}
	var got []key
	for _, e := range exps {
		rx := ""
		if e.Rx != nil {
			rx = e.Rx.String()
		}
		got = append(got, key{e.Line, e.Kind, e.Rule, rx})
	}
	want := []key{
		{1, Want, "IAM001", "every action"},
		{2, OK, "NET001", ""}, {2, Want, "LOG001", ""}, {2, Want, "ENC001", `rx \(paren\)`},
		{4, TodoWant, "NET002", ""}, {4, TodoOK, "NET003", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("annotation %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestMalformedAnnotationsAreErrors(t *testing.T) {
	for _, src := range []string{
		`a: b # want`,
		`a: b # want IAM001 "unterminated`,
		`a: b # want "rx without rule"`,
		`a: b # want IAM001 stray-word`,
		`a: b # want IAM001 "(bad regexp"`,
	} {
		if _, err := ParseYAML("f.yaml", src); err == nil {
			t.Errorf("%q: no error", src)
		}
	}
}

func TestWantSection(t *testing.T) {
	exps, err := ParseWantSection("t.json", "# comment\n12 IAM001 \"rx\"\n13 ok NET001\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(exps) != 2 || exps[0].Line != 12 || exps[0].Kind != Want || exps[1].Kind != OK || exps[1].Rule != "NET001" {
		t.Errorf("%+v", exps)
	}
	if _, err := ParseWantSection("t.json", "twelve IAM001\n"); err == nil {
		t.Error("missing line number accepted")
	}
}
