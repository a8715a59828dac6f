package net

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// DMSPublic is NET015.
var DMSPublic = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET015",
		Slug:     "net-dms-publicly-accessible",
		Family:   rule.NET,
		Severity: rule.High,
		Title:    "DMS replication instance is publicly accessible",
		Description: "A DMS replication instance holds credentials for, and network paths to, both the source and the " +
			"target database. PubliclyAccessible defaults to true, so an instance that does not set it gets a " +
			"public IP address.",
		Remediation: "Set PubliclyAccessible: false and run the instance in private subnets; reach on-premises " +
			"databases over VPN or Direct Connect.",
		ResourceTypes: []string{"AWS::DMS::ReplicationInstance"},
		Aliases: map[string][]string{
			"cfn_nag": {"W91"},
			"checkov": {"CKV_AWS_89"},
			"kics":    {"5864fb39-d719-4182-80e2-89dbe627be63"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		path := model.Path{"Properties", "PubliclyAccessible"}
		switch v := r.Prop("PubliclyAccessible"); {
		case v.IsTrue():
			p.Report(r, path, "%s sets PubliclyAccessible to true", r.ID)
		case v == nil:
			p.Report(r, path, "%s does not set PubliclyAccessible, which defaults to true", r.ID)
		}
	},
}
