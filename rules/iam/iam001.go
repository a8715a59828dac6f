package iam

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// FullAdmin is IAM001.
var FullAdmin = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM001",
		Slug:     "iam-full-admin-policy",
		Family:   rule.IAM,
		Severity: rule.Critical,
		Title:    `Identity policy grants full administrative access (Action "*" on Resource "*")`,
		Description: "An Allow statement with Action \"*\" on Resource \"*\" gives the principal every permission in the " +
			"account, including the power to grant itself more. A leaked credential or a compromised workload " +
			"holding such a policy is a full account compromise. A Condition narrows when the statement applies " +
			"but not what it grants, so it does not clear the finding.",
		Remediation: "List the specific actions the workload needs (for example s3:GetObject) and the ARNs of the " +
			"resources it uses. Use IAM Access Analyzer policy generation to derive a least-privilege policy from " +
			"CloudTrail activity.",
		ResourceTypes: IdentityTypes,
		Aliases: map[string][]string{
			"cfn_nag": {"F3", "F4", "F5"},
			"checkov": {"CKV_AWS_62"},
			"kics": {"953b3cdb-ce13-428a-aa12-318726506661", "f62aa827-4ade-4dc4-89e4-1433d384a368",
				"a0ae0a4e-712b-4115-8112-51b9eeed9d69"},
			"trivy": {"AVD-AWS-0057"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, st := range allowStatementsOf(p, r, identityDocs) {
			if !st.GrantsFullAdmin() {
				continue
			}
			note := ""
			if st.Has("Condition") {
				note = "; its Condition narrows when, not what"
			}
			for _, a := range st.Elements("Action") {
				if isFullWildcardAction(a.Value) {
					ReportStatement(p, r, st, a.Path, "%s allows every action (%s) on every resource%s",
						st.Name(), a.Value.Describe(), note)
				}
			}
		}
	},
}
