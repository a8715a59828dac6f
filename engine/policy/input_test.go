package policy

import (
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/cfnvet/cfnvet/engine/rule"
)

// TestReadsOfNamesTypesAndPrefixes checks which resource types a policy is
// taken to read: its resource_types and the type names or service prefixes
// written in it, but not a bare vendor.
func TestReadsOfNamesTypesAndPrefixes(t *testing.T) {
	mod := ast.MustParseModuleWithOpts(`package cfnvet.rules.x
deny contains 1 if {
	some id
	input.resources[id].Type == "AWS::S3::Bucket"
	startswith(input.resources[id].Type, "AWS::EC2::")
	trim_prefix(input.resources[id].Type, "AWS::") != ""
	"Custom::Thing" != "Alexa::"
}`, ast.ParserOptions{RegoVersion: ast.RegoV1})
	reads := readsOf(map[string]bool{"AWS::SQS::Queue": true}, mod)
	for typ, want := range map[string]bool{
		"AWS::S3::Bucket": true, "AWS::S3::BucketPolicy": true, // a type is also a prefix
		"AWS::EC2::SecurityGroup": true, "AWS::SQS::Queue": true, "Custom::Thing": true,
		"AWS::IAM::Role": false, "Alexa::ASK::Skill": false, "AWS::Lambda::Function": false,
	} {
		if got := reads.has(typ); got != want {
			t.Errorf("reads %s = %v, want %v (prefixes %v)", typ, got, want, reads.prefixes)
		}
	}
	var all *typeReads
	if !all.has("AWS::IAM::Role") {
		t.Error("nil reads (a user policy) must read every type")
	}
}

// TestInputStubsUnreadTypes checks that a policy input built for some
// types holds the other resources as stubs without properties, and the
// whole input holds every resource whole.
func TestInputStubsUnreadTypes(t *testing.T) {
	v := view(t, `Resources:
  B:
    Type: AWS::S3::Bucket
    Properties: {BucketName: logs}
  R:
    Type: AWS::IAM::Role
    Condition: Prod
    Properties: {RoleName: admin}
Conditions:
  Prod: !Equals [a, a]
`)
	in := NewInputCache().View(v, rule.Options{})
	reads := readsOf(map[string]bool{"AWS::S3::Bucket": true})
	props := func(input ast.Value, id string) ast.Value {
		r, err := input.Find(ast.MustParseRef("x.resources." + id)[1:])
		if err != nil {
			t.Fatalf("resource %s missing: %v", id, err)
		}
		p, _ := r.Find(ast.MustParseRef("x.Properties")[1:])
		return p
	}
	pruned := in.input(reads)
	if props(pruned, "B") == nil {
		t.Error("the read type's resource lost its properties")
	}
	if props(pruned, "R") != nil {
		t.Error("a resource of a type the policy does not read kept its properties")
	}
	if cond, err := pruned.Find(ast.MustParseRef("x.resources.R.Condition")[1:]); err != nil || cond.Compare(ast.String("Prod")) != 0 {
		t.Errorf("the stub lost its Condition: %v %v", cond, err)
	}
	whole := in.input(nil)
	if props(whole, "R") == nil {
		t.Error("the whole input lacks a resource's properties")
	}
}

// TestGroupsReadingTheSameTypesFollowEachOther checks the order policy
// groups run in: a group goes next to the one it shares the most present
// types with, so a type's converted properties are held from one group to
// the next and never through unrelated ones.
func TestGroupsReadingTheSameTypesFollowEachOther(t *testing.T) {
	reading := func(types ...string) []compiledPolicy {
		set := map[string]bool{}
		for _, typ := range types {
			set[typ] = true
		}
		return []compiledPolicy{{reads: readsOf(set)}}
	}
	groups := [][]compiledPolicy{
		reading("AWS::CloudTrail::Trail", "AWS::S3::Bucket"), // reads buckets and, by prefix, bucket policies
		reading("AWS::KMS::Key"),
		reading("AWS::Lambda::Function", "AWS::SQS::Queue"),
		reading("AWS::S3::BucketPolicy"),
		reading("AWS::SQS::Queue"),
		reading("AWS::S3::Bucket"),
	}
	present := map[string]bool{"AWS::S3::Bucket": true, "AWS::S3::BucketPolicy": true, "AWS::KMS::Key": true,
		"AWS::SQS::Queue": true, "AWS::Lambda::Function": true}
	got := orderByShared(groups, present)
	var keys []string
	for _, g := range got {
		keys = append(keys, g[0].reads.groupKey())
	}
	want := []string{
		"AWS::CloudTrail::Trail,AWS::S3::Bucket",
		"AWS::S3::Bucket", // shares Bucket and BucketPolicy
		"AWS::S3::BucketPolicy",
		"AWS::KMS::Key", // shares nothing: the first left in the given order
		"AWS::Lambda::Function,AWS::SQS::Queue",
		"AWS::SQS::Queue",
	}
	if strings.Join(keys, " | ") != strings.Join(want, " | ") {
		t.Errorf("order:\n got %v\nwant %v", keys, want)
	}
}

// TestConvertedTypesAreKeptForTheNextGroupOnly checks what a group leaves
// converted: the types the next group reads, not those a later one does.
func TestConvertedTypesAreKeptForTheNextGroupOnly(t *testing.T) {
	reading := func(typ string) []compiledPolicy {
		return []compiledPolicy{{reads: readsOf(map[string]bool{typ: true})}}
	}
	groups := [][]compiledPolicy{reading("AWS::S3::Bucket"), reading("AWS::KMS::Key"), reading("AWS::S3::Bucket")}
	for _, c := range []struct {
		after int
		typ   string
		kept  bool
	}{
		{0, "AWS::S3::Bucket", false}, // read again two groups later: converted again then
		{0, "AWS::KMS::Key", true},
		{1, "AWS::S3::Bucket", true},
		{1, "AWS::KMS::Key", false},
		{2, "AWS::S3::Bucket", false}, // the last group keeps nothing
	} {
		if got := keptAfter(groups, c.after)(c.typ); got != c.kept {
			t.Errorf("after group %d, %s kept = %v, want %v", c.after, c.typ, got, c.kept)
		}
	}
	user := [][]compiledPolicy{reading("AWS::S3::Bucket"), {{reads: nil}}}
	if !keptAfter(user, 0)("AWS::IAM::Role") {
		t.Error("before a user policy (which reads every type) every type must be kept")
	}
}
