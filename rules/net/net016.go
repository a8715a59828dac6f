package net

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// RedshiftPublic is NET016.
var RedshiftPublic = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET016",
		Slug:     "net-redshift-publicly-accessible",
		Family:   rule.NET,
		Severity: rule.High,
		Title:    "Redshift cluster is publicly accessible",
		Description: "A publicly accessible Redshift cluster gets a public endpoint, putting the data warehouse one " +
			"security-group mistake away from the internet. New provisioned clusters are private unless " +
			"PubliclyAccessible is set, so an omitted property is reported only with --assume-aws-defaults=false.",
		Remediation: "Set PubliclyAccessible: false (or omit it) and reach the cluster through the VPC, a VPN or " +
			"Redshift-managed VPC endpoints.",
		ResourceTypes: []string{"AWS::Redshift::Cluster"},
		Aliases: map[string][]string{
			"checkov": {"CKV_AWS_87"},
			"kics":    {"bdf8dcb4-75df-4370-92c4-606e4ae6c4d3"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		path := model.Path{"Properties", "PubliclyAccessible"}
		switch v := r.Prop("PubliclyAccessible"); {
		case v.IsTrue():
			p.Report(r, path, "%s sets PubliclyAccessible to true", r.ID)
		case v == nil && !p.Options.AssumeAWSDefaults:
			p.Report(r, path, "%s does not set PubliclyAccessible to false", r.ID)
		}
	},
}
