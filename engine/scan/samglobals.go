package scan

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/template"
)

// onceForGlobals reports each finding on a SAM Globals value once. The SAM
// stage merges Globals into every function (API, table, …) it applies to,
// and inherited values keep the Globals text's position, so one secret in
// Globals.Function.Environment would otherwise be reported once per function
// at the same line. The findings of one rule at one range inside the
// Globals section are merged into the one on the first resource in template
// order (its logical id names it and makes its fingerprint; its
// suppressions apply), and the message lists every resource that inherits
// the value. findings are sorted by position.
func onceForGlobals(t *template.Template, findings []finding.Finding) []finding.Finding {
	start, end, ok := globalsSpan(t)
	if !ok {
		return findings
	}
	order := map[string]int{}
	for i, e := range t.Section("Resources").Fields() {
		order[e.Key] = i + 1
	}
	rank := func(f *finding.Finding) int {
		if f.Resource == "" {
			return len(order) + 1 // a template-level finding yields to one on a resource
		}
		return order[f.Resource]
	}
	type key struct {
		rule string
		rg   template.Range
	}
	groups := map[key][]int{}
	for i := range findings {
		f := &findings[i]
		if inSpan(f.Range, start, end) {
			k := key{f.Rule.ID, f.Range}
			groups[k] = append(groups[k], i)
		}
	}
	drop := map[int]bool{}
	for _, idx := range groups {
		if len(idx) < 2 {
			continue
		}
		keep := idx[0]
		var names []string
		for _, i := range idx {
			if rank(&findings[i]) < rank(&findings[keep]) {
				keep = i
			}
		}
		for _, i := range idx {
			if findings[i].Resource != "" && !slices.Contains(names, findings[i].Resource) {
				names = append(names, findings[i].Resource)
			}
			if i != keep {
				drop[i] = true
			}
		}
		if len(names) > 1 {
			findings[keep].Message += fmt.Sprintf(" (set in Globals, inherited by %s)", strings.Join(names, ", "))
		}
	}
	if len(drop) == 0 {
		return findings
	}
	out := findings[:0]
	for i, f := range findings {
		if !drop[i] {
			out = append(out, f)
		}
	}
	return out
}

// globalsSpan is the text of the Globals section: from its key to the next
// top-level key after it.
func globalsSpan(t *template.Template) (start, end template.Range, ok bool) {
	g := t.Root.Entry("Globals")
	if g == nil || t.Kind != "sam" {
		return start, end, false
	}
	start = g.KeyRange
	end = template.Range{Line: math.MaxInt32}
	for _, e := range t.Root.Entries() {
		if before(start, e.KeyRange) && before(e.KeyRange, end) {
			end = e.KeyRange
		}
	}
	return start, end, true
}

func before(a, b template.Range) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
}

func inSpan(r, start, end template.Range) bool {
	return !before(r, start) && before(r, end)
}
