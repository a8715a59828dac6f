package iam

import (
	"sort"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// PrivilegeEscalation is IAM011.
var PrivilegeEscalation = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM011",
		Slug:     "iam-privilege-escalation-actions",
		Family:   rule.IAM,
		Severity: rule.High,
		Title:    `Identity policy grants privilege-escalation actions on Resource "*"`,
		Description: "Some single actions let a principal raise its own permissions when they apply to every " +
			"resource: writing or attaching policies to itself (iam:PutRolePolicy, iam:AttachUserPolicy, " +
			"iam:CreatePolicyVersion, …), minting credentials for other users (iam:CreateAccessKey, " +
			"iam:CreateLoginProfile), rewriting a role's trust (iam:UpdateAssumeRolePolicy), joining a more " +
			"privileged group, or replacing the code that runs under another role (lambda:UpdateFunctionCode, " +
			"glue:UpdateDevEndpoint). The list is the single-action subset of the privilege-escalation methods " +
			"that cloudsplaining tracks; iam:PassRole is IAM010.",
		Remediation: "Scope these actions to the specific users, roles, policies or functions the workload " +
			"manages, or add a permissions boundary that the principal cannot change.",
		ResourceTypes: IdentityTypes,
		Aliases: map[string][]string{
			"checkov": {"CKV_AWS_110", "CKV_AWS_109"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, st := range allowStatementsOf(p, r, identityDocs) {
			if st.GrantsFullAdmin() || passesAnyRole(st) || !st.AnyResourceWildcard() {
				continue // IAM001 / IAM010 report it, or it is scoped
			}
			for _, a := range st.Elements("Action") {
				pat, ok := a.Value.Str()
				if !ok {
					continue
				}
				var hits []string
				for _, action := range escalationActions {
					if actionGlobMatches(pat, action) {
						hits = append(hits, action)
					}
				}
				if len(hits) == 0 {
					continue
				}
				sort.Strings(hits)
				what := strings.Join(hits, ", ")
				if len(hits) > 3 {
					what = strings.Join(hits[:3], ", ") + " and more"
				}
				ReportStatement(p, r, st, a.Path, "%s allows privilege-escalation actions (%s via %s) on every resource",
					st.Name(), what, a.Value.Describe())
			}
		}
	},
}

// escalationActions are single actions that escalate privilege when granted
// on every resource (pinned from cloudsplaining's privilege-escalation
// methods; combinations such as PassRole + lambda:CreateFunction are left
// to IAM010).
var escalationActions = []string{
	"iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
	"iam:AttachUserPolicy", "iam:AttachGroupPolicy", "iam:AttachRolePolicy",
	"iam:PutUserPolicy", "iam:PutGroupPolicy", "iam:PutRolePolicy",
	"iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
	"iam:UpdateAssumeRolePolicy", "iam:AddUserToGroup",
	"lambda:UpdateFunctionCode", "glue:UpdateDevEndpoint",
}
