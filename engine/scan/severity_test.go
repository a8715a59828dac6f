package scan_test

import (
	"context"
	"testing"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/testengine"
)

// A severity override reaches findings (and so every output and the exit
// code) and the engine's rule metadata (SARIF rules), and it beats a
// severity the check chose for one finding; the registry's shared metadata
// is left alone.
func TestSeverityOverride(t *testing.T) {
	topic := func(id string, sev rule.Severity) *rule.Rule {
		return &rule.Rule{Meta: testMeta(id, rule.ENC, "AWS::SNS::Topic"),
			Check: func(p *rule.Pass, r *model.Resource) {
				p.ReportSeverity(r, model.Path{"Type"}, sev, "m")
			}}
	}
	overridden, reported, plain := topic("ENC900", rule.Critical), topic("ENC901", rule.Critical), topic("ENC902", 0)
	eng := testengine.New(t, scan.Config{GoRules: []*rule.Rule{overridden, reported, plain},
		SelectRules: func(reg *rule.Registry) (rule.Selection, error) {
			enabled, err := reg.Select(nil, nil)
			return rule.Selection{Enabled: enabled, Severity: map[string]rule.Severity{"ENC900": rule.Low}}, err
		}})
	res := eng.ScanBytes(context.Background(), "t.yaml", []byte("Resources:\n  T:\n    Type: AWS::SNS::Topic\n"))
	got := map[string]rule.Severity{}
	for _, f := range res.Findings {
		got[f.Rule.ID] = f.Severity
		if f.Rule.ID == "ENC900" && f.Rule.Severity != rule.Low {
			t.Errorf("finding's rule metadata severity %v, want low", f.Rule.Severity)
		}
	}
	want := map[string]rule.Severity{"ENC900": rule.Low, "ENC901": rule.Critical, "ENC902": rule.High}
	for id, sev := range want {
		if got[id] != sev {
			t.Errorf("%s: severity %v, want %v", id, got[id], sev)
		}
	}
	if m := eng.Meta("ENC900"); m.Severity != rule.Low {
		t.Errorf("engine metadata severity %v, want low", m.Severity)
	}
	if overridden.Severity != rule.High || eng.Registry.ByID("ENC900").Severity != rule.High {
		t.Error("the override modified the shared rule metadata")
	}
	if code := (finding.Result{Files: []finding.FileResult{res}}).ExitCode(rule.Medium); code != finding.ExitFindings {
		t.Errorf("exit %d: ENC901 is critical", code)
	}
}
