package net

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// RDSPublic is NET014.
var RDSPublic = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET014",
		Slug:     "net-rds-publicly-accessible",
		Family:   rule.NET,
		Severity: rule.High,
		Title:    "RDS DB instance is (or may be) publicly accessible",
		Description: "A publicly accessible DB instance gets a DNS name that resolves to a public IP, so its " +
			"database port can be reached from the internet wherever security groups allow it. When " +
			"PubliclyAccessible is omitted, AWS decides from the subnet group: an instance in the default VPC or a " +
			"default subnet group comes up public. Only an explicit false makes the template's intent certain.",
		Remediation: "Set PubliclyAccessible: false and place the instance in private subnets (a DBSubnetGroup " +
			"without routes to an internet gateway).",
		ResourceTypes: []string{"AWS::RDS::DBInstance"},
		Aliases: map[string][]string{
			"cfn_nag": {"F22"},
			"checkov": {"CKV_AWS_17"},
			"kics":    {"de38e1d5-54cb-4111-a868-6f7722695007"},
			"trivy":   {"AVD-AWS-0180"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		path := model.Path{"Properties", "PubliclyAccessible"}
		switch v := r.Prop("PubliclyAccessible"); {
		case v.IsTrue():
			p.Report(r, path, "%s sets PubliclyAccessible to true", r.ID)
		case v == nil:
			where := "AWS decides from its DB subnet group"
			switch {
			case r.Prop("DBClusterIdentifier") != nil:
				where = "AWS decides from its cluster's DB subnet group"
			case r.Prop("DBSubnetGroupName") == nil:
				where = "without a DBSubnetGroupName it goes into the default VPC, where AWS makes it public"
			}
			p.Report(r, path, "%s does not set PubliclyAccessible (not explicitly disabled; %s)", r.ID, where)
		}
	},
}
