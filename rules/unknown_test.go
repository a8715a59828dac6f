package rules_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/ruletest"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/engine/template"
)

// opaque is a value no rule may judge: valid in YAML block and flow
// context and in JSON.
const opaque = `{"Fn::ImportValue": "cfnvet-opaque"}`

// TestUnknownNeverAddsFindings checks the resolver's central promise
// (rules.md §0.2) for every rule at once: replacing any single property
// value of a fixture by an opaque intrinsic may remove findings but must
// never create one. A rule that treats "cannot know" as "absent" or "not
// restricted" fails here.
func TestUnknownNeverAddsFindings(t *testing.T) {
	files, err := ruletest.Fixtures(fixtureRoot)
	if err != nil {
		t.Fatal(err)
	}
	cache := &engines{m: map[string]*scan.Engine{}}
	for _, path := range files {
		if strings.HasSuffix(path, ".txtar") {
			continue
		}
		rel, _ := filepath.Rel(fixtureRoot, path)
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			f, err := ruletest.LoadFixture(path)
			if err != nil {
				t.Fatal(err)
			}
			eng := cache.get(t, f.Settings)
			ctx := context.Background()
			// A todo-want marks a finding the rule should already make; one
			// appearing there once a value is opaque closes a known gap.
			gaps := map[string]bool{}
			for _, e := range f.Expect {
				if e.Kind == ruletest.TodoWant {
					gaps[fmt.Sprintf("%s@%d", e.Rule, e.Line)] = true
				}
			}
			findingKeys := func(res scan.FileResult) map[string]int {
				out := map[string]int{}
				for _, fd := range res.Findings {
					if !gaps[fmt.Sprintf("%s@%d", fd.Rule.ID, fd.Range.Line)] {
						out[fmt.Sprintf("%s on %s", fd.Rule.ID, fd.Resource)]++
					}
				}
				return out
			}
			before := findingKeys(eng.ScanBytes(ctx, path, f.Source))
			for _, site := range scalarSites(t, path, f.Source) {
				mutated := replaceRange(f.Source, site)
				res := eng.ScanBytes(ctx, path, mutated)
				if res.Err != nil {
					continue // the replacement broke the document (rare); nothing to judge
				}
				after := findingKeys(res)
				for k, n := range after {
					if n > before[k] && !allowedToAppear(k, before, after, eng.Registry.ImpliedBy) {
						t.Errorf("%s:%d:%d: making %q opaque created %s", path, site.Line, site.Col, site.text, k)
					}
				}
			}
		})
	}
}

type site struct {
	template.Range
	text string
}

// scalarSites lists single-line scalar values under Resources.*.Properties.
func scalarSites(t *testing.T, name string, src []byte) []site {
	tpl, err := template.Parse(name, src)
	if err != nil {
		return nil
	}
	lines := strings.Split(string(src), "\n")
	var out []site
	var walk func(n *template.Node)
	walk = func(n *template.Node) {
		switch {
		case n == nil:
		case n.Kind == template.Map:
			if fn, _, ok := n.Intrinsic(); ok && fn != "Fn::If" && fn != "Fn::Sub" && fn != "Fn::Join" {
				return // already opaque or resolved from elsewhere
			}
			for _, e := range n.Entries {
				walk(e.Value)
			}
		case n.Kind == template.List:
			for _, it := range n.Items {
				walk(it)
			}
		default:
			r := n.Range
			if r.Line < 1 || r.Line > len(lines) || r.EndLine != r.Line || r.EndCol <= r.Col {
				return
			}
			line := []rune(lines[r.Line-1])
			if r.EndCol-1 > len(line) {
				return
			}
			text := string(line[r.Col-1 : r.EndCol-1])
			if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "|") || strings.HasPrefix(text, ">") {
				return
			}
			out = append(out, site{Range: r, text: text})
		}
	}
	for _, e := range tpl.Section("Resources").Entries {
		walk(e.Value.Get("Properties"))
	}
	return out
}

func replaceRange(src []byte, s site) []byte {
	lines := strings.Split(string(src), "\n")
	line := []rune(lines[s.Line-1])
	lines[s.Line-1] = string(line[:s.Col-1]) + opaque + string(line[s.EndCol-1:])
	return []byte(strings.Join(lines, "\n"))
}

// moreSpecific lists, for a rule that yields to more specific ones on the
// same resource (the catalogue's dedupe orders), the rules it yields to.
// When the specific finding becomes Unknown the general one, which does not
// depend on the value made opaque, is reported instead: not a new finding.
// Rules related by Meta.Implies (NET002-4 imply NET001) are added from the
// registry.
var moreSpecific = map[string][]string{
	"IAM002": {"IAM001"},
	"IAM003": {"IAM001"},
	"IAM010": {"IAM001"},
	"IAM011": {"IAM001", "IAM010"},
	"LOG001": {"LOG002"},
}

// allowedToAppear lists the documented exceptions: a general rule taking
// over from a more specific one that became Unknown, and SEC rules, which
// judge the text written in the template rather than resolved values
// (rules.md §4.11).
func allowedToAppear(key string, before, after map[string]int, impliedBy func(string) []string) bool {
	if strings.HasPrefix(key, "SEC") {
		return true
	}
	id, resource, _ := strings.Cut(key, " on ")
	for _, specific := range append(moreSpecific[id], impliedBy(id)...) {
		k := specific + " on " + resource
		if after[k] < before[k] {
			return true
		}
	}
	return false
}
