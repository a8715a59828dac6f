package rules_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/ruletest"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/engine/template"
)

// opaqueParameter is a parameter without value or default: a Ref to it is
// the most general Unknown (it may hold any string, even a name of this
// template's resources, unlike an ImportValue).
const opaqueParameter = "CfnvetOpaque"

func declareOpaqueParameter(tpl *template.Template) {
	decl := template.Entry{Key: opaqueParameter, Value: template.NewMap([]template.Entry{
		{Key: "Type", Value: template.NewScalar(template.String, "String", template.Range{})}}, template.Range{})}
	if ps := tpl.Root.Entry("Parameters"); ps != nil && ps.Value.Kind == template.Map {
		ps.Value.SetEntries(append(ps.Value.Entries(), decl))
		return
	}
	tpl.Root.SetEntries(append(tpl.Root.Entries(), template.Entry{Key: "Parameters",
		Value: template.NewMap([]template.Entry{decl}, template.Range{})}))
}

// TestUnknownNeverAddsFindings checks the resolver's central promise
// (rules.md §0.2) for every rule at once: replacing any single property
// value of a fixture — a scalar, a whole mapping or list, an intrinsic — by
// a Ref to a parameter without value may remove findings but must never
// create one.
// A rule that treats "cannot know" as "absent" or "not restricted" fails
// here.
func TestUnknownNeverAddsFindings(t *testing.T) {
	eachFixture(t, func(t *testing.T, f *ruletest.Fixture, eng *scan.Engine) {
		if f.ExpectError != "" {
			return
		}
		tpl, err := template.Parse(f.Name, f.Source)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		// A todo-want marks a finding the rule should already make; one
		// appearing there once a value is opaque closes a known gap.
		gaps := map[string]bool{}
		for _, e := range f.Expect {
			if e.Kind == ruletest.TodoWant {
				gaps[fmt.Sprintf("%s@%d", e.Rule, e.Line)] = true
			}
		}
		// Findings on what SAM generated are counted per SAM resource:
		// a generated logical id may be derived from a value
		// (MyApi<StageName>Stage), so an opaque value renames it.
		findingKeys := func(res finding.FileResult) map[string]int {
			out := map[string]int{}
			for _, fd := range res.Findings {
				owner := fd.Resource
				if fd.SAMResource != "" {
					owner = fd.SAMResource
				}
				if !gaps[fmt.Sprintf("%s@%d", fd.Rule.ID, fd.Range.Line)] {
					out[fmt.Sprintf("%s on %s", fd.Rule.ID, owner)]++
				}
			}
			return out
		}
		declareOpaqueParameter(tpl)
		before := findingKeys(eng.ScanTemplate(ctx, tpl))
		for _, n := range propertyNodes(tpl) {
			saved := *n
			*n = *template.NewMap([]template.Entry{{
				Key: "Ref", KeyRange: saved.Range,
				Value: template.NewScalar(template.String, opaqueParameter, saved.Range)}}, saved.Range)
			after := findingKeys(eng.ScanTemplate(ctx, tpl))
			*n = saved
			for k, count := range after {
				if count > before[k] && !allowedToAppear(k, before, after, eng.Registry.ImpliedBy) {
					t.Errorf("%s:%d:%d: making this %s opaque created %s", f.Name, saved.Range.Line, saved.Range.Col, saved.Kind, k)
				}
			}
		}
	})
}

// propertyNodes lists every value under Resources.*.Properties, outermost
// first; intrinsic function arguments are left alone (the intrinsic itself
// is replaced as a whole).
func propertyNodes(tpl *template.Template) []*template.Node {
	var out []*template.Node
	var walk func(n *template.Node)
	walk = func(n *template.Node) {
		if n == nil {
			return
		}
		out = append(out, n)
		if _, _, ok := n.Intrinsic(); ok {
			return
		}
		for _, e := range n.Entries() {
			walk(e.Value)
		}
		for _, it := range n.Items() {
			walk(it)
		}
	}
	for _, e := range tpl.Section("Resources").Entries() {
		if props := e.Value.Get("Properties"); props != nil {
			for _, pe := range props.Entries() {
				walk(pe.Value)
			}
		}
	}
	return out
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
