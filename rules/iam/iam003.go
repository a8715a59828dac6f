package iam

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// WildcardResource is IAM003.
var WildcardResource = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM003",
		Slug:     "iam-wildcard-resource",
		Family:   rule.IAM,
		Severity: rule.Medium,
		Title:    `Identity policy allows Resource "*"`,
		Description: "Resource \"*\" applies the statement's actions to every resource of those services in the " +
			"account, present and future, so a workload that needs one bucket or table can reach all of them. " +
			"Some actions (for example ec2:Describe*, xray:PutTraceSegments, sts:GetCallerIdentity) do not " +
			"support resource-level permissions and need \"*\"; a statement made only of such actions is not " +
			"reported (judged from a pinned copy of the AWS Service Authorization Reference, docs/data.md), " +
			"so keep them in a statement of their own.",
		Remediation: "Name the ARNs the actions apply to (arn:aws:s3:::my-bucket/*, a table ARN, !GetAtt Queue.Arn). " +
			"Keep Resource \"*\" only for actions without resource-level permissions, in a separate statement.",
		ResourceTypes: IdentityTypes,
		Aliases: map[string][]string{
			"cdk_nag": {"AwsSolutions-IAM5"},
			"cfn_nag": {"W11", "W12", "W13"},
			"kics":    {"e835bd0d-65da-49f7-b6d1-b646da8727e6"},
			"trivy":   {"AVD-AWS-0057"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, st := range allowStatementsOf(p, r, identityDocs) {
			if st.GrantsFullAdmin() || onlyResourcelessActions(st) {
				continue // IAM001 reports it, or no action could be scoped
			}
			for _, res := range st.Elements("Resource") {
				if isWildcardResource(res.Value) {
					ReportStatement(p, r, st, res.Path, "%s allows %s on every resource (Resource \"*\")",
						st.Name(), st.ActionSummary())
				}
			}
		}
	},
}
