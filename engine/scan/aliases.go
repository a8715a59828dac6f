package scan

import (
	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/suppress"
)

// Aliases for the types that moved to the leaf packages, so code written
// against engine/scan keeps compiling while the parallel work lands.
// TODO(issue 13): remove them once every caller imports engine/finding,
// rule.Selection and suppress.External directly.
type (
	Finding             = finding.Finding
	Suppression         = finding.Suppression
	FileResult          = finding.FileResult
	ResourceRef         = finding.ResourceRef
	Result              = finding.Result
	BaselineUse         = finding.BaselineUse
	Summary             = finding.Summary
	Selection           = rule.Selection
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
