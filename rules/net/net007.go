package net

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// EgressAllProtocols is NET007.
var EgressAllProtocols = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET007",
		Slug:     "net-egress-all-protocols",
		Family:   rule.NET,
		Severity: rule.Low,
		Sets:     []string{"egress"},
		Title:    "Security group egress allows all protocols",
		Description: "An egress rule with IpProtocol -1 (or \"all\") allows every protocol and port to its " +
			"destination. Narrow egress limits what a compromised instance can reach and how it can tunnel data out.",
		Remediation: "Name the protocols and ports the workload needs to reach (for example tcp/443 to a prefix list " +
			"or VPC endpoint security group).",
		ResourceTypes: []string{typeSG, typeEgress},
		Aliases: map[string][]string{
			"cfn_nag": {"W40"},
			"kics":    {"ee464fc2-54a6-4e22-b10a-c6dcd2474d0c"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, s := range Sites(p.View, r, true) {
			if s.TrafficOf().AllProtos {
				p.Report(r, s.Path.Append("IpProtocol"), "%s allows all protocols and ports to %s", s.Name(), s.Peer())
			}
		}
	},
}
