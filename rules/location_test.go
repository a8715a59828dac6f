package rules_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/ruletest"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/engine/template/sam"
	"github.com/cfnvet/cfnvet/internal/testenv"
)

// TestFindingLocations checks where every finding of every rule fixture is
// reported (contract.md: at the offending value, or at the nearest existing
// ancestor key for a missing property), from the template's node tree
// rather than from the locate package:
//
//   - the finding's line is the line of the node at its reported path, or,
//     when the path does not exist, of the deepest existing ancestor;
//   - a finding reported at a whole block must not sit above an explicit
//     false/OFF/disabled value inside that block: that value is what the
//     template got wrong, and the rule must report its path.
//
// The fixtures' want lines are the finding lines (TestFixtures), so this
// checks every want line too.
func TestFindingLocations(t *testing.T) {
	eachFixture(t, func(t *testing.T, f *ruletest.Fixture, eng *scan.Engine) {
		if f.ExpectError != "" {
			return
		}
		res := eng.ScanBytes(context.Background(), f.Name, f.Source)
		if res.Err != nil || res.Skipped {
			return // TestFixtures reports it
		}
		tpl, err := template.ParseWith(f.Name, f.Source, template.Options{Parameters: f.Settings.Parameters})
		if err != nil {
			t.Fatal(err)
		}
		tpl = sam.Transform(tpl)
		reportedAt := map[string]bool{}
		for _, fd := range res.Findings {
			reportedAt[fmt.Sprintf("%s@%d", fd.Rule.ID, fd.Range.Line)] = true
		}
		for _, fd := range res.Findings {
			if problem := locationProblem(tpl, fd, reportedAt); problem != "" {
				t.Errorf("%s:%d: %s %s: %s", f.Name, fd.Range.Line, fd.Rule.ID, fd.Path, problem)
			}
		}
	})
}

// locationProblem returns what is wrong with where fd is reported, or "".
// reportedAt holds "RULE@line" for every finding of the file: an explicit
// off value that the same rule reports where it is needs no second place.
func locationProblem(tpl *template.Template, fd finding.Finding, reportedAt map[string]bool) string {
	root, fallback := tpl.Root, 1
	if fd.Resource != "" {
		e := tpl.Section("Resources").Entry(fd.Resource)
		if e == nil {
			return "" // a resource the engine derived; nothing to walk
		}
		root, fallback = e.Value, int(e.KeyRange.Line)
		if typ := e.Value.Entry("Type"); typ != nil {
			fallback = int(typ.KeyRange.Line) // locate's place for a resource without Properties
		}
	}
	if len(fd.Path) == 0 {
		// A finding about the resource as a whole is at its logical id.
		if e := tpl.Section("Resources").Entry(fd.Resource); e != nil && fd.Range.Line == e.KeyRange.Line {
			return ""
		}
		return "a finding without a path must be at the resource's logical id"
	}
	w := walkPath(root, fd.Path, fallback)
	if w.lines[int(fd.Range.Line)] {
		if w.exact && w.block != nil && blockFindings[fd.Rule.ID] == "" {
			if off := explicitOff(w.block, nil, 0); off != nil && !reportedAt[fd.Rule.ID+"@"+fmt.Sprint(off.line)] {
				return fmt.Sprintf("reported at a block that sets %s explicitly (line %d): report that value's path",
					off.describe(), off.line)
			}
		}
		return ""
	}
	want := make([]string, 0, len(w.lines))
	for l := range w.lines {
		want = append(want, fmt.Sprint(l))
	}
	what := "the value at the path"
	if !w.exact {
		what = "the deepest existing ancestor " + w.at.String()
	}
	return fmt.Sprintf("reported at line %d, but %s is at line %s", fd.Range.Line, what, strings.Join(want, " or "))
}

// blockFindings are the rules whose block-level finding is about an entry
// missing from a list, where the other entries' false values are unrelated
// settings, with the reason.
var blockFindings = map[string]string{
	"LOG005": "access_logs.s3.enabled is missing from LoadBalancerAttributes; other attributes " +
		"(deletion_protection.enabled: false) say nothing about access logs",
}

// walked is where a path leads in the node tree.
type walked struct {
	lines map[int]bool   // acceptable finding lines
	exact bool           // the whole path exists
	at    model.Path     // the part of the path that exists
	block *template.Node // the mapping or list at the full path, if any
}

// walkPath follows path from n. A Fn::If is entered through the branch
// holding the next key (either, when both do); a path that continues into a
// string (a JSON policy document) may be reported anywhere in that string.
func walkPath(n *template.Node, path model.Path, keyLine int) walked {
	lines := map[int]bool{keyLine: true}
	// A value chosen by a Fn::If is reported in the Fn::If's text (at the
	// branch, or at the Fn::If when it chose AWS::NoValue).
	var ifLines map[int]bool
	for i, el := range path {
		if isFn(n, "Fn::If") {
			ifLines = spanLines(n, ifLines)
		}
		next, nextKey := step(n, el)
		if next != nil && isNoValue(next) {
			next = nil // AWS::NoValue: the property is absent
		}
		if next == nil {
			for l := range ifLines {
				lines[l] = true
			}
			if n.Kind == template.String || isIntrinsic(n) {
				// Inside a JSON string or a value an intrinsic builds:
				// locate points into the text or at the value.
				last := max(int(n.Range.EndLine), int(n.Range.Line)+strings.Count(n.Value(), "\n")+1)
				for l := int(n.Range.Line); l <= last; l++ {
					lines[l] = true
				}
			}
			return walked{lines: lines, at: path[:i]}
		}
		n, keyLine = next, nextKey
		lines = map[int]bool{keyLine: true}
	}
	if isFn(n, "Fn::If") {
		ifLines = spanLines(n, ifLines)
	}
	for l := range ifLines {
		lines[l] = true
	}
	w := walked{lines: lines, exact: true, at: path}
	switch {
	case isIntrinsic(n):
		w.lines[int(n.Range.Line)] = true // a value built by an intrinsic, written on the next line
	case n.Kind == template.Map || n.Kind == template.List:
		w.block = n // a whole block is reported at its key
	default:
		w.lines = map[int]bool{int(n.Range.Line): true}
	}
	return w
}

