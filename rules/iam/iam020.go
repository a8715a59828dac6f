package iam

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// BucketPublicReadACL is IAM020.
var BucketPublicReadACL = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM020",
		Slug:     "s3-bucket-acl-public-read",
		Family:   rule.IAM,
		Severity: rule.High,
		Title:    "S3 bucket canned ACL grants public or any-AWS-account read",
		Description: "The PublicRead canned ACL lets anyone on the internet list the bucket; AuthenticatedRead " +
			"does the same for every AWS account in the world, which is no real restriction. Data meant for a " +
			"website is better served through CloudFront with origin access control.",
		Remediation: "Remove AccessControl (or set Private). To publish content, serve it through CloudFront with " +
			"origin access control, or grant s3:GetObject on a prefix in a bucket policy.",
		ResourceTypes: []string{"AWS::S3::Bucket"},
		Aliases: map[string][]string{
			"cfn_nag": {"W31"},
			"checkov": {"CKV_AWS_20"},
			"kics":    {"219f4c95-aa50-44e0-97de-cf71f4641170", "835d5497-a526-4aea-a23f-98a9afd1635f"},
			"trivy":   {"AVD-AWS-0092"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		v, acl, ok := cannedACL(r)
		if !ok {
			return
		}
		who := ""
		switch acl {
		case "PublicRead":
			who = "anyone on the internet"
		case "AuthenticatedRead":
			who = "any AWS account"
		default:
			return
		}
		p.Report(r, model.Path{"Properties", "AccessControl"}, "bucket %s has canned ACL %s: %s may list its "+
			"objects%s", r.ID, v.Describe(), who, ownershipNote(r))
	},
}
