package sec

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// MasterUsername is SEC012.
var MasterUsername = &rule.Rule{
	Meta: rule.Meta{
		ID:       "SEC012",
		Slug:     "db-master-username-hard-coded",
		Family:   rule.SEC,
		Severity: rule.Low,
		Sets:     []string{"hygiene"},
		Title:    "Database master username hard-coded",
		Description: "A fixed, well-known master username (admin, postgres, root) saves an attacker half of a " +
			"credential guess. The username is reported when it is a literal or a Ref to a parameter with a " +
			"Default. Disabled by default: a username is not a secret, and most teams accept a fixed one.",
		Remediation: "Let Secrets Manager manage the master credentials (ManageMasterUserPassword with " +
			"MasterUserSecret), or pass the username as a parameter without Default.",
		ResourceTypes: []string{"AWS::RDS::DBInstance"},
		Aliases: map[string][]string{
			"cfn_nag": {"F24"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		n := r.Node.Get("Properties").Get("MasterUsername")
		if j := Judge(p.View.Template, viewParams(p.View), n); j.Verdict == HardCoded {
			p.Report(r, model.Path{"Properties", "MasterUsername"}, "master username of %s is hard-coded: %s", r.ID, j.Why)
		}
	},
}
