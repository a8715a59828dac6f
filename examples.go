// Package cfnvet is the root of the cfnvet module. It embeds the rule
// fixtures so that `cfnvet explain` shows the same bad and good examples
// the tests run.
package cfnvet

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed testdata/rules
var ruleFixtures embed.FS

// Example returns the first bad and good fixture of a rule
// (testdata/rules/<ID>/bad_*.yaml and good_*.yaml), empty when missing.
func Example(id string) (bad, good string) {
	dir := path.Join("testdata/rules", id)
	entries, err := fs.ReadDir(ruleFixtures, dir)
	if err != nil {
		return "", ""
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, n := range names {
		data, err := fs.ReadFile(ruleFixtures, path.Join(dir, n))
		if err != nil {
			continue
		}
		switch {
		case bad == "" && strings.HasPrefix(n, "bad") && strings.HasSuffix(n, ".yaml"):
			bad = string(data)
		case good == "" && strings.HasPrefix(n, "good") && strings.HasSuffix(n, ".yaml"):
			good = string(data)
		}
	}
	return bad, good
}
