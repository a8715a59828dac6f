package net

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// IngressBroaderThanHost is NET009, off unless selected.
var IngressBroaderThanHost = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET009",
		Slug:     "net-ingress-cidr-not-single-host",
		Family:   rule.NET,
		Severity: rule.Low,
		Sets:     []string{"hygiene"},
		Title:    "Security group ingress CIDR broader than a single host",
		Description: "Allowing a whole network (anything wider than /32 for IPv4 or /128 for IPv6) admits every " +
			"host in it, including ones added later. Strict environments want ingress pinned to individual hosts or " +
			"security groups. Most templates legitimately allow VPC or office ranges, so the rule is off by default; " +
			"world-open CIDRs are NET001–NET004's business and are not repeated here.",
		Remediation: "Use a security group or prefix list as the source, or narrow the CIDR to the hosts that " +
			"need access.",
		ResourceTypes: []string{typeSG, typeIngress},
		Aliases: map[string][]string{
			"cfn_nag": {"W9"},
			"kics":    {"0104165b-02d5-426f-abc9-91fb48189899"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, s := range Sites(p.View, r, false) {
			c, ok := s.CIDR()
			if !ok || c.World() || c.Prefix.IsSingleIP() {
				continue
			}
			p.Report(r, s.Path.Append(c.Key), "%s allows %s, a /%d network rather than a single host, on %s",
				s.Name(), c, c.Prefix.Bits(), s.TrafficOf())
		}
	},
}
