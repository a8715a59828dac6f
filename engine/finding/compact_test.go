package finding

import (
	"reflect"
	"testing"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/template"
)

// TestCompactKeepsWhatTheSummaryReads: a scan kept as compact records
// summarises, gates and matches suppressions as the full one does, and the
// records are smaller.
func TestCompactKeepsWhatTheSummaryReads(t *testing.T) {
	meta := &rule.Meta{ID: "NET001", Severity: rule.High}
	full := Result{Files: []FileResult{
		{File: "a.yaml", Resources: 2, Inventory: []ResourceRef{{ID: "SG", Type: "AWS::EC2::SecurityGroup"}},
			Warnings: []template.Diagnostic{{Line: 1, Msg: "unknown property"}},
			Findings: []Finding{
				{Rule: meta, Severity: rule.High, Message: "open to the world", Resource: "SG", Path: model.Path{"Properties", "SecurityGroupIngress", 0},
					Provenance: []model.Provenance{{Name: "Cidr"}}, Fingerprint: "f1", LegacyFingerprint: "l1"},
				{Rule: meta, Severity: rule.Medium, Message: "accepted", Resource: "SG", Suppressed: true,
					Suppression: &Suppression{Source: SourceConfig}, Fingerprint: "f2"},
			}},
		{File: "b.yaml", Err: &template.Error{File: "b.yaml", Msg: "bad"}},
		{File: "c.yaml", RuleErrors: []RuleError{{Rule: "USR001", Msg: "failed"}}},
		{File: "n.yaml", Skipped: true, SkipReason: "not a template"},
	}}
	compact := Result{Files: make([]FileResult, len(full.Files))}
	for i, f := range full.Files {
		compact.Files[i] = f.Compact()
	}
	if !reflect.DeepEqual(compact.Summarize(), full.Summarize()) {
		t.Errorf("summary %+v, want %+v", compact.Summarize(), full.Summarize())
	}
	for _, failOn := range []rule.Severity{0, rule.Low, rule.Critical} {
		if compact.ExitCode(failOn) != full.ExitCode(failOn) {
			t.Errorf("--fail-on %v: exit %d, want %d", failOn, compact.ExitCode(failOn), full.ExitCode(failOn))
		}
	}
	a := compact.Files[0]
	if a.Inventory != nil || a.Warnings != nil || a.Findings[0].Message != "" || a.Findings[0].Provenance != nil {
		t.Errorf("compact record keeps what was written: %+v", a)
	}
	f := a.Findings[0]
	if f.Rule != meta || f.Resource != "SG" || f.Path.String() != full.Files[0].Findings[0].Path.String() ||
		f.Fingerprint != "f1" || f.LegacyFingerprint != "l1" || !a.Findings[1].Suppressed {
		t.Errorf("compact finding lost what baselines and suppress entries match on: %+v", f)
	}
	if full.Files[0].Findings[0].Message == "" {
		t.Error("Compact changed the full result it was made from")
	}
}
