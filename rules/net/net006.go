package net

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// EgressOpenToWorld is NET006.
var EgressOpenToWorld = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET006",
		Slug:     "net-egress-open-to-world",
		Family:   rule.NET,
		Severity: rule.Low,
		Sets:     []string{"egress"},
		Title:    "Security group egress open to the world",
		Description: "An egress rule to 0.0.0.0/0 or ::/0 lets the attached resources connect to any address on " +
			"the internet. That is the path malware uses to fetch payloads and reach command-and-control servers, " +
			"and the path stolen data leaves by.",
		Remediation: "Allow outbound traffic only to the destinations the workload needs: VPC endpoints, prefix " +
			"lists, specific CIDRs or security groups, or route it through a proxy or NAT with egress filtering.",
		ResourceTypes: []string{typeSG, typeEgress},
		Aliases: map[string][]string{
			"cfn_nag": {"W5"},
			"kics":    {"1cc2fbd7-816c-4fbf-ad6d-38a4afa4312a", "66f2d8f9-a911-4ced-ae27-34f09690bb2c"},
			"trivy":   {"AVD-AWS-0104"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, s := range Sites(p.View, r, true) {
			if c, ok := s.WorldCIDR(); ok {
				p.Report(r, s.Path.Append(c.Key), "%s allows outbound %s to %s%s", s.Name(), s.TrafficOf(), c.Describe(), s.portProvenance())
			}
		}
	},
}
