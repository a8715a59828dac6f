package iam

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// UserDirectPermissions is IAM024.
var UserDirectPermissions = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM024",
		Slug:     "iam-user-direct-permissions",
		Family:   rule.IAM,
		Severity: rule.Low,
		Sets:     []string{"hygiene"},
		Title:    "Permissions granted directly to IAM users",
		Description: "Policies attached to individual users drift apart and are hard to review or revoke when " +
			"people change roles (CIS AWS Foundations 1.15). Granting permissions through groups, or better " +
			"through roles assumed via IAM Identity Center, keeps them in one place.",
		Remediation: "Attach the policy to a group and add the user to it (Groups on the user, Groups on the " +
			"policy), or move the person to IAM Identity Center and a permission set.",
		ResourceTypes: []string{"AWS::IAM::User", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::UserPolicy"},
		Aliases: map[string][]string{
			"cfn_nag": {"F10", "F11", "F12"},
			"checkov": {"CKV_AWS_40"},
			"kics": {"e4239438-e639-44aa-adb8-866e400e3ade", "edc95c10-7366-4f30-9b4b-f995c84eceb5",
				"0e5872b4-19a0-4165-8b2f-56d9e14b909f", "5e7acff5-095b-40ac-9073-ac2e4ad8a512"},
			"trivy": {"AVD-AWS-0143"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		nonEmpty := func(key string) bool {
			v := r.Prop(key)
			return v != nil && v.Kind == model.List && len(v.Items()) > 0
		}
		switch r.Type {
		case "AWS::IAM::User":
			if nonEmpty("Policies") {
				p.Report(r, model.Path{"Properties", "Policies"}, "user %s has inline policies of its own", r.ID)
			}
			if nonEmpty("ManagedPolicyArns") {
				p.Report(r, model.Path{"Properties", "ManagedPolicyArns"}, "user %s has managed policies attached "+
					"directly", r.ID)
			}
		case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
			if nonEmpty("Users") {
				p.Report(r, model.Path{"Properties", "Users"}, "policy %s is attached directly to %s", r.ID, Attachments(r))
			}
		case "AWS::IAM::UserPolicy":
			p.Report(r, model.Path{"Properties", "UserName"}, "user policy %s is attached directly to user %s", r.ID,
				referenceName(r.Prop("UserName")))
		}
	},
}
