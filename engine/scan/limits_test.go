package scan_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/rules"
)

// failingUserPolicy divides by a bucket's name: a runtime error with the
// strict builtin errors the sandbox uses.
const failingUserPolicy = `# METADATA
# title: Broken user rule
# description: Fails at run time.
# custom:
#   id: USR001
#   slug: broken-user-rule
#   family: LOG
#   severity: medium
#   remediation: Fix it.
#   resource_types: [AWS::S3::Bucket]
package cfnvet.rules.usr001

deny contains f if {
	some id, b in input.resources_by_type["AWS::S3::Bucket"]
	x := to_number(b.Properties.BucketName)
	f := {"resource": id, "msg": sprintf("%v", [x])}
}
`

// TestFailingUserPolicyKeepsBuiltinFindings: a user policy that fails on a
// template is that policy's error on the file; every built-in finding for
// the template is still reported, and the scan exits with an error.
func TestFailingUserPolicyKeepsBuiltinFindings(t *testing.T) {
	src := []byte("Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: logs\n" +
		"  Open:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: open\n" +
		"      SecurityGroupIngress:\n        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}\n")
	builtinOnly, err := scan.New(context.Background(), scan.Config{GoRules: rules.Go(), Policies: rules.Policies()})
	if err != nil {
		t.Fatal(err)
	}
	want := builtinOnly.ScanBytes(context.Background(), "t.yaml", src)
	if want.Err != nil || len(want.Findings) < 2 {
		t.Fatalf("built-in scan: err %v, %d findings; want findings on the bucket and the group", want.Err, len(want.Findings))
	}

	user := policy.Source{FS: fstest.MapFS{"broken.rego": {Data: []byte(failingUserPolicy)}}, Name: "mine"}
	eng, err := scan.New(context.Background(), scan.Config{GoRules: rules.Go(), Policies: append(rules.Policies(), user)})
	if err != nil {
		t.Fatal(err)
	}
	got := eng.ScanBytes(context.Background(), "t.yaml", src)
	if got.Err != nil {
		t.Fatalf("the file failed as a whole: %v", got.Err)
	}
	if len(got.RuleErrors) != 1 || got.RuleErrors[0].Rule != "USR001" {
		t.Fatalf("rule errors %+v, want USR001's", got.RuleErrors)
	}
	if msg := got.RuleErrors[0].Msg; !strings.Contains(msg, "user policy mine/broken.rego") || !strings.Contains(msg, "t.yaml") {
		t.Errorf("message %q does not name the policy and the template", msg)
	}
	if ids(got.Findings) != ids(want.Findings) {
		t.Errorf("findings with the failing user policy:\n%s\nwithout it:\n%s", ids(got.Findings), ids(want.Findings))
	}
	res := finding.Result{Files: []finding.FileResult{got}}
	if code := res.ExitCode(0); code != finding.ExitError {
		t.Errorf("exit code %d, want %d (an error) even with --fail-on none", code, finding.ExitError)
	}
}

func ids(fs []finding.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Rule.ID + " " + f.Resource + "\n")
	}
	return b.String()
}
