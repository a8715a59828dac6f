package scan

import (
	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/suppress"
)

// The types below moved to leaf packages (engine/finding, rule.Selection,
// suppress.External); these aliases keep code written against engine/scan
// compiling while the parallel work lands.
// TODO(issue 13): remove them once every caller imports the new homes.

// Finding is finding.Finding.
type Finding = finding.Finding

// Suppression is finding.Suppression.
type Suppression = finding.Suppression

// FileResult is finding.FileResult.
type FileResult = finding.FileResult

// ResourceRef is finding.ResourceRef.
type ResourceRef = finding.ResourceRef

// Result is finding.Result.
type Result = finding.Result

// BaselineUse is finding.BaselineUse.
type BaselineUse = finding.BaselineUse

// Summary is finding.Summary.
type Summary = finding.Summary

// Selection is rule.Selection.
type Selection = rule.Selection

// ExternalSuppression is suppress.External.
type ExternalSuppression = suppress.External

// Constants that moved with the types above.
const (
	SourceConfig   = finding.SourceConfig
	SourceBaseline = finding.SourceBaseline
	ExitClean      = finding.ExitClean
	ExitFindings   = finding.ExitFindings
	ExitError      = finding.ExitError
)
