package scan

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/cfnvet/cfnvet/engine/suppress"
)

// covers reports whether config entry s applies to a finding in file (its absolute,
// slash-separated path; "" for standard input).
func covers(s *ExternalSuppression, f *Finding, absFile string) bool {
	if !s.Rules[f.Rule.ID] {
		return false
	}
	if len(s.Files) > 0 && !anyGlob(s.Files, func(g string) bool {
		return absFile != "" && matchSegments(splitSegments(g), splitSegments(absFile))
	}) {
		return false
	}
	if len(s.Resources) > 0 && !anyGlob(s.Resources, func(g string) bool {
		ok, _ := path.Match(g, f.Resource)
		return f.Resource != "" && ok
	}) {
		return false
	}
	if s.Path == "" {
		return true
	}
	rel := f.Path.String()
	full := rel
	if f.Resource != "" {
		full = strings.TrimSuffix("Resources."+f.Resource+"."+rel, ".")
	}
	return suppress.UnderPath(rel, s.Path) || suppress.UnderPath(full, s.Path)
}

func anyGlob(globs []string, match func(string) bool) bool {
	for _, g := range globs {
		if match(g) {
			return true
		}
	}
	return false
}

// ApplyExternal marks the findings that config-file suppressions silence
// and returns a warning for each suppression that matched no finding of a
// rule that ran, anywhere in the scan (a typo, or a fixed finding whose
// suppression can go). A suppression in the template's own Metadata wins
// over a config entry; the entry still counts as used.
func (e *Engine) ApplyExternal(res *Result, sups []ExternalSuppression) []string {
	used := make([]bool, len(sups))
	for i := range res.Files {
		fr := &res.Files[i]
		absFile := absSlash(fr.File)
		for j := range fr.Findings {
			f := &fr.Findings[j]
			for k := range sups {
				s := &sups[k]
				if !covers(s, f, absFile) {
					continue
				}
				used[k] = true
				if !f.Suppressed {
					f.Suppressed = true
					f.Suppression = &Suppression{Source: SourceConfig, Reason: s.Reason, Expires: s.Expires,
						Line: s.Line, File: s.File}
				}
			}
		}
	}
	var warnings []string
	for k, s := range sups {
		if used[k] || !e.anyEnabled(s.Rules) {
			continue
		}
		warnings = append(warnings, fmt.Sprintf("%s: suppress entry for %s matched no finding in this scan; remove it or fix its rule, files, resources or path",
			s.Where(), s.Key))
	}
	return warnings
}

func (e *Engine) anyEnabled(ids map[string]bool) bool {
	for id := range ids {
		if e.enabled[id] {
			return true
		}
	}
	return false
}

// absSlash is a scanned file's absolute path with forward slashes, the form
// config globs are matched against; "" for standard input.
func absSlash(file string) string {
	if file == "<stdin>" || file == "-" {
		return ""
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return ""
	}
	return filepath.ToSlash(abs)
}
