package template

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/cfnvet/cfnvet/internal/testenv"
)

// yamlV3Tree is what parseYAML gets from yaml.v3: the first document.
func yamlV3Tree(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	return &doc, nil
}

// readSubset runs the subset reader on data as parseYAML does.
func readSubset(data []byte) (*yaml.Node, bool) { return readYAMLSubset(data, newSourceText(data)) }

// sameYAMLTree describes the first difference between two yaml.v3 trees in
// what the converter reads, or returns "".
func sameYAMLTree(want, got *yaml.Node, path string) string {
	switch {
	case want.Kind != got.Kind:
		return fmt.Sprintf("%s: kind %v, want %v", path, got.Kind, want.Kind)
	case want.Tag != got.Tag:
		return fmt.Sprintf("%s: tag %q, want %q", path, got.Tag, want.Tag)
	case want.Value != got.Value:
		return fmt.Sprintf("%s: value %q, want %q", path, got.Value, want.Value)
	case want.Style != got.Style:
		return fmt.Sprintf("%s: style %v, want %v", path, got.Style, want.Style)
	case want.Line != got.Line || want.Column != got.Column:
		return fmt.Sprintf("%s: at %d:%d, want %d:%d", path, got.Line, got.Column, want.Line, want.Column)
	case want.Anchor != got.Anchor:
		return fmt.Sprintf("%s: anchor %q, want %q", path, got.Anchor, want.Anchor)
	case len(want.Content) != len(got.Content):
		return fmt.Sprintf("%s: %d children, want %d", path, len(got.Content), len(want.Content))
	}
	for i := range want.Content {
		if d := sameYAMLTree(want.Content[i], got.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkSubset compares the subset reader with yaml.v3 on data; it reports
// whether the subset read it.
func checkSubset(t *testing.T, name string, data []byte) bool {
	t.Helper()
	got, ok := readSubset(data)
	if !ok {
		return false
	}
	want, err := yamlV3Tree(data)
	if err != nil {
		t.Errorf("%s: the subset read a document yaml.v3 rejects: %v", name, err)
		return true
	}
	if d := sameYAMLTree(want, got, ""); d != "" {
		t.Errorf("%s: %s", name, d)
	}
	if d := convertingAsRead(data, got); d != "" {
		t.Errorf("%s: converting while reading: %s", name, d)
	}
	return true
}

// convertingAsRead describes the first difference between converting the
// subset reader's whole tree, read, and converting while reading
// (readYAMLSubsetConverting), or returns "". It converts read.
func convertingAsRead(data []byte, read *yaml.Node) string {
	after := converter{text: newSourceText(data), keys: map[string]string{}}
	want, wantErr := after.convert(read.Content[0], 0)
	// Arenas for every document, however small, so that they are compared too.
	while := converter{text: newSourceText(data), keys: map[string]string{}, arenaFrom: 0}
	doc, ok := readYAMLSubsetConverting(data, while.text, &while)
	if !ok {
		return "left to yaml.v3"
	}
	got, err := while.convert(doc.Content[0], 0)
	switch {
	case (err == nil) != (wantErr == nil):
		return fmt.Sprintf("error %v, want %v", err, wantErr)
	case err != nil:
		return ""
	}
	sorted := func(ds []Diagnostic) []Diagnostic { return slices.SortedFunc(slices.Values(ds), cmpDiagnostics) }
	if w, g := sorted(after.warnings), sorted(while.warnings); !slices.Equal(w, g) {
		return fmt.Sprintf("warnings %v, want %v", g, w)
	}
	return sameNode(want, got, "")
}

func cmpDiagnostics(a, b Diagnostic) int {
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	if a.Col != b.Col {
		return a.Col - b.Col
	}
	return strings.Compare(a.Msg, b.Msg)
}

// sameNode describes the first difference between two converted trees, or
// returns "".
func sameNode(want, got *Node, path string) string {
	switch {
	case want.Kind != got.Kind:
		return fmt.Sprintf("%s: kind %v, want %v", path, got.Kind, want.Kind)
	case want.Value() != got.Value():
		return fmt.Sprintf("%s: value %q, want %q", path, got.Value(), want.Value())
	case want.Range != got.Range:
		return fmt.Sprintf("%s: at %v, want %v", path, got.Range, want.Range)
	case len(want.Entries()) != len(got.Entries()) || len(want.Items()) != len(got.Items()):
		return fmt.Sprintf("%s: %d entries and %d items, want %d and %d", path,
			len(got.Entries()), len(got.Items()), len(want.Entries()), len(want.Items()))
	}
	for i, e := range want.Entries() {
		g := got.Entries()[i]
		if e.Key != g.Key || e.KeyRange != g.KeyRange {
			return fmt.Sprintf("%s: key %q at %v, want %q at %v", path, g.Key, g.KeyRange, e.Key, e.KeyRange)
		}
		if d := sameNode(e.Value, g.Value, path+"/"+e.Key); d != "" {
			return d
		}
	}
	for i, it := range want.Items() {
		if d := sameNode(it, got.Items()[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// TestSameNodeNoticesDifferences: the comparison converting while reading
// is held to fails on a changed value, a moved node and a lost entry.
func TestSameNodeNoticesDifferences(t *testing.T) {
	src := []byte("A:\n  B: !Ref C\n  D: [1, 'x']\n")
	read := func() *Node {
		c := converter{text: newSourceText(src), keys: map[string]string{}}
		doc, ok := readYAMLSubsetConverting(src, c.text, &c)
		if !ok {
			t.Fatal("the control document is outside the subset")
		}
		root, err := c.convert(doc.Content[0], 0)
		if err != nil {
			t.Fatal(err)
		}
		return root
	}
	want := read()
	if d := sameNode(want, read(), ""); d != "" {
		t.Fatalf("two reads differ: %s", d)
	}
	for name, spoil := range map[string]func(root *Node){
		"value": func(root *Node) { root.Get("A").Get("D").Items()[1].SetValue("y") },
		"moved": func(root *Node) { root.Get("A").Get("B").Range.Col++ },
		"lost":  func(root *Node) { a := root.Get("A"); a.SetEntries(a.Entries()[:1]) },
	} {
		spoilt := read()
		spoil(spoilt)
		if sameNode(want, spoilt, "") == "" {
			t.Errorf("%s: the comparison did not notice", name)
		}
	}
}

// TestConvertingReadLeftToYAMLV3KeepsNoWarning: a document the subset
// reader leaves to yaml.v3 after converting part of it is warned about
// once, by the yaml.v3 reading.
func TestConvertingReadLeftToYAMLV3KeepsNoWarning(t *testing.T) {
	src := "Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: x\n      BucketName: y\n" +
		"  B: &anchor\n    Type: AWS::S3::Bucket\n"
	tp, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	duplicates := 0
	for _, w := range tp.Warnings {
		if strings.Contains(w.Msg, "duplicate key") {
			duplicates++
		}
	}
	if duplicates != 1 {
		t.Errorf("%d duplicate-key warnings, want 1: %v", duplicates, tp.Warnings)
	}
}

// yamlFiles calls checkSubset on every YAML file under root and returns
// how many the subset read, of how many.
func yamlFiles(t *testing.T, root string) (read, total int) {
	testenv.EachFile(t, root, func(path string, data []byte) {
		if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
			return // JSON: read by the JSON parser
		}
		text, err := Decode(path, data)
		if err != nil {
			return
		}
		total++
		if checkSubset(t, path, text) {
			read++
		}
	}, ".yaml", ".yml", ".template")
	return read, total
}

func TestYAMLSubsetMatchesYAMLOnTestdata(t *testing.T) {
	read, total := yamlFiles(t, testenv.TestdataDir())
	t.Logf("the subset read %d of %d YAML files", read, total)
	if read*2 < total {
		t.Errorf("the subset read %d of %d YAML files of testdata; most should be in it", read, total)
	}
}

func TestYAMLSubsetMatchesYAMLOnCorpus(t *testing.T) {
	read, total := yamlFiles(t, testenv.SharedDir(t, "corpus"))
	t.Logf("the subset read %d of %d YAML files", read, total)
	if read*2 < total {
		t.Errorf("the subset read %d of %d YAML files of the corpus; most should be in it", read, total)
	}
}

// FuzzYAMLSubsetMatchesYAML: whatever the subset reads, yaml.v3 reads too,
// into the same tree.
func FuzzYAMLSubsetMatchesYAML(f *testing.F) {
	for _, seed := range []string{
		"Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '${AWS::StackName}-x'\n",
		"a:\n  - b: 1\n    c: [x, !Ref y, 'z']\n  - {k: v}\nd: |\n  line\n   more\n\ne: \"q\\\"\"\n",
		"---\n# c\nx: !GetAtt A.Arn\ny:\nz: !If\n  - C\n  - 1\n  - -2.5\n",
		"k: 0x1F\nl: 2012-10-17\nm: ~\nn: TRUE\no: 1e400\np: .inf\n",
		"a: |-\n  x\n\n  y\n\n\nb: |+\n  z\n\nc: x # comment\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := readSubset(data)
		if !ok {
			return
		}
		want, err := yamlV3Tree(data)
		if err != nil {
			t.Fatalf("the subset read a document yaml.v3 rejects (%v):\n%q", err, data)
		}
		if d := sameYAMLTree(want, got, ""); d != "" {
			t.Fatalf("%s\n%q", d, data)
		}
		if d := convertingAsRead(data, got); d != "" {
			t.Fatalf("converting while reading: %s\n%q", d, data)
		}
	})
}

// TestSameYAMLTreeNoticesDifferences: the comparison the subset is held to
// fails on a moved node, a changed tag, value or style, and a lost child.
func TestSameYAMLTreeNoticesDifferences(t *testing.T) {
	src := []byte("A:\n  B: !Ref C\n  D: [1, 'x']\n  E: |\n    text\n")
	want, err := yamlV3Tree(src)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := readSubset(src)
	if !ok || sameYAMLTree(want, got, "") != "" {
		t.Fatalf("the subset must read the control document as yaml.v3 does: %v %q", ok, sameYAMLTree(want, got, ""))
	}
	for name, spoil := range map[string]func(root *yaml.Node){
		"moved":     func(root *yaml.Node) { root.Content[0].Content[1].Content[1].Column++ },
		"tag":       func(root *yaml.Node) { root.Content[0].Content[1].Content[1].Tag = "!GetAtt" },
		"value":     func(root *yaml.Node) { root.Content[0].Content[1].Content[3].Content[1].Value = "y" },
		"style":     func(root *yaml.Node) { root.Content[0].Content[1].Content[5].Style = yaml.FoldedStyle },
		"lost item": func(root *yaml.Node) { d := root.Content[0].Content[1].Content[3]; d.Content = d.Content[:1] },
	} {
		spoilt, _ := readSubset(src)
		spoil(spoilt)
		if sameYAMLTree(want, spoilt, "") == "" {
			t.Errorf("%s: the comparison did not notice", name)
		}
	}
}

// TestDecimalIntAsYAMLResolves: the integers the subset tags itself are
// those yaml.v3 tags !!int.
func TestDecimalIntAsYAMLResolves(t *testing.T) {
	for _, text := range []string{"0", "7", "-7", "+7", "443", "08", "0123", "00", "-0", "+-1", "--1", "1_000",
		"123456789012345678", "1234567890123456789", "12345678901234567890", "1.5", "1e3", "0x1F", "-", "+"} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(text), &n); err != nil {
			t.Fatal(err)
		}
		if got, want := decimalInt(text), n.Content[0].Tag == "!!int"; got && !want {
			t.Errorf("decimalInt(%q) = true, but yaml.v3 tags it %s", text, n.Content[0].Tag)
		}
	}
}

// TestYAMLSubsetEdgeCases: small documents at the edges of the subset are
// either left to yaml.v3 or read as yaml.v3 reads them (the first three
// differed once: flow scalars starting with : or ?, and the \/ escape).
func TestYAMLSubsetEdgeCases(t *testing.T) {
	for _, c := range []string{
		"a: [:a]\n", "a: [?a]\n", "a: \"\\/\"\n",
		"a: :b\n", "a: ?x\n", "a: [:a]\n", "a: [?a]\n", "a: [a:b]\n", "a: {a:b: c}\n", "a: [a b, c]\n",
		"a]: 1\n", "a}: 1\n", "a,b: 1\n", "a: b]\n", "a: b}\n", "a: b,c\n", "a: [a, b,c]\n",
		"a: 'x''y'\n", "a: \"x\\ty\"\n", "a: \"\\/\"\n", "'a b': 1\n", "\"a\": 1\n", "a  : 1\n",
		"a: !Ref x\n", "a: !Ref 'x'\n", "a: !Sub |\n  x\n", "a: !If [c, 1, 2]\n", "a: !Join ['', [a, !Ref b]]\n",
		"- a\n", "a:\n- b\n- c\nd: 1\n", "a:\n  - b: 1\n    c: 2\n  - d\n", "a: |\n  x\n  # y\n", "a: |-\n  x\n\n", "a: |+\n  x\n\n",
		"a: 0o17\n", "a: 0b1\n", "a: 1_000\n", "a: .5\n", "a: -.inf\n", "a: +1\n", "a: 2001-12-14\n", "a: 12:30\n",
		"a: x\n  # c\nb: 1\n", "a: [a, {b: c}, [d]]\n", "a: {}\n", "a: []\n", "a: {b: }\n", "a: [a,]\n", "a: é\n", "é: [é, é]\n",
		"a: b #c\n", "a: b#c\n", "a: 'b'#c\n", "a: \"b\" #c\n", "a: [b] #c\n", "a: !Ref\n", "a: !Ref # c\nb: 1\n",
		"a: x:y\n", "a: http://x\n", "a: x y: z\n", "a: -x\n", "a: ---\n", "a: ...\n", "a: ~x\n", "a: =\n", "a: <x\n",
		"a: !Ref [x]\n", "a: [!Ref x, !GetAtt y.z]\n", "a: {Ref: x}\n", "a: [[[]]]\n", "a: {a: {b: {}}}\n",
		"a: !Ref\n  x\n", "a:\n  !Ref x\n", "a: |\n\n  x\n", "a: |\n  x\n y\n", "a: ['a'b]\n", "a: [&a]\n",
		"a: [-a]\n", "a: [<<]\n", "a: <<\n", "a: [x: y]\n", "a: {x: [y]}\n",
	} {
		checkSubset(t, c, []byte(c))
	}
}

// TestYAMLSubsetShortValues: every value of one or two characters from a
// set of YAML indicators, letters and digits, written in each common
// place, is either left to yaml.v3 or read as yaml.v3 reads it. (Values
// of up to three characters from 31 of them, in these places, were run
// once: no difference.)
func TestYAMLSubsetShortValues(t *testing.T) {
	chars := []string{"a", "0", "-", "?", ":", "#", " ", "'", "\"", "!", "[", "]", "{", "}", ",", "|", "&", "~", "<", ".", "\\", "é", "\n"}
	values := slices.Clone(chars)
	for _, a := range chars {
		for _, b := range chars {
			values = append(values, a+b)
		}
	}
	places := []string{"k: %\n", "k: [%]\n", "k: {%: 1}\n", "%: 1\n", "k:\n  - %\n", "k: !Ref %\n", "k: |\n  %\n",
		"k: [a, %]\n", "k: '%'\n", "k: \"%\"\n", "k: {a: %}\n", "k: [%, %]\n", "k: % # c\n", "k:\n  %\n", "%:\n  a: 1\n",
		"k: !Ref [%]\n", "k: %\n  x\n", "k: |-\n   %\n", "k:\n- %\n", "k: %\nj: 1\n", "k: {%}\n", "k: %"}
	for _, p := range places {
		for _, v := range values {
			doc := strings.Replace(p, "%", v, 1)
			checkSubset(t, doc, []byte(doc))
		}
	}
}

// TestYAMLSubsetLineCombinations: every document of three lines drawn from
// a set of line shapes (keys, values, dashes, tags alone, block scalar
// headers, comments, at three indentations), alone or under a top-level
// key, is either left to yaml.v3 or read as yaml.v3 reads it. It found a
// tag alone after a dash taking the next entry as its node; without the
// rule that leaves that to yaml.v3 it reports 418 differences.
func TestYAMLSubsetLineCombinations(t *testing.T) {
	shapes := []string{"k:", "k: v", "- v", "- k: v", "- !A", "k: !A", "!A", "- |", "x", "k: |", "- - v", "k: [a]",
		"# c", "", "j: 1", "- !A v", "k: !A v", "-", "k: |-", "- - k: v", "- - !A"}
	var lines []string
	for _, s := range shapes {
		for _, indent := range []string{"", "  ", "    "} {
			lines = append(lines, indent+s)
		}
	}
	for _, under := range []string{"", "r:"} {
		for _, a := range lines {
			for _, b := range lines {
				for _, c := range lines {
					doc := a + "\n" + b + "\n" + c + "\n"
					if under != "" {
						doc = under + "\n  " + a + "\n  " + b + "\n  " + c + "\n"
					}
					checkSubset(t, doc, []byte(doc))
				}
			}
		}
	}
}
