package sec

import (
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/internal/testenv"
)

// namesToCompare are built from the words and endings themselves, in
// several cases and spellings, plus every mapping key of the repository's
// fixture templates.
func namesToCompare(t *testing.T) []string {
	t.Helper()
	var names []string
	title := func(s string) string {
		if s == "" {
			return s
		}
		return strings.ToUpper(s[:1]) + s[1:]
	}
	for _, w := range secretWords {
		for _, e := range append([]string{""}, describingEndings...) {
			for _, n := range []string{w + e, title(w) + title(e), strings.ToUpper(w + e), "Db" + title(w) + "_" + e,
				"my-" + w + "-" + e + "x", e + w, "ſ" + w, strings.ReplaceAll(w, "k", "\u212a") + e} {
				names = append(names, n, separators.Replace(n))
			}
		}
	}
	eachTestdataTemplate(t, func(tpl *template.Template) { names = append(names, keysOf(tpl.Root)...) })
	return names
}

func keysOf(n *template.Node) []string {
	var out []string
	for _, e := range n.Fields() {
		out = append(out, e.Key, separators.Replace(e.Key))
		out = append(out, keysOf(e.Value)...)
	}
	for _, it := range n.Items() {
		out = append(out, keysOf(it)...)
	}
	return out
}

// TestNamePatternsAgree holds the hand-written matching of secret words
// and describing endings to the case-insensitive expressions they stand
// for, on names where both answers occur.
func TestNamePatternsAgree(t *testing.T) {
	names := namesToCompare(t)
	var secret, notSecret, describing, other int
	for _, n := range names {
		want := secretName.MatchString(n)
		if got := looksSecret(n); got != want {
			t.Errorf("looksSecret(%q) = %v, the expression says %v", n, got, want)
		}
		wantEnd := notASecret.MatchString(n)
		if got := describesSecret(n); got != wantEnd {
			t.Errorf("describesSecret(%q) = %v, the expression says %v", n, got, wantEnd)
		}
		secret, notSecret = secret+b2i(want), notSecret+b2i(!want)
		describing, other = describing+b2i(wantEnd), other+b2i(!wantEnd)
	}
	t.Logf("%d names: %d secret-looking, %d not; %d describing, %d not", len(names), secret, notSecret, describing, other)
	if secret < 100 || notSecret < 100 || describing < 100 || other < 100 {
		t.Errorf("the names do not exercise both answers of each pattern: %d/%d, %d/%d", secret, notSecret, describing, other)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// eachTestdataTemplate calls f with every template of the repository's
// testdata that parses.
func eachTestdataTemplate(t *testing.T, f func(*template.Template)) {
	t.Helper()
	testenv.EachFile(t, testenv.TestdataDir(), func(path string, data []byte) {
		if tpl, err := template.Parse(path, data); err == nil {
			f(tpl)
		}
	}, ".yaml", ".yml", ".json")
}
