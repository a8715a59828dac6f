package sec

import (
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/template"
)

// scalarsOf are the scalar values under n.
func scalarsOf(n *template.Node) []string {
	if n == nil {
		return nil
	}
	if n.IsScalar() {
		return []string{n.Value()}
	}
	var out []string
	for _, e := range n.Fields() {
		out = append(out, scalarsOf(e.Value)...)
	}
	for _, it := range n.Items() {
		out = append(out, scalarsOf(it)...)
	}
	return out
}

// TestDetectorHintsHold checks that each detector's hint holds wherever its
// expression matches, on a sample of each secret shape in several settings
// and on every scalar of the testdata templates.
func TestDetectorHintsHold(t *testing.T) {
	samples := []string{
		"AKIA" + strings.Repeat("Q", 16), "ASIA" + strings.Repeat("7", 16),
		"-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----",
		"aws_secret_access_key = " + strings.Repeat("a", 40), "AWS Secret: '" + strings.Repeat("B/", 20) + "'",
		"awſ secret=" + strings.Repeat("c", 40),
		"ghp_" + strings.Repeat("d", 36), "github_pat_" + strings.Repeat("e", 60),
		"xoxb-" + strings.Repeat("f", 10), "sk_live_" + strings.Repeat("g", 20), "rk_live_" + strings.Repeat("h", 24),
		"AIza" + strings.Repeat("i", 35),
	}
	var texts []string
	for _, s := range samples {
		texts = append(texts, s, "export KEY="+s+"\n", "prefix "+s+" suffix", "é "+s)
	}
	eachTestdataTemplate(t, func(tpl *template.Template) { texts = append(texts, scalarsOf(tpl.Root)...) })
	matched := map[string]int{}
	for _, s := range texts {
		for _, d := range detectors {
			if d.rx.MatchString(s) {
				matched[d.kind]++
				if !d.hint(s) {
					t.Errorf("%s: the expression matches %q but the hint does not hold", d.kind, s)
				}
			}
		}
	}
	for _, d := range detectors {
		if matched[d.kind] < 4 {
			t.Errorf("%s: matched only %d of %d texts: the samples do not exercise it", d.kind, matched[d.kind], len(texts))
		}
	}
}
