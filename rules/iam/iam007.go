package iam

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// TrustWildcardAction is IAM007.
var TrustWildcardAction = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM007",
		Slug:     "iam-trust-wildcard-action",
		Family:   rule.IAM,
		Severity: rule.High,
		Title:    "Role trust policy allows a wildcard action",
		Description: "A trust policy only needs the assume action its principal uses (sts:AssumeRole, " +
			"sts:AssumeRoleWithWebIdentity, sts:AssumeRoleWithSAML, plus sts:TagSession or sts:SetSourceIdentity " +
			"when sessions are tagged). \"*\" or \"sts:*\" grants every assume path at once, so a principal " +
			"trusted for one federation flow can use another.",
		Remediation: "Replace the wildcard with the specific sts action the principal uses, for example " +
			"sts:AssumeRole for a service principal.",
		ResourceTypes: TrustTypes,
		Aliases: map[string][]string{
			"cfn_nag": {"F2"},
			"checkov": {"CKV2_AWS_68"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, st := range allowStatementsOf(p, r, trustDocs) {
			for _, a := range st.Elements("Action") {
				s, ok := a.Value.Str()
				s = strings.ToLower(strings.TrimSpace(s))
				if ok && (s == "*" || s == "sts:*") {
					ReportStatement(p, r, st, a.Path, "%s allows the wildcard action %s", st.Name(), a.Value.Describe())
				}
			}
		}
	},
}
