package iam

import (
	"strconv"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/internal/lazyregexp"
	"github.com/cfnvet/cfnvet/rules/iam/iamdata/managed"
)

// ManagedPolicyTypes are the types that attach managed policies.
var ManagedPolicyTypes = []string{
	"AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group", "AWS::SSO::PermissionSet",
}

// ManagedPolicyRef is one managed-policy attachment.
type ManagedPolicyRef struct {
	Value *model.Value
	Path  model.Path
}

// ManagedPolicyRefs lists a resource's managed-policy attachments:
// ManagedPolicyArns (Role/User/Group) and ManagedPolicies (PermissionSet).
// SAM functions and state machines are read through the role the SAM
// transform (engine/template/sam) generates from their Policies.
func ManagedPolicyRefs(r *model.Resource) []ManagedPolicyRef {
	var key string
	switch r.Type {
	case "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group":
		key = "ManagedPolicyArns"
	case "AWS::SSO::PermissionSet":
		key = "ManagedPolicies"
	default:
		return nil
	}
	v := r.Prop(key)
	if v == nil {
		return nil
	}
	base := model.Path{"Properties", key}
	var out []ManagedPolicyRef
	if v.Kind != model.List {
		if v.Kind != model.Map {
			out = append(out, ManagedPolicyRef{Value: v, Path: base})
		}
		return out
	}
	for i, it := range v.Items() {
		if it.Kind != model.Map {
			out = append(out, ManagedPolicyRef{Value: it, Path: base.Append(i)})
		}
	}
	return out
}

// awsManagedPolicyARN matches arn:<partition>:iam::aws:policy/<Name>; the
// partition may still be the ${AWS::Partition} placeholder of a partly
// resolved Fn::Sub or Fn::Join (any partition fits).
var awsManagedPolicyARN = lazyregexp.New(
	`^arn:(?:aws|aws-cn|aws-us-gov|\$\{AWS::Partition\}|\$\{Ref AWS::Partition\}):iam::aws:policy/([A-Za-z0-9+=,.@_-]+)$`)

// AWSManagedPolicyName returns the name of the AWS-managed policy an
// attachment points at. (SAM's bare names in Policies reach rules as the
// ARNs the SAM transform turns them into.)
func AWSManagedPolicyName(_ *model.Resource, ref ManagedPolicyRef) (string, bool) {
	s, ok := ref.Value.Str()
	if !ok && ref.Value.IsUnknown() {
		s, ok = ref.Value.Partial(), ref.Value.Partial() != ""
	}
	if !ok {
		return "", false
	}
	s = strings.TrimSpace(s)
	if m := awsManagedPolicyARN.FindStringSubmatch(s); m != nil {
		return m[1], true
	}
	return "", false
}

// awsManagedPolicyPathARN is awsManagedPolicyARN with an optional path
// (service-role/, job-function/): the path of an AWS managed policy is part
// of its ARN.
var awsManagedPolicyPathARN = lazyregexp.New(
	`^arn:(?:aws|aws-cn|aws-us-gov|\$\{AWS::Partition\}|\$\{Ref AWS::Partition\}):iam::aws:policy/` +
		`((?:[A-Za-z0-9+=,.@_-]+/)*)([A-Za-z0-9+=,.@_-]+)$`)

// elevatedManagedPolicy returns the name of an elevated AWS managed policy
// an attachment points at and what it allows: PowerUserAccess and
// IAMFullAccess as written in elevatedPolicies, then every policy the
// pinned managed-policy data judges over-broad (a whole service or more on
// every resource; package iamdata/managed) or deprecated by AWS while it
// grants writes on every resource, except AdministratorAccess, which IAM017
// reports. The ARN must carry the policy's path.
func elevatedManagedPolicy(r *model.Resource, ref ManagedPolicyRef) (name, why string, ok bool) {
	if name, ok := AWSManagedPolicyName(r, ref); ok {
		if what, elevated := elevatedPolicies[name]; elevated {
			return name, what, true
		}
	}
	s, ok := ref.Value.Str()
	if !ok && ref.Value.IsUnknown() {
		s, ok = ref.Value.Partial(), ref.Value.Partial() != ""
	}
	if !ok {
		return "", "", false
	}
	s = strings.TrimSpace(s)
	m := awsManagedPolicyPathARN.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	path, name := m[1], m[2]
	p, found := managed.OverBroad(name)
	// The path is part of the ARN: the same name under another path (or
	// without the policy's path) names no AWS managed policy. The SAM
	// transform writes a bare policy name with its path.
	if !found || name == "AdministratorAccess" || p.Path != path {
		return "", "", false
	}
	switch {
	case p.Deprecated && p.Replacement != "":
		return name, "deprecated by AWS, which names " + p.Replacement + " instead; it " + p.Why, true
	case p.Deprecated:
		return name, "deprecated by AWS, which names no AWS managed replacement; it " + p.Why, true
	}
	return name, p.Why, true
}

// describeRef renders an attachment for messages, showing the text of a
// partly resolved ARN rather than the intrinsic's name.
func describeRef(v *model.Value) string {
	if v.IsUnknown() && v.Partial() != "" {
		return strconv.Quote(v.Partial())
	}
	return v.Describe()
}
