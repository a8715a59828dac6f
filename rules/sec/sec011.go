package sec

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// LoginProfileReset is SEC011.
var LoginProfileReset = &rule.Rule{
	Meta: rule.Meta{
		ID:       "SEC011",
		Slug:     "iam-login-profile-no-password-reset",
		Family:   rule.SEC,
		Severity: rule.Low,
		Sets:     []string{"hygiene"},
		Title:    "IAM user login profile does not require a password reset",
		Description: "The initial console password of a login profile is known to whoever wrote or deployed the " +
			"template. Unless PasswordResetRequired is true, the user may keep it, so it remains a shared secret.",
		Remediation: "Set LoginProfile.PasswordResetRequired: true (and prefer IAM Identity Center over IAM users " +
			"with console passwords).",
		ResourceTypes: []string{"AWS::IAM::User"},
		Aliases: map[string][]string{
			"cfn_nag": {"W50"},
			"kics":    {"a964d6e3-8e1e-4d93-8120-61fa640dd55a"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		lp := r.Prop("LoginProfile")
		if lp == nil || lp.Kind != model.Map {
			return
		}
		reset := lp.Get("PasswordResetRequired")
		if reset == nil || reset.IsFalse() {
			p.Report(r, model.Path{"Properties", "LoginProfile", "PasswordResetRequired"},
				"user %s keeps its initial console password (LoginProfile.PasswordResetRequired is not true)", r.ID)
		}
	},
}
