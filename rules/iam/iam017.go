package iam

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// AdministratorAccessAttached is IAM017.
var AdministratorAccessAttached = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM017",
		Slug:     "iam-administrator-access-attached",
		Family:   rule.IAM,
		Severity: rule.High,
		Title:    "Principal attached to the AWS-managed AdministratorAccess policy",
		Description: "The AWS-managed AdministratorAccess policy allows every action on every resource. A role, " +
			"user, group or permission set that carries it can do anything in the account, so a compromise of " +
			"that principal is a compromise of the account.",
		Remediation: "Attach a policy with only the actions and resources the principal needs. For people, use " +
			"a job-function policy or a scoped permission set; for workloads, a customer-managed or inline policy.",
		ResourceTypes: ManagedPolicyTypes,
		Aliases: map[string][]string{
			"cfn_nag": {"W43"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, ref := range ManagedPolicyRefs(r) {
			if name, ok := AWSManagedPolicyName(r, ref); ok && name == "AdministratorAccess" {
				p.Report(r, ref.Path, "%s attaches the AWS-managed AdministratorAccess policy (%s): every action on "+
					"every resource", r.ID, describeRef(ref.Value))
			}
		}
	},
}
