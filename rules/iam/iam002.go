package iam

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// WildcardAction is IAM002.
var WildcardAction = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM002",
		Slug:     "iam-wildcard-action",
		Family:   rule.IAM,
		Severity: rule.High,
		Title:    `Identity policy allows a wildcard action ("*" or "<service>:*")`,
		Description: "A wildcard action grants every current and future action of a service (or of all services), " +
			"including destructive and permission-changing ones the workload never needs. \"s3:*\" includes " +
			"s3:DeleteBucket and s3:PutBucketPolicy; \"iam:*\" lets the holder make itself an administrator. " +
			"Partial patterns such as \"s3:Get*\" are not reported.",
		Remediation: "Replace the wildcard with the specific actions the workload calls, for example s3:GetObject " +
			"and s3:PutObject instead of s3:*.",
		ResourceTypes: IdentityTypes,
		Aliases: map[string][]string{
			"cdk_nag": {"AwsSolutions-IAM5"},
			"cfn_nag": {"F3", "F4", "F5"},
			"checkov": {"CKV_AWS_63"},
			"trivy":   {"AVD-AWS-0057", "AVD-AWS-0345", "AVD-AWS-0114", "AVD-AWS-0120"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, st := range AllowStatements(IdentityDocuments(r)) {
			if st.GrantsFullAdmin() {
				continue // IAM001 reports it
			}
			for _, a := range st.Elements("Action") {
				if isWildcardAction(a.Value) {
					ReportStatement(p, r, st, a.Path, "%s allows the wildcard action %s", st.Name(), a.Value.Describe())
				}
			}
		}
	},
}
