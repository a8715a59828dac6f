package scan

import (
	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/suppress"
)

// The types below moved to leaf packages; these aliases keep code written
// against engine/scan compiling. TODO(issue 13): remove them once every
// caller imports engine/finding, rule.Selection and suppress.External.
type (
	// Finding is finding.Finding.
	Finding = finding.Finding
	// Suppression is finding.Suppression.
	Suppression = finding.Suppression
	// FileResult is finding.FileResult.
	FileResult = finding.FileResult
	// ResourceRef is finding.ResourceRef.
	ResourceRef = finding.ResourceRef
	// Result is finding.Result.
	Result = finding.Result
	// BaselineUse is finding.BaselineUse.
	BaselineUse = finding.BaselineUse
	// Summary is finding.Summary.
	Summary = finding.Summary
	// Selection is rule.Selection.
	Selection = rule.Selection
	// ExternalSuppression is suppress.External.
	ExternalSuppression = suppress.External
)

// Constants that moved with the types above.
const (
	SourceConfig   = finding.SourceConfig
	SourceBaseline = finding.SourceBaseline
	ExitClean      = finding.ExitClean
	ExitFindings   = finding.ExitFindings
	ExitError      = finding.ExitError
)
