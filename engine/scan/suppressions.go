package scan

import (
	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/suppress"
	"github.com/cfnvet/cfnvet/engine/template"
)

// Baseline accepts findings a team recorded as known (engine/baseline
// implements it); the engine only needs these two steps of it.
type Baseline interface {
	// Accept marks the findings of one file that the baseline lists.
	Accept(fr *finding.FileResult)
	// Use says, after a whole scan, how many entries matched nothing.
	Use(res finding.Result) *finding.BaselineUse
}

// suppressStage is the one place findings are suppressed. Every source is
// applied to each file's findings in this order, each only to what is
// still active, so a finding keeps the suppression written closest to it:
//
//  1. the template's own Metadata: cfnvet and the peer tools' forms
//     (cfn_nag, checkov, cdk_nag, guard), resource and template level;
//  2. the config file's suppress entries (Config.Suppressions);
//  3. the baseline (Config.Baseline).
//
// Suppressed findings are kept: outputs show them and the summary counts
// them. It returns the problems with the template's suppressions; those of
// the config file and the baseline concern the whole scan (Run).
func (e *Engine) suppressStage(t *template.Template, res *finding.FileResult) []template.Diagnostic {
	set := suppress.Read(t, e.Registry, e.cfg.Now)
	for i := range res.Findings {
		f := &res.Findings[i]
		d := set.Match(f.Rule.ID, f.Resource, f.Path.String())
		if d == nil && f.SAMResource != "" && f.SAMResource != f.Resource {
			// What SAM generated is silenced by the SAM resource's own
			// suppressions (a resource-wide one: its paths are the SAM
			// resource's, not the generated resource's).
			d = set.MatchAs(f.Rule.ID, f.SAMResource, f.ResourceType, "")
		}
		if d == nil {
			continue
		}
		f.Suppressed = true
		f.Suppression = &finding.Suppression{Source: d.Source, Reason: d.Reason, Expires: d.Expires, Line: d.Line}
	}
	markExternal(res, e.external)
	if e.cfg.Baseline != nil {
		e.cfg.Baseline.Accept(res)
	}
	return set.Diagnostics(func(id string) bool { return e.enabled[id] })
}

// scanWide adds to a whole scan's result what only the whole scan can
// tell: the config file's problems and its entries that matched nothing,
// and how the baseline was used.
func (e *Engine) scanWide(res *finding.Result) {
	res.Warnings = append(res.Warnings, e.warnings...)
	res.Warnings = append(res.Warnings, e.unusedExternal(*res, e.external)...)
	if e.cfg.Baseline != nil {
		res.Baseline = e.cfg.Baseline.Use(*res)
	}
}
