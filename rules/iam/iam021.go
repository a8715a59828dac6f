package iam

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// BlockPublicAccessDisabled is IAM021.
var BlockPublicAccessDisabled = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM021",
		Slug:     "s3-block-public-access-disabled",
		Family:   rule.IAM,
		Severity: rule.Medium,
		Title:    "S3 Block Public Access explicitly disabled",
		Description: "S3 Block Public Access is the account- and bucket-level backstop that keeps a mistaken ACL " +
			"or bucket policy from making data public. New buckets have all four settings on by default since " +
			"April 2023, so an absent PublicAccessBlockConfiguration is fine (reported only with " +
			"--assume-aws-defaults=false); a present block with a setting false or omitted (omitted means false " +
			"inside the block) turns the backstop off.",
		Remediation: "Set BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets to true, " +
			"or remove PublicAccessBlockConfiguration to keep the AWS default. Serve public content through " +
			"CloudFront with origin access control instead.",
		ResourceTypes: []string{"AWS::S3::Bucket"},
		Aliases: map[string][]string{
			"checkov": {"CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"},
			"kics": {"48f100d9-f499-4c6d-b2b8-deafe47ffb26", "860ba89b-b8de-4e72-af54-d6aee4138a69",
				"6c8d51af-218d-4bfb-94a9-94eabaa0703a", "350cd468-0e2c-44ef-9d22-cfb73a62523c"},
			"trivy": {"AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093", "AVD-AWS-0094"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		base := model.Path{"Properties", "PublicAccessBlockConfiguration"}
		block := r.Prop("PublicAccessBlockConfiguration")
		if block == nil {
			if !p.Options.AssumeAWSDefaults {
				p.Report(r, base, "bucket %s has no PublicAccessBlockConfiguration (checked with "+
					"--assume-aws-defaults=false; AWS enables all four settings on new buckets)", r.ID)
			}
			return
		}
		if block.Kind != model.Map {
			return
		}
		var omitted []string
		for _, flag := range []string{"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"} {
			v := block.Get(flag)
			switch {
			case v == nil:
				omitted = append(omitted, flag)
			case v.IsFalse():
				p.Report(r, base.Append(flag), "bucket %s sets %s to %s, turning off that Block Public Access "+
					"setting", r.ID, flag, v.Describe())
			}
		}
		if len(omitted) > 0 {
			p.Report(r, base, "bucket %s's PublicAccessBlockConfiguration omits %s, which is false inside a "+
				"present block", r.ID, strings.Join(omitted, ", "))
		}
	},
}
