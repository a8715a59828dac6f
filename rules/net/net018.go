package net

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// MSKPublic is NET018.
var MSKPublic = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET018",
		Slug:     "net-msk-public-access",
		Family:   rule.NET,
		Severity: rule.High,
		Title:    "MSK cluster brokers have public access",
		Description: "With public access type SERVICE_PROVIDED_EIPS, every MSK broker gets an Elastic IP and accepts " +
			"Kafka clients from the internet, subject only to security groups and client authentication.",
		Remediation: "Set BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type to DISABLED and connect clients " +
			"through the VPC, VPC peering or MSK multi-VPC private connectivity.",
		ResourceTypes: []string{"AWS::MSK::Cluster"},
		Aliases: map[string][]string{
			"checkov": {"CKV_AWS_291"},
			"kics":    {"0ce1ba20-8ba8-4364-836f-40c24b8cb0ab"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		path := model.Path{"Properties", "BrokerNodeGroupInfo", "ConnectivityInfo", "PublicAccess", "Type"}
		v := r.Properties
		for _, k := range path[1:] {
			v = v.Get(k.(string))
		}
		if s, ok := v.Str(); ok && s == "SERVICE_PROVIDED_EIPS" {
			p.Report(r, path, "%s gives its brokers public IP addresses (PublicAccess.Type %s)", r.ID, s)
		}
	},
}
