package net

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// IngressAllProtocols is NET005.
var IngressAllProtocols = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET005",
		Slug:     "net-ingress-all-protocols",
		Family:   rule.NET,
		Severity: rule.Low,
		Sets:     []string{"hygiene"},
		Title:    "Security group ingress allows all protocols",
		Description: "IpProtocol -1 (or \"all\") opens every protocol and every port to the rule's source, whatever " +
			"FromPort and ToPort say. Even from a trusted network or security group this is broader than any " +
			"workload needs and lets a compromised peer reach every service on the instance. Rules in which a " +
			"group admits its own members are exempt: that is the usual way to let cluster nodes talk to each other.",
		Remediation:   "Name the protocol (tcp, udp, icmp) and the port range the source actually needs.",
		ResourceTypes: []string{typeSG, typeIngress},
		Aliases: map[string][]string{
			"cfn_nag": {"W42"},
			"kics":    {"1a427b25-2e9e-4298-9530-0499a55e736b"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, s := range Sites(p.View, r, false) {
			if t := s.TrafficOf(); t.AllProtos && !s.MaySelfReference(p.View) {
				p.Report(r, s.Path.Append("IpProtocol"), "%s allows all protocols and ports from %s", s.Name(), s.Peer())
			}
		}
	},
}
