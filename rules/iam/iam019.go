package iam

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// BucketPublicWriteACL is IAM019.
var BucketPublicWriteACL = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM019",
		Slug:     "s3-bucket-acl-public-write",
		Family:   rule.IAM,
		Severity: rule.Critical,
		Title:    "S3 bucket canned ACL grants public write (PublicReadWrite)",
		Description: "The PublicReadWrite canned ACL lets anyone on the internet list, upload and overwrite " +
			"objects in the bucket: it can be used to host malware, to run up storage costs, or to replace " +
			"content that others trust.",
		Remediation: "Remove AccessControl (or set Private), keep ObjectOwnership BucketOwnerEnforced and Block " +
			"Public Access on, and grant writers access through IAM or a bucket policy naming them.",
		ResourceTypes: []string{"AWS::S3::Bucket"},
		Aliases: map[string][]string{
			"cfn_nag": {"F14"},
			"checkov": {"CKV_AWS_57", "CKV_AWS_20"},
			"kics":    {"07dda8de-d90d-469e-9b37-1aca53526ced"},
			"trivy":   {"AVD-AWS-0092"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		if v, acl, ok := cannedACL(r); ok && acl == "PublicReadWrite" {
			p.Report(r, model.Path{"Properties", "AccessControl"}, "bucket %s has canned ACL %s: anyone may "+
				"list and write objects%s", r.ID, v.Describe(), ownershipNote(r))
		}
	},
}
