package scan_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/internal/testengine"
)

const samPairs = "../../testdata/sam"

// minSAMRecall is the share of (rule, SAM resource) pairs reported on the
// translator's output that scanning the SAM input also reports. Raise it
// when the transform learns more; docs/sam.md explains every remaining miss.
const minSAMRecall = 1.0

// TestSAMRecall scans each SAM translator input of testdata/sam and the
// translator's output for it, and checks that every finding on the output
// is also reported on the input, for the same rule and the same SAM
// resource. Findings on the output are attributed to a SAM resource by the
// translator's naming: a logical id the input also has is that resource, a
// generated id belongs to the SAM resource whose logical id is its longest
// prefix (MyFunctionRole → MyFunction), and the implicit APIs
// (ServerlessRestApi…, ServerlessHttpApi…) to the first function or state
// machine with an event that uses them.
func TestSAMRecall(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join(samPairs, "*.yaml"))
	if err != nil || len(inputs) < 42 {
		t.Fatalf("want the 42 SAM pairs in %s, found %d (%v)", samPairs, len(inputs), err)
	}
	// Every rule, not only the default set: the test measures the
	// transform, whichever rules a profile turns on.
	eng := testengine.Builtin(t, scan.Config{Include: []string{"IAM", "NET", "LOG", "ENC", "SEC"}, Options: rule.Options{AssumeAWSDefaults: true}})
	ctx := context.Background()
	var total, found int
	var misses, extras []string
	// Finding-level: per (rule, SAM resource), how many of the output's
	// findings the input matches (min of the two counts).
	var outFindings, matchedFindings int
	for _, in := range inputs {
		base := strings.TrimSuffix(filepath.Base(in), ".yaml")
		out := filepath.Join(samPairs, "transformed", base+".json")
		src, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		outSrc, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		samIDs, implicit := samResources(t, in, src)
		got := map[string]bool{}
		gotN, wantN := map[string]int{}, map[string]int{}
		res := eng.ScanBytes(ctx, in, src)
		if res.Err != nil {
			t.Fatalf("%s: %v", in, res.Err)
		}
		for _, f := range res.Findings {
			owner := f.SAMResource
			if owner == "" {
				owner = f.Resource
			}
			got[f.Rule.ID+" "+owner] = true
			gotN[f.Rule.ID+" "+owner]++
		}
		want := map[string]bool{}
		res = eng.ScanBytes(ctx, out, outSrc)
		if res.Err != nil {
			t.Fatalf("%s: %v", out, res.Err)
		}
		for _, f := range res.Findings {
			k := f.Rule.ID + " " + attribute(f.Resource, samIDs, implicit)
			want[k] = true
			wantN[k]++
		}
		for k, n := range wantN {
			outFindings += n
			matchedFindings += min(n, gotN[k])
		}
		for k := range want {
			total++
			if got[k] {
				found++
			} else {
				misses = append(misses, base+": "+k)
			}
		}
		for k := range got {
			if !want[k] {
				extras = append(extras, base+": "+k)
			}
		}
	}
	sort.Strings(misses)
	sort.Strings(extras)
	recall := float64(found) / float64(total)
	t.Logf("SAM recall: %d of %d (rule, SAM resource) pairs of the translated output reported on the SAM input (%.3f)",
		found, total, recall)
	t.Logf("finding level: %d of the output's %d findings matched by a finding of the same rule on the same SAM resource",
		matchedFindings, outFindings)
	for _, m := range misses {
		t.Logf("miss: %s", m)
	}
	for _, m := range extras {
		t.Logf("only on the SAM input: %s", m)
	}
	if recall < minSAMRecall {
		t.Errorf("SAM recall %.3f fell below %.3f; misses:\n%s", recall, minSAMRecall, strings.Join(misses, "\n"))
	}
}

// samResources reads the input's logical ids (SAM and plain) and which
// resource the implicit APIs are attributed to.
func samResources(t *testing.T, name string, src []byte) (ids []string, implicit map[string]string) {
	t.Helper()
	tpl, err := template.Parse(name, src)
	if err != nil {
		t.Fatal(err)
	}
	implicit = map[string]string{}
	for _, e := range tpl.Section("Resources").Fields() {
		ids = append(ids, e.Key)
		for _, ev := range e.Value.Get("Properties").Get("Events").Fields() {
			props := ev.Value.Get("Properties")
			switch ev.Value.Get("Type").Value() {
			case "Api":
				if props.Get("RestApiId") == nil && implicit["ServerlessRestApi"] == "" {
					implicit["ServerlessRestApi"] = e.Key
				}
			case "HttpApi":
				if props.Get("ApiId") == nil && implicit["ServerlessHttpApi"] == "" {
					implicit["ServerlessHttpApi"] = e.Key
				}
			}
		}
	}
	return ids, implicit
}

// attribute maps a logical id of the translator's output to the input
// resource it came from.
func attribute(id string, ids []string, implicit map[string]string) string {
	for api, owner := range implicit {
		if strings.HasPrefix(id, api) {
			return owner
		}
	}
	best := ""
	for _, s := range ids {
		if s == id {
			return id
		}
		if strings.HasPrefix(id, s) && len(s) > len(best) {
			best = s
		}
	}
	if best == "" {
		return id
	}
	return best
}
