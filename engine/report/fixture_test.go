package report_test

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/report"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/ruledoc"
	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/report")

const goldenDir = "../../testdata/report"

// The golden printers' input is built by hand from rules defined here, so
// the golden files change only when a printer does, not when a built-in
// rule's wording is improved.
var (
	adminRule = &rule.Meta{ID: "IAM001", Slug: "iam-full-admin-policy", Family: rule.IAM, Severity: rule.Critical,
		Title: "Identity policy grants full administrative access", Description: "Every action on every resource.",
		Remediation: "List the actions and resources the workload needs.", ResourceTypes: []string{"AWS::IAM::Role"},
		Aliases: map[string][]string{"cfn_nag": {"F3"}}, Engine: "go"}
	openRule = &rule.Meta{ID: "NET001", Slug: "net-ingress-open-to-world", Family: rule.NET, Severity: rule.Medium,
		Title: "Security group ingress open to the world", Description: "Anyone on the internet can connect.",
		Remediation: "Restrict CidrIp to known networks.", ResourceTypes: []string{"AWS::EC2::SecurityGroup"},
		Aliases: map[string][]string{"cfn_nag": {"W2"}}, Engine: "go"}
	logRule = &rule.Meta{ID: "LOG001", Slug: "s3-access-logging-disabled", Family: rule.LOG, Severity: rule.Low,
		Title: "S3 bucket server access logging not configured", Description: "No record of who read objects.",
		Remediation: "Add LoggingConfiguration.", ResourceTypes: []string{"AWS::S3::Bucket"}, Engine: "rego",
		DisabledByDefault: true}
	goldenRules = []*rule.Meta{adminRule, logRule, openRule}
)

func goldenExample(id string) ruledoc.Example {
	if id == openRule.ID {
		return ruledoc.Example{Bad: "Resources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n", Good: ""}
	}
	return ruledoc.Example{}
}

func goldenResult() finding.Result {
	api := "stacks/api.yaml"
	return finding.Result{Files: []finding.FileResult{
		{File: api, Kind: "cdk", Resources: 4,
			Inventory: []finding.ResourceRef{{ID: "AdminRole", Type: "AWS::IAM::Role"}, {ID: "AppSG", Type: "AWS::EC2::SecurityGroup"},
				{ID: "BastionSG", Type: "AWS::EC2::SecurityGroup"}, {ID: "Bucket", Type: "AWS::S3::Bucket"}},
			Warnings: []template.Diagnostic{{Line: 4, Col: 7, Msg: "Metadata.cfnvet suppression of NET01 names unknown rule \"NET01\"; nothing is suppressed"}},
			Findings: []finding.Finding{
				{Rule: adminRule, Severity: rule.Critical, Message: `statement "All" allows every action on every resource`,
					File: api, Resource: "AdminRole", ResourceType: "AWS::IAM::Role",
					Path:  model.Path{"Properties", "Policies", 0, "PolicyDocument", "Statement", 0, "Action"},
					Range: template.Range{Line: 12, Col: 25, EndLine: 12, EndCol: 28}, CDKPath: "ApiStack/AdminRole/Resource",
					Origin:      &finding.Origin{File: "lib/api-stack.ts", Line: 31, Column: 13},
					Fingerprint: "0f1e2d3c4b5a69788796a5b4c3d2e1f0"},
				{Rule: openRule, Severity: rule.Medium, Message: "AppSG allows 0.0.0.0/0 on tcp/22 (CidrIp from parameter AllowedCidr default \"0.0.0.0/0\")",
					File: api, Resource: "AppSG", ResourceType: "AWS::EC2::SecurityGroup",
					Path:        model.Path{"Properties", "SecurityGroupIngress", 0, "CidrIp"},
					Range:       template.Range{Line: 20, Col: 19, EndLine: 20, EndCol: 38},
					Provenance:  []model.Provenance{{Kind: model.FromParameterDefault, Name: "AllowedCidr", Line: 5, Value: "0.0.0.0/0"}},
					Fingerprint: "11112222333344445555666677778888"},
				{Rule: openRule, Severity: rule.Medium, Message: "BastionSG allows 0.0.0.0/0 on tcp/8022",
					File: api, Resource: "BastionSG", ResourceType: "AWS::EC2::SecurityGroup",
					Path:        model.Path{"Properties", "SecurityGroupIngress", 0, "CidrIp"},
					Range:       template.Range{Line: 31, Col: 19, EndLine: 31, EndCol: 28},
					Fingerprint: "9999aaaabbbbccccddddeeeeffff0000", Suppressed: true,
					Suppression: &finding.Suppression{Source: "cfnvet", Reason: "Bastion host; access limited by the NACL", Expires: "2027-01-31", Line: 26}},
			}},
		{File: "stacks/broken.json", Err: &template.Error{File: "stacks/broken.json", Line: 7, Col: 3, Msg: "yaml: did not find expected ',' or '}'"}},
		{File: "stacks/notes.yaml", Skipped: true},
		{File: "data & logs/bucket.template", Kind: "cloudformation", Resources: 1,
			Inventory: []finding.ResourceRef{{ID: "Logs", Type: "AWS::S3::Bucket"}}, Findings: []finding.Finding{
				{Rule: logRule, Severity: rule.High, Message: "bucket Logs has no server access logging",
					File: "data & logs/bucket.template", Resource: "Logs", ResourceType: "AWS::S3::Bucket",
					Path: model.Path{"Properties"}, Range: template.Range{Line: 3, Col: 5, EndLine: 3, EndCol: 15},
					Fingerprint: "abcdefabcdefabcdefabcdefabcdef12"},
			}},
	}}
}

var goldenTool = report.Tool{Name: "cfnvet", Version: "1.2.3"}

// checkGolden compares got with testdata/report/name, or rewrites it
// under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	testenv.Golden(t, filepath.Join(goldenDir, name), got, *update, "go test ./engine/report -update")
}
