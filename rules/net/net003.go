package net

import (
	"fmt"

	"github.com/cfnvet/cfnvet/engine/rule"
)

// AllTrafficFromWorld is NET003.
var AllTrafficFromWorld = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET003",
		Slug:     "net-all-traffic-from-world",
		Family:   rule.NET,
		Severity: rule.Critical,
		Title:    "Security group allows all traffic from the world",
		Description: "An ingress rule with IpProtocol -1 (every protocol; FromPort/ToPort are then ignored), or tcp/udp " +
			"over the whole 0-65535 range, from 0.0.0.0/0 or ::/0 puts every service on the attached instances " +
			"on the internet, including ones that were never meant to listen publicly such as databases, " +
			"metadata proxies and debugging ports.",
		Remediation: "Replace the rule with rules for the specific protocols and ports the workload serves, and " +
			"restrict their sources to the networks or security groups that need them.",
		Implies:       []string{"NET004", "NET002", "NET001"},
		ResourceTypes: []string{typeSG, typeIngress},
		Aliases: map[string][]string{
			"cdk_nag": {"AwsSolutions-EC23"},
			"guard":   {"EC2_SECURITY_GROUP_INGRESS_OPEN_TO_WORLD_RULE"},
			"cfn_nag": {"W2", "W42"},
			"kics":    {"adcd0082-e90b-4b63-862b-21899f6e6a48", "e415f8d3-fc2b-4f52-88ab-1129e8c8d3f5"},
		},
	},
	Check: checkExposure(ExposedAll, func(s Site, e WorldExposure) string {
		return fmt.Sprintf("%s allows all traffic from %s (%s)", s.Name(), e.CIDR.Describe(), e.Traffic)
	}),
}
