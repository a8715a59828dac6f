package net

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// SubnetPublicIP is NET021.
var SubnetPublicIP = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET021",
		Slug:     "net-subnet-public-ip-on-launch",
		Family:   rule.NET,
		Severity: rule.Low,
		Sets:     []string{"hygiene"},
		Title:    "Subnet assigns public IPv4 addresses on launch",
		Description: "With MapPublicIpOnLaunch every instance and network interface launched into the subnet gets a " +
			"public IPv4 address by default, so anything placed there is internet-addressable whether or not it " +
			"was meant to be.",
		Remediation: "Set MapPublicIpOnLaunch: false and give public addresses only to the resources that need them " +
			"(load balancers, NAT gateways, explicitly requested Elastic IPs).",
		ResourceTypes: []string{"AWS::EC2::Subnet"},
		Aliases: map[string][]string{
			"cfn_nag": {"W33"},
			"kics":    {"b3de4e4c-14be-4159-b99d-9ad194365e4c"},
			"trivy":   {"AVD-AWS-0164"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		if r.Prop("MapPublicIpOnLaunch").IsTrue() {
			p.Report(r, model.Path{"Properties", "MapPublicIpOnLaunch"},
				"%s gives every instance launched into it a public IPv4 address", r.ID)
		}
	},
}
