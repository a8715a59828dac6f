package finding

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/cfnvet/cfnvet/engine/discover"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// Summary counts a scan's outcome.
type Summary struct {
	Files, Errors, Findings, Suppressed int
	BySeverity                          map[rule.Severity]int
	// Found counts the framework stacks and nested stacks among Files.
	Found Found
}

// Found counts what discovery found besides plain templates.
type Found struct {
	// CDKStacks are the stacks of CDK cloud assemblies, CDKStages the
	// stages (nested cloud assemblies) they are in, CDKNested the nested
	// stacks of CDK stacks.
	CDKStacks, CDKStages, CDKNested int
	// ServerlessServices counts Serverless packages (each has a create-
	// and an update-stack template).
	ServerlessServices int
	// Nested counts the nested stacks of plain templates (a local
	// TemplateURL) and of Serverless services.
	Nested int
}

// Empty reports a scan of plain templates only.
func (f Found) Empty() bool { return f == Found{} }

// String says what was found: "3 CDK stacks, 1 nested, 1 stage; 1
// Serverless service".
func (f Found) String() string {
	var parts []string
	if f.CDKStacks > 0 || f.CDKNested > 0 {
		p := fmt.Sprintf("%d CDK %s", f.CDKStacks, plural(f.CDKStacks, "stack", "stacks"))
		if f.CDKNested > 0 {
			p += fmt.Sprintf(", %d nested", f.CDKNested)
		}
		if f.CDKStages > 0 {
			p += fmt.Sprintf(", %d %s", f.CDKStages, plural(f.CDKStages, "stage", "stages"))
		}
		parts = append(parts, p)
	}
	if f.ServerlessServices > 0 {
		parts = append(parts, fmt.Sprintf("%d Serverless %s", f.ServerlessServices, plural(f.ServerlessServices, "service", "services")))
	}
	if f.Nested > 0 {
		parts = append(parts, fmt.Sprintf("%d nested %s", f.Nested, plural(f.Nested, "stack", "stacks")))
	}
	return strings.Join(parts, "; ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func countFound(files []FileResult) Found {
	var f Found
	stages, services := map[string]bool{}, map[string]bool{}
	for _, r := range files {
		if r.Skipped || r.Err != nil {
			continue
		}
		role := r.Role
		switch {
		case role.Parent != "" && role.Framework == discover.CDK:
			f.CDKNested++
		case role.Parent != "":
			f.Nested++
		case role.Framework == discover.CDK:
			f.CDKStacks++
			if role.Stage != "" {
				stages[role.Stage] = true
			}
		case role.Framework == discover.Serverless:
			services[filepath.Dir(r.File)] = true
		}
	}
	f.CDKStages, f.ServerlessServices = len(stages), len(services)
	return f
}

// Summarize counts unsuppressed findings by severity, suppressed findings,
// and files with errors. Skipped non-template files are not counted.
func (r Result) Summarize() Summary {
	s := Summary{BySeverity: map[rule.Severity]int{}, Found: countFound(r.Files)}
	for _, f := range r.Files {
		if f.Skipped {
			continue
		}
		s.Files++
		if f.Err != nil || len(f.RuleErrors) > 0 {
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
