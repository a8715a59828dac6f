package iam

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// AllowNotResource is IAM005.
var AllowNotResource = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM005",
		Slug:     "iam-allow-not-resource",
		Family:   rule.IAM,
		Severity: rule.Medium,
		Title:    "Policy statement uses Allow with NotResource",
		Description: "Allow with NotResource applies the statement's actions to every resource except the listed " +
			"ones, including resources created later and in other accounts where the action allows it. With a " +
			"wildcard action it behaves like full administrator access minus a few ARNs.",
		Remediation:   "List the resources the actions apply to in Resource. Express exceptions as a Deny statement.",
		ResourceTypes: IdentityAndResourceTypes,
		Aliases: map[string][]string{
			"cfn_nag": {"W21", "W22", "W23"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, st := range allowStatementsOf(p, r, identityDocs|resourceDocs) {
			if !st.HasNonEmpty("NotResource") {
				continue
			}
			ReportStatement(p, r, st, st.Path.Append("NotResource"),
				"%s uses Allow with NotResource: %s applies to every resource except those listed",
				st.Name(), st.ActionSummary())
		}
	},
}
