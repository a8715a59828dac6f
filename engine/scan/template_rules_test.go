package scan_test

import (
	"context"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/testengine"
)

const templateRuleSrc = `Parameters:
  DBPassword:
    Type: String
    Default: hunter2hunter2
Conditions:
  Prod: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  DB:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUserPassword: !Ref DBPassword
      Port: !If [Prod, 5432, 5433]
`

func testMeta(id string, fam rule.Family, types ...string) rule.Meta {
	return rule.Meta{ID: id, Slug: "x-" + strings.ToLower(id), Family: fam, Severity: rule.High, Title: "t",
		Description: "d", Remediation: "r", ResourceTypes: types}
}

// TestTemplateRules: a template-level rule reports once (not once per view)
// at a path from the template root, and a SEC rule's finding never gets the
// resolved parameter value appended as provenance.
func TestTemplateRules(t *testing.T) {
	paramRule := &rule.Rule{Meta: testMeta("SEC900", rule.SEC, rule.TemplateParameters),
		CheckTemplate: func(p *rule.Pass) {
			p.ReportTemplate(model.Path{"Parameters", "DBPassword", "Default"}, "default stored")
			p.ReportTemplate(model.Path{"Parameters", "DBPassword", "NoEcho"}, "not NoEcho")
		}}
	secRule := &rule.Rule{Meta: testMeta("SEC901", rule.SEC, "AWS::RDS::DBInstance"),
		Check: func(p *rule.Pass, r *model.Resource) {
			p.Report(r, model.Path{"Properties", "MasterUserPassword"}, "password from a default")
		}}
	logRule := &rule.Rule{Meta: testMeta("LOG900", rule.LOG, "AWS::RDS::DBInstance"),
		Check: func(p *rule.Pass, r *model.Resource) {
			p.Report(r, model.Path{"Properties", "MasterUserPassword"}, "value")
		}}
	eng := testengine.New(t, scan.Config{GoRules: []*rule.Rule{paramRule, secRule, logRule},
		Include: []string{"SEC900", "SEC901", "LOG900"}})
	res := eng.ScanBytes(context.Background(), "t.yaml", []byte(templateRuleSrc))
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	got := map[string]finding.Finding{}
	for _, f := range res.Findings {
		got[f.Rule.ID+" "+f.Message] = f
	}
	if len(res.Findings) != 4 {
		t.Fatalf("want 4 findings (template rule once per template despite 2 views), got %d: %v", len(res.Findings), got)
	}
	if f := got["SEC900 default stored"]; f.Range.Line != 4 || f.Range.Col != 14 || f.Resource != "" {
		t.Errorf("Default finding at %d:%d resource %q, want 4:14 and no resource", f.Range.Line, f.Range.Col, f.Resource)
	}
	if f := got["SEC900 not NoEcho"]; f.Range.Line != 2 {
		t.Errorf("missing NoEcho should point at the parameter key (line 2), got line %d", f.Range.Line)
	}
	if f, ok := got["SEC901 password from a default"]; !ok || len(f.Provenance) != 0 {
		t.Errorf("SEC finding must carry neither provenance nor the value in its message: %+v", f)
	}
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "hunter2") && f.Rule.Family == rule.SEC {
			t.Errorf("secret leaked into %s message %q", f.Rule.ID, f.Message)
		}
	}
	if f := got[`LOG900 value (MasterUserPassword from parameter DBPassword default "hunter2hunter2")`]; f.Rule == nil {
		t.Errorf("non-SEC rules keep the provenance suffix; got %v", got)
	}
}

// TestRuleNeedsOneCheck: a Go rule must set exactly one of Check and
// CheckTemplate.
func TestRuleNeedsOneCheck(t *testing.T) {
	both := &rule.Rule{Meta: testMeta("SEC902", rule.SEC, rule.TemplateParameters),
		Check: func(*rule.Pass, *model.Resource) {}, CheckTemplate: func(*rule.Pass) {}}
	if _, err := rule.NewRegistry([]*rule.Rule{both}, nil); err == nil {
		t.Error("a rule with both checks was accepted")
	}
}
