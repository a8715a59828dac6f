package iam

import "testing"

func TestNeedsWildcardResource(t *testing.T) {
	for _, tt := range []struct {
		action string
		want   bool
	}{
		{"ec2:DescribeInstances", true},          // no resource type
		{" XRAY:PutTraceSegments ", true},        // case and spaces as IAM ignores them
		{"cloudwatch:PutMetricData", true},       // a single optional resource type (dataset)
		{"s3:GetObject", false},                  // object or access point object
		{"iam:PassRole", false},                  // role, required
		{"ec2:Describe*", true},                  // mostly unscopable, the rest List-level
		{"ec2:DescribeInstanceAttribute", false}, // the named List action itself is scopable
		{"s3:Get*", false},                       // object reads
		{"ssmmessages:*", true},
		{"s3:*", false},
		{"*", false},
		{"ec2:DescribeEverything", false}, // unknown: treated as scopable
		{"nosuchservice:*", false},
		{"", false},
	} {
		if got := needsWildcardResource(tt.action); got != tt.want {
			t.Errorf("needsWildcardResource(%q) = %v, want %v", tt.action, got, tt.want)
		}
	}
}

// BenchmarkNeedsWildcardResource measures the look-ups IAM003 makes per
// statement action: named actions bisect the table, patterns walk the
// actions sharing their literal prefix.
func BenchmarkNeedsWildcardResource(b *testing.B) {
	for _, action := range []string{"dynamodb:GetItem", "ec2:DescribeInstances", "ec2:Describe*", "s3:Get*"} {
		b.Run(action, func(b *testing.B) {
			for b.Loop() {
				needsWildcardResource(action)
			}
		})
	}
}
