package iam

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// AllowNotAction is IAM004.
var AllowNotAction = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM004",
		Slug:     "iam-allow-not-action",
		Family:   rule.IAM,
		Severity: rule.Medium,
		Title:    "Policy statement uses Allow with NotAction",
		Description: "Allow with NotAction grants every action except the listed ones, including actions of " +
			"services added after the policy was written. \"Allow NotAction iam:* on *\" is close to full " +
			"administrator access. Deny with NotAction is a normal guardrail and is not reported.",
		Remediation: "List the allowed actions in Action instead. To carve exceptions out of a broad grant, keep " +
			"the Allow explicit and add a Deny statement (Deny with NotAction is fine).",
		ResourceTypes: IdentityAndResourceTypes,
		Aliases: map[string][]string{
			"cfn_nag": {"W14", "W15", "W16", "W17", "W18", "W19", "W20"},
			"kics":    {"818f38ed-8446-4132-9c03-474d49e10195"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, st := range allowStatementsOf(p, r, identityDocs|trustDocs|resourceDocs) {
			if !st.HasNonEmpty("NotAction") {
				continue
			}
			scope := ""
			if st.AnyResourceWildcard() {
				scope = " on every resource (Resource \"*\"), close to full access"
			}
			ReportStatement(p, r, st, st.Path.Append("NotAction"),
				"%s uses Allow with NotAction: it grants every action except those listed%s", st.Name(), scope)
		}
	},
}
