package resolve

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/internal/testenv"
)

// refChain is a template of n topics, each with refsPerResource Refs to
// other resources: almost all of its resolution is Ref lookups.
func refChain(n int) []byte {
	const refsPerResource = 6
	var b strings.Builder
	b.WriteString("Resources:\n")
	for i := range n {
		fmt.Fprintf(&b, "  T%d:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags:\n", i)
		for j := 1; j <= refsPerResource; j++ {
			fmt.Fprintf(&b, "        - {Key: k%d, Value: !Ref T%d}\n", j, (i+j*n/refsPerResource)%n)
		}
	}
	return []byte(b.String())
}

// TestRefResolutionIsLinear resolves a template whose resources Ref each
// other at two sizes ten times apart: the CPU time may grow by a small
// multiple of ten, not by the hundred that looking each Ref up by
// searching the Resources section (as resolution did) costs.
func TestRefResolutionIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("resolves a 4,000-resource template")
	}
	const small, large, bound = 400, 4000, 30.0
	parse := func(n int) *template.Template {
		tpl, err := template.Parse("refs.yaml", refChain(n))
		if err != nil {
			t.Fatal(err)
		}
		return tpl
	}
	smallT, largeT := parse(small), parse(large)
	cheapest := func(tpl *template.Template, runs int) time.Duration {
		least := time.Duration(1<<63 - 1)
		for range runs {
			least = min(least, testenv.CPUTime(func() {
				if views, _ := Resolve(tpl, Inputs{}); len(views) != 1 || len(views[0].Resources) != len(tpl.Section("Resources").Entries()) {
					t.Fatalf("resolved %d views", len(views))
				}
			}))
		}
		return least
	}
	// Noise only adds time: the cheapest of several runs, measured again
	// when over the bound.
	ratio := 0.0
	for attempt := 0; attempt == 0 || (attempt < 3 && ratio > bound); attempt++ {
		s, l := cheapest(smallT, 9), cheapest(largeT, 3)
		ratio = float64(l) / float64(max(s, 1))
		t.Logf("%d resources %v, %d resources %v: %.1f×", small, s, large, l, ratio)
	}
	if ratio > bound {
		t.Errorf("ten times the resources took %.1f× the time to resolve (bound %.0f×): a lookup that scans every resource?", ratio, bound)
	}
}
