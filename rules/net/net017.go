package net

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// MQPublic is NET017.
var MQPublic = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET017",
		Slug:     "net-mq-publicly-accessible",
		Family:   rule.NET,
		Severity: rule.High,
		Title:    "Amazon MQ broker is publicly accessible",
		Description: "A publicly accessible Amazon MQ broker exposes its messaging endpoints and web console on the " +
			"internet, where the only protection left is the broker's own user passwords.",
		Remediation: "Set PubliclyAccessible: false and give clients access through the VPC (subnets and security " +
			"groups of the broker).",
		ResourceTypes: []string{"AWS::AmazonMQ::Broker"},
		Aliases: map[string][]string{
			"checkov": {"CKV_AWS_69"},
			"kics":    {"68b6a789-82f8-4cfd-85de-e95332fe6a61"},
			"trivy":   {"AVD-AWS-0072"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		if r.Prop("PubliclyAccessible").IsTrue() {
			p.Report(r, model.Path{"Properties", "PubliclyAccessible"}, "%s sets PubliclyAccessible to true", r.ID)
		}
	},
}
