package iam

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// TrustAnyPrincipal is IAM008.
var TrustAnyPrincipal = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM008",
		Slug:     "iam-trust-any-principal",
		Family:   rule.IAM,
		Severity: rule.Critical,
		Title:    "Role trust policy allows any principal to assume the role",
		Description: "A trust policy with Principal \"*\" (or AWS \"*\") lets any AWS identity in any account " +
			"assume the role and use its permissions. It is safe only when a Condition ties the caller to an " +
			"account, organisation, principal ARN, external id or network with a positive operator; " +
			"…IfExists and negated operators do not, because a request without the key passes them.",
		Remediation: "Name the trusted account, role or service in Principal. If a wildcard principal is " +
			"intended, add a Condition such as StringEquals aws:PrincipalOrgID or aws:PrincipalAccount.",
		ResourceTypes: TrustTypes,
		Aliases: map[string][]string{
			"checkov": {"CKV_AWS_60"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, st := range allowStatementsOf(p, r, trustDocs) {
			if st.RestrictsPrincipal() {
				continue
			}
			for _, pr := range st.PublicPrincipals() {
				ReportStatement(p, r, st, pr.Path, "%s lets any AWS principal (%s) assume the role, with no "+
					"condition restricting the caller's account, organisation or ARN", st.Name(), principalText(pr))
			}
		}
	},
}

// principalText renders a principal for messages: `Principal "*"` or
// `Principal.AWS "*"`.
func principalText(pr Principal) string {
	if pr.Type == "" {
		return "Principal " + pr.Value.Describe()
	}
	return "Principal." + pr.Type + " " + pr.Value.Describe()
}
