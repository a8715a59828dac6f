package iam

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// ResourcePolicyAllActions is IAM013.
var ResourcePolicyAllActions = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM013",
		Slug:     "iam-resource-policy-all-actions",
		Family:   rule.IAM,
		Severity: rule.High,
		Title:    "S3/SQS/SNS resource policy allows all actions",
		Description: "A bucket, queue or topic policy that allows \"*\" or the service wildcard (s3:*, sqs:*, " +
			"sns:*) lets the named principals also change the policy itself, delete the resource or read " +
			"everything in it. KMS key policies are not reported: kms:* for the account root is the AWS default " +
			"key policy.",
		Remediation: "Grant the specific actions each principal needs (s3:GetObject, sqs:SendMessage, " +
			"sns:Publish). Keep wildcard actions for Deny statements.",
		ResourceTypes: []string{"AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SQS::QueueInlinePolicy",
			"AWS::SNS::TopicPolicy", "AWS::SNS::TopicInlinePolicy"},
		Aliases: map[string][]string{
			"cfn_nag": {"F15", "F20"},
			"kics":    {"4ae8af91-5108-42cb-9471-3bdbe596eac9"},
			"trivy":   {"AVD-AWS-0097"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, st := range AllowStatements(ResourceDocuments(r)) {
			for _, a := range st.Elements("Action") {
				if isWildcardAction(a.Value) {
					ReportStatement(p, r, st, a.Path, "%s allows the wildcard action %s%s",
						st.Name(), a.Value.Describe(), PolicyTarget(r))
				}
			}
		}
	},
}
