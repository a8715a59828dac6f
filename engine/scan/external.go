package scan

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/cfnvet/cfnvet/engine/discover"
	"github.com/cfnvet/cfnvet/engine/suppress"
)

// Sources of suppressions written outside the template. They are external
// in SARIF terms: the template itself does not say the finding is accepted.
const (
	SourceConfig   = "config"
	SourceBaseline = "baseline"
)

// External reports whether a suppression lives outside the template (a
// config file or a baseline) rather than in its Metadata.
func (s *Suppression) External() bool {
	return s.Source == SourceConfig || s.Source == SourceBaseline
}

// ExternalSuppression is a suppression from a config file: it silences
// findings of Rules in the files, on the resources and under the path it
// names, for templates that cannot carry Metadata (generated CDK and
// Serverless output).
type ExternalSuppression struct {
	// Key is the rule as written; Rules are the ids it resolves to.
	Key   string
	Rules map[string]bool
	// Files are globs over absolute, slash-separated paths (already joined
	// with the config file's directory); empty means every file.
	Files []string
	// Resources are globs over logical ids; empty means any resource,
	// including template-level findings.
	Resources []string
	// Path limits the suppression to one part of a resource (as written
	// in a template's Metadata.cfnvet) or of the template; empty means all.
	Path    string
	Reason  string
	Expires string
	// File, Line and Col locate the entry in the config file.
	File      string
	Line, Col int
}

func (s *ExternalSuppression) where() string {
	return fmt.Sprintf("%s:%d:%d", s.File, s.Line, s.Col)
}

// covers reports whether s applies to a finding in file (its absolute,
// slash-separated path; "" for standard input).
func (s *ExternalSuppression) covers(f *Finding, absFile string) bool {
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
				if !s.covers(f, absFile) {
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
			s.where(), s.Key))
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
