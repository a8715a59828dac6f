package scan

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/cfnvet/cfnvet/engine/discover"
	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/suppress"
)

// covers reports whether config entry s applies to a finding in file (its absolute,
// slash-separated path; "" for standard input).
func covers(s *suppress.External, f *finding.Finding, absFile string) bool {
	if !s.Rules[f.Rule.ID] {
		return false
	}
	if len(s.Files) > 0 && !anyGlob(s.Files, func(g string) bool {
		return absFile != "" && discover.MatchPath(g, absFile)
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
// over a config entry; the entry still counts as used. Engines built with
// Config.Suppressions apply theirs in every scan already; this is for
// suppressions decided after the scan.
func (e *Engine) ApplyExternal(res *finding.Result, sups []suppress.External) []string {
	for i := range res.Files {
		markExternal(&res.Files[i], sups)
	}
	return e.unusedExternal(*res, sups)
}

// markExternal suppresses the still active findings of one file that a
// config entry covers.
func markExternal(fr *finding.FileResult, sups []suppress.External) {
	if len(sups) == 0 {
		return
	}
	absFile := absSlash(fr.File)
	for j := range fr.Findings {
		f := &fr.Findings[j]
		if f.Suppressed {
			continue
		}
		for k := range sups {
			s := &sups[k]
			if covers(s, f, absFile) {
				f.Suppressed = true
				f.Suppression = &finding.Suppression{Source: finding.SourceConfig, Reason: s.Reason, Expires: s.Expires,
					Line: s.Line, File: s.File}
				break
			}
		}
	}
}

// unusedExternal warns about each config entry of a rule that ran that
// covers no finding of the scan, suppressed by it or by anything else.
func (e *Engine) unusedExternal(res finding.Result, sups []suppress.External) []string {
	var warnings []string
	for k := range sups {
		s := &sups[k]
		if !e.anyEnabled(s.Rules) || coversAny(s, res) {
			continue
		}
		warnings = append(warnings, fmt.Sprintf("%s: suppress entry for %s matched no finding in this scan; remove it or fix its rule, files, resources or path",
			s.Where(), s.Key))
	}
	return warnings
}

func coversAny(s *suppress.External, res finding.Result) bool {
	for _, fr := range res.Files {
		absFile := absSlash(fr.File)
		for j := range fr.Findings {
			if covers(s, &fr.Findings[j], absFile) {
				return true
			}
		}
	}
	return false
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
