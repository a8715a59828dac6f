package scan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/template"
)

// Place is where a scan input was written: a file and, when known, a line.
type Place struct {
	File string
	Line int
}

// unknownConditions returns one error per forced condition (--conditions,
// a config file's conditions) that no scanned template declares: a typo
// there would otherwise force nothing, silently. It says nothing when a
// template failed to load, since that template may declare the name.
func (e *Engine) unknownConditions(files []finding.FileResult) []finding.FileResult {
	if len(e.cfg.Inputs.Conditions) == 0 {
		return nil
	}
	declared := map[string]bool{}
	scanned := 0
	for _, f := range files {
		if f.Err != nil {
			return nil
		}
		if f.Skipped {
			continue
		}
		scanned++
		for _, name := range f.Conditions {
			declared[name] = true
		}
	}
	if scanned == 0 {
		return nil
	}
	names := make([]string, 0, len(declared))
	for name := range declared {
		names = append(names, name)
	}
	sort.Strings(names)
	forced := make([]string, 0, len(e.cfg.Inputs.Conditions))
	for name := range e.cfg.Inputs.Conditions {
		forced = append(forced, name)
	}
	sort.Strings(forced)
	var out []finding.FileResult
	for _, name := range forced {
		if declared[name] {
			continue
		}
		at := e.cfg.ConditionPlaces[name]
		if at.File == "" {
			at.File = "conditions"
		}
		msg := fmt.Sprintf("condition %q is declared in no scanned template", name)
		if near := nearestName(name, names); near != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", near)
		}
		out = append(out, finding.FileResult{File: at.File, Err: &template.Error{File: at.File, Line: at.Line, Col: 1, Msg: msg}})
	}
	return out
}

// nearestName is the name closest to a misspelled one, compared without
// case, or "" when none is within a few edits.
func nearestName(name string, names []string) string {
	best, bestDist := "", max(3, len(name)/4+1)
	for _, n := range names {
		if d := levenshtein.ComputeDistance(strings.ToLower(name), strings.ToLower(n)); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}
