package finding_test

import (
	"testing"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/template"
)

func TestExitCode(t *testing.T) {
	meta := &rule.Meta{ID: "NET001"}
	medium := finding.Finding{Rule: meta, Severity: rule.Medium}
	suppressed := finding.Finding{Rule: meta, Severity: rule.Critical, Suppressed: true,
		Suppression: &finding.Suppression{Source: finding.SourceBaseline}}
	files := func(fs ...finding.FileResult) finding.Result { return finding.Result{Files: fs} }
	cases := []struct {
		name   string
		res    finding.Result
		failOn rule.Severity
		want   int
	}{
		{"clean", files(finding.FileResult{File: "a"}), rule.Low, finding.ExitClean},
		{"below threshold", files(finding.FileResult{File: "a", Findings: []finding.Finding{medium}}), rule.High, finding.ExitClean},
		{"at threshold", files(finding.FileResult{File: "a", Findings: []finding.Finding{medium}}), rule.Medium, finding.ExitFindings},
		{"fail on none", files(finding.FileResult{File: "a", Findings: []finding.Finding{medium}}), 0, finding.ExitClean},
		{"suppressed never fails", files(finding.FileResult{File: "a", Findings: []finding.Finding{suppressed}}), rule.Low, finding.ExitClean},
		{"error wins", files(finding.FileResult{File: "a", Findings: []finding.Finding{medium}},
			finding.FileResult{File: "b", Err: &template.Error{File: "b", Msg: "bad"}}), rule.Low, finding.ExitError},
		{"skipped files do not count", files(finding.FileResult{File: "a", Skipped: true,
			Err: &template.Error{File: "a", Msg: "x"}}), rule.Low, finding.ExitClean},
	}
	for _, c := range cases {
		if got := c.res.ExitCode(c.failOn); got != c.want {
			t.Errorf("%s: exit %d, want %d", c.name, got, c.want)
		}
	}
	s := files(finding.FileResult{File: "a", Findings: []finding.Finding{medium, suppressed}}).Summarize()
	if s.Files != 1 || s.Findings != 1 || s.Suppressed != 1 || s.BySeverity[rule.Medium] != 1 {
		t.Errorf("summary %+v", s)
	}
}