// step goes one path element down from n: the value and the line of its
// key (a list item's own line).
func step(n *template.Node, el any) (*template.Node, int) {
	if fn, arg, ok := n.Intrinsic(); ok && fn == "Fn::If" && arg.Kind == template.List && len(arg.Items()) == 3 {
		for _, branch := range arg.Items()[1:] {
			if next, line := step(branch, el); next != nil {
				return next, line
			}
		}
		return nil, 0
	}
	switch x := el.(type) {
	case string:
		if e := n.Entry(x); e != nil {
			return e.Value, int(e.KeyRange.Line)
		}
	case int:
		if n.Kind == template.List && x >= 0 && x < len(n.Items()) {
			return n.Items()[x], int(n.Items()[x].Range.Line)
		}
	}
	return nil, 0
}

func isFn(n *template.Node, name string) bool {
	fn, _, ok := n.Intrinsic()
	return ok && fn == name
}

func isNoValue(n *template.Node) bool {
	fn, arg, ok := n.Intrinsic()
	return ok && fn == "Ref" && arg.Text() == "AWS::NoValue"
}

// spanLines adds the lines of every node under n to lines.
func spanLines(n *template.Node, lines map[int]bool) map[int]bool {
	if lines == nil {
		lines = map[int]bool{}
	}
	if n == nil {
		return lines
	}
	lines[int(n.Range.Line)] = true
	for _, e := range n.Entries() {
		lines[int(e.KeyRange.Line)] = true
		spanLines(e.Value, lines)
	}
	for _, it := range n.Items() {
		spanLines(it, lines)
	}
	return lines
}

func isIntrinsic(n *template.Node) bool {
	_, _, ok := n.Intrinsic()
	return ok
}

// offValue is an explicit false/OFF/disabled scalar inside a block.
type offValue struct {
	path  model.Path
	value string
	line  int
}

func (o *offValue) describe() string { return fmt.Sprintf("%s: %s", o.path, o.value) }

// explicitOff finds, at most three levels down, a scalar that switches
// something off: false (boolean or string), OFF or disabled. Intrinsic
// arguments are not entered.
func explicitOff(n *template.Node, at model.Path, depth int) *offValue {
	if depth > 3 || isIntrinsic(n) {
		return nil
	}
	switch n.Kind {
	case template.Map:
		for _, e := range n.Entries() {
			if o := explicitOff(e.Value, at.Append(e.Key), depth+1); o != nil {
				return o
			}
		}
	case template.List:
		for i, it := range n.Items() {
			if o := explicitOff(it, at.Append(i), depth+1); o != nil {
				return o
			}
		}
	case template.Bool, template.String:
		switch strings.ToLower(strings.TrimSpace(n.Value())) {
		case "false", "off", "disabled":
			return &offValue{path: at, value: n.Value(), line: int(n.Range.Line)}
		}
	}
	return nil
}

// TestCorpusFindingLocations applies the same check to every finding on
// the shared corpus, which has shapes the fixtures do not (a decided
// Fn::If choosing AWS::NoValue, attribute lists with unrelated false
// values). Skipped without ../shared/corpus.
func TestCorpusFindingLocations(t *testing.T) {
	corpusDir := testenv.SharedDir(t, "corpus")
	cache := &engines{m: map[string]*scan.Engine{}}
	eng := cache.get(t, ruletest.Settings{Parameters: map[string]string{}, Conditions: map[string]bool{}, AssumeAWSDefaults: true})
	checked := 0
	err := filepath.WalkDir(corpusDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(p) {
		case ".yaml", ".yml", ".json", ".template":
		default:
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
		res := eng.ScanBytes(context.Background(), p, data)
		if res.Err != nil || res.Skipped {
			return nil
		}
		tpl, err := template.ParseWith(p, data, template.Options{})
		if err != nil {
			return nil
		}
		tpl = sam.Transform(tpl)
		reportedAt := map[string]bool{}
		for _, fd := range res.Findings {
			reportedAt[fmt.Sprintf("%s@%d", fd.Rule.ID, fd.Range.Line)] = true
		}
		for _, fd := range res.Findings {
			checked++
			if problem := locationProblem(tpl, fd, reportedAt); problem != "" {
				t.Errorf("%s:%d: %s %s: %s", p, fd.Range.Line, fd.Rule.ID, fd.Path, problem)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatalf("no findings checked under %s", corpusDir)
	}
}
