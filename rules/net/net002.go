package net

import (
	"fmt"

	"github.com/cfnvet/cfnvet/engine/rule"
)

// AdminPortsOpenToWorld is NET002.
var AdminPortsOpenToWorld = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET002",
		Slug:     "net-ssh-rdp-open-to-world",
		Family:   rule.NET,
		Severity: rule.High,
		Title:    "Security group allows SSH (22) or RDP (3389) from the world",
		Description: "Remote-administration services reachable from any address are among the first things " +
			"internet-wide scanners probe: exposed SSH and RDP endpoints see constant password guessing and are a " +
			"common ransomware entry point. A rule matches when its tcp range covers 22 or 3389 (udp: 3389). " +
			"ICMP rules never match, because their FromPort/ToPort are an ICMP type and code.",
		Remediation: "Allow SSH/RDP only from known administrative networks or a bastion's security group, or " +
			"remove the rule and use AWS Systems Manager Session Manager or EC2 Instance Connect Endpoint.",
		Implies:       []string{"NET001"},
		ResourceTypes: []string{typeSG, typeIngress},
		Aliases: map[string][]string{
			"cdk_nag": {"AwsSolutions-EC23"},
			"guard":   {"EC2_SECURITY_GROUP_INGRESS_OPEN_TO_WORLD_RULE"},
			"cfn_nag": {"W2"},
			"checkov": {"CKV_AWS_24", "CKV_AWS_25"},
			"kics": {"6e856af2-62d7-4ba2-adc1-73b62cef9cc1", "3ae83918-7ec7-4cb8-80db-b91ef0f94002",
				"c9846969-d066-431f-9b34-8c4abafe422a"},
			"trivy": {"AVD-AWS-0107"},
		},
	},
	Check: checkExposure(ExposedAdmin, func(s Site, e WorldExposure) string {
		return fmt.Sprintf("%s allows %s on %s, exposing %s", s.Name(), e.CIDR.Describe(), e.Traffic, portList(e.Ports))
	}),
}
