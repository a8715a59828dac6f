package iam

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// ElevatedManagedPolicyAttached is IAM018.
var ElevatedManagedPolicyAttached = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM018",
		Slug:     "iam-elevated-managed-policy-attached",
		Family:   rule.IAM,
		Severity: rule.Medium,
		Title:    "Role attached to elevated AWS-managed policies (PowerUserAccess, IAMFullAccess)",
		Description: "PowerUserAccess allows every action outside IAM and Organizations, and IAMFullAccess allows " +
			"every IAM action, which is enough to grant oneself administrator access. Other AWS-managed policies " +
			"grant a whole service on every resource (AmazonS3FullAccess: s3:* on \"*\"); cfnvet reports those " +
			"its pinned copy of the managed policy documents shows doing so (docs/data.md), and the ones AWS " +
			"deprecates while they grant writes on every resource (AmazonEC2RoleforSSM: s3:PutObject on \"*\", " +
			"replaced by AmazonSSMManagedInstanceCore). Each is far more than a workload needs.",
		Remediation: "Replace the managed policy with one that lists the actions and resources the principal uses; " +
			"for a deprecated policy, at least with the replacement AWS names.",
		ResourceTypes: ManagedPolicyTypes,
		Aliases: map[string][]string{
			"cfn_nag": {"W44"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, ref := range ManagedPolicyRefs(r) {
			if name, what, elevated := elevatedManagedPolicy(r, ref); elevated {
				p.Report(r, ref.Path, "%s attaches the AWS-managed %s policy (%s): %s", r.ID, name,
					describeRef(ref.Value), what)
			}
		}
	},
}

// elevatedPolicies are AWS-managed policies one step below
// AdministratorAccess, with what each allows.
var elevatedPolicies = map[string]string{
	"PowerUserAccess": "every action outside IAM and Organizations",
	"IAMFullAccess":   "every IAM action, enough to grant itself administrator access",
}
