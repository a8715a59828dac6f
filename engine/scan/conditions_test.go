package scan_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/testengine"
)

const conditionsTemplate = `Parameters:
  Encrypt: {Type: String, Default: "false"}
  Audit: {Type: String, Default: "off"}
Conditions:
  DoEncrypt: !Equals [!Ref Encrypt, "true"]
  DoAudit: !Equals [!Ref Audit, "on"]
Resources:
  Main:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: !If [DoEncrypt, alias/k, !Ref AWS::NoValue]
  AuditTopic:
    Type: AWS::SNS::Topic
    Condition: DoAudit
    Properties:
      TopicName: audit
  Suppressed:
    Type: AWS::SNS::Topic
    Condition: DoAudit
    Metadata:
      cfnvet:
        suppress: [{rule: ENC950, reason: "test"}]
    Properties:
      TopicName: quiet
`

// Findings on a resource that the defaults switch off carry the condition
// in their message and provenance and honour the resource's suppressions;
// a property an Fn::If removes is reported at the Fn::If, naming it.
func TestConditionsDecidedByDefaults(t *testing.T) {
	unencrypted := &rule.Rule{Meta: testMeta("ENC950", rule.ENC, "AWS::SNS::Topic"),
		Check: func(p *rule.Pass, r *model.Resource) {
			if r.Prop("KmsMasterKeyId") == nil {
				p.Report(r, model.Path{"Properties", "KmsMasterKeyId"}, "%s is not encrypted", r.ID)
			}
		}}
	scanWith := func(in resolve.Inputs) []string {
		t.Helper()
		eng := testengine.New(t, scan.Config{GoRules: []*rule.Rule{unencrypted}, Inputs: in})
		res := eng.ScanBytes(context.Background(), "t.yaml", []byte(conditionsTemplate))
		if res.Err != nil {
			t.Fatal(res.Err)
		}
		var out []string
		for _, f := range res.Findings {
			var prov []string
			for _, p := range f.Provenance {
				prov = append(prov, p.Describe())
			}
			out = append(out, fmt.Sprintf("%d:%d %s suppressed=%v [%s]", f.Range.Line, f.Range.Col, f.Message, f.Suppressed, strings.Join(prov, "; ")))
		}
		return out
	}
	got := scanWith(resolve.Inputs{})
	want := []string{
		"11:23 Main is not encrypted (KmsMasterKeyId is AWS::NoValue when condition DoEncrypt is false, as it is for the parameter defaults) suppressed=false [condition DoEncrypt (false, as for the parameter defaults)]",
		"15:5 AuditTopic is not encrypted (when condition DoAudit is true; false for the parameter defaults) suppressed=false [condition DoAudit (true; false for the parameter defaults)]",
		"23:5 Suppressed is not encrypted (when condition DoAudit is true; false for the parameter defaults) suppressed=true [condition DoAudit (true; false for the parameter defaults)]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("defaults:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	got = scanWith(resolve.Inputs{Parameters: map[string]string{"Audit": "off", "Encrypt": "true"}})
	if len(got) != 0 {
		t.Errorf("supplied values switch the topics off and encrypt Main, got %q", got)
	}
}
