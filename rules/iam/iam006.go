package iam

import (
	"slices"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// AllowNotPrincipal is IAM006.
var AllowNotPrincipal = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM006",
		Slug:     "iam-allow-not-principal",
		Family:   rule.IAM,
		Severity: rule.High,
		Title:    "Trust or resource policy uses Allow with NotPrincipal",
		Description: "Allow with NotPrincipal grants access to every principal except the listed ones, which " +
			"includes anonymous users and every other AWS account. It is almost always a mistake for Deny " +
			"with NotPrincipal, which is the legitimate idiom and is not reported.",
		Remediation: "Name the principals that need access in Principal. To exclude principals from a broad " +
			"grant, use a Deny statement with a Condition on aws:PrincipalArn.",
		ResourceTypes: append(slices.Clone(TrustTypes), ResourcePolicyTypes...),
		Aliases: map[string][]string{
			"cfn_nag": {"F6", "F7", "F8", "F9"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, st := range allowStatementsOf(p, r, trustDocs|resourceDocs) {
			if !st.Has("NotPrincipal") {
				continue
			}
			ReportStatement(p, r, st, st.Path.Append("NotPrincipal"),
				"%s uses Allow with NotPrincipal: every principal except those listed, including anonymous "+
					"users, is granted %s%s", st.Name(), st.ActionSummary(), PolicyTarget(r))
		}
	},
}
