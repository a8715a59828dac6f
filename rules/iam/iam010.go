package iam

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// PassRoleWildcard is IAM010.
var PassRoleWildcard = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM010",
		Slug:     "iam-passrole-wildcard-resource",
		Family:   rule.IAM,
		Severity: rule.High,
		Title:    `iam:PassRole allowed on Resource "*"`,
		Description: "iam:PassRole on every role lets the holder hand any role in the account, including " +
			"administrator roles, to a service it controls (a Lambda function, an EC2 instance, a Glue job) and " +
			"then act with that role's permissions: a classic privilege escalation. A Condition on " +
			"iam:PassedToService limits the services but not the roles, so it does not clear the finding.",
		Remediation: "Restrict Resource to the ARNs of the roles the workload must pass " +
			"(arn:aws:iam::<account>:role/my-task-role) and add a Condition on iam:PassedToService.",
		ResourceTypes: IdentityTypes,
		Aliases: map[string][]string{
			"cfn_nag": {"F38", "F39", "F40"},
			"checkov": {"CKV_AWS_110"},
			"trivy":   {"AVD-AWS-0342"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, st := range allowStatementsOf(p, r, identityDocs) {
			if !passesAnyRole(st) {
				continue
			}
			note := ""
			if conds, _ := st.Conditions(); hasConditionKey(conds, "iam:PassedToService") {
				note = "; its iam:PassedToService condition limits the services, not the roles"
			}
			for _, a := range st.ActionsMatching("iam:PassRole") {
				ReportStatement(p, r, st, a.Path, "%s allows iam:PassRole (via %s) for every role (Resource \"*\")%s",
					st.Name(), a.Value.Describe(), note)
			}
		}
	},
}

// passesAnyRole reports a statement that IAM010 reports: iam:PassRole on
// Resource "*", not already reported as full admin by IAM001.
func passesAnyRole(st Statement) bool {
	return st.IsAllow() && !st.GrantsFullAdmin() && st.AnyResourceWildcard() &&
		len(st.ActionsMatching("iam:PassRole")) > 0
}

func hasConditionKey(conds []Condition, key string) bool {
	for _, c := range conds {
		if strings.EqualFold(c.Key, key) {
			return true
		}
	}
	return false
}
