package awsmanaged

import "testing"

// Hand-checked against the IAM console's policy ARNs.
func TestPath(t *testing.T) {
	for name, want := range map[string]string{
		"AWSLambdaBasicExecutionRole":     "service-role/",
		"AWSLambdaVPCAccessExecutionRole": "service-role/",
		"AmazonEC2RoleforSSM":             "service-role/",
		"ViewOnlyAccess":                  "job-function/",
		"AmazonS3FullAccess":              "",
		"AdministratorAccess":             "",
		"NoSuchPolicy":                    "",
		"awslambdabasicexecutionrole":     "", // IAM names are case-sensitive
	} {
		if got := Path(name); got != want {
			t.Errorf("Path(%q) = %q, want %q", name, got, want)
		}
	}
	if got, want := ARN("AWSLambdaRole"), "arn:aws:iam::aws:policy/service-role/AWSLambdaRole"; got != want {
		t.Errorf("ARN = %q, want %q", got, want)
	}
}

// Path's binary search needs the generated table sorted and unique.
func TestTableSorted(t *testing.T) {
	if len(pathed) < 100 || len(pathed) > policyCount {
		t.Fatalf("%d pathed policies of %d: the table looks broken", len(pathed), policyCount)
	}
	for i := 1; i < len(pathed); i++ {
		if pathed[i-1].Name >= pathed[i].Name {
			t.Fatalf("table not sorted at %q, %q", pathed[i-1].Name, pathed[i].Name)
		}
	}
}
