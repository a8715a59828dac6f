package finding

import "github.com/cfnvet/cfnvet/engine/rule"

// Summary counts a scan's outcome.
type Summary struct {
	Files, Errors, Findings, Suppressed int
	BySeverity                          map[rule.Severity]int
}

// Summarize counts unsuppressed findings by severity, suppressed findings,
// and files with errors. Skipped non-template files are not counted.
func (r Result) Summarize() Summary {
	s := Summary{BySeverity: map[rule.Severity]int{}}
	for _, f := range r.Files {
		if f.Skipped {
			continue
		}
		s.Files++
		if f.Err != nil {
			s.Errors++
		}
		for _, fd := range f.Findings {
			if fd.Suppressed {
				s.Suppressed++
				continue
			}
			s.Findings++
			s.BySeverity[fd.Severity]++
		}
	}
	return s
}

// Exit codes (contract.md).
const (
	ExitClean    = 0
	ExitFindings = 1
	ExitError    = 2
)

// ExitCode is the one place the process exit status is decided: 2 when any
// input could not be read or parsed, else 1 when an unsuppressed finding is
// at or above failOn (0 = never fail on findings), else 0.
func (r Result) ExitCode(failOn rule.Severity) int {
	s := r.Summarize()
	if s.Errors > 0 {
		return ExitError
	}
	if failOn == 0 {
		return ExitClean
	}
	for sev, n := range s.BySeverity {
		if n > 0 && sev >= failOn {
			return ExitFindings
		}
	}
	return ExitClean
}
