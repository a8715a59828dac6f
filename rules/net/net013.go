package net

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// NACLAdminFromWorld is NET013.
var NACLAdminFromWorld = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET013",
		Slug:     "net-nacl-ssh-rdp-from-world",
		Family:   rule.NET,
		Severity: rule.Medium,
		Title:    "Network ACL allows SSH/RDP ingress from the world",
		Description: "A network ACL that allows SSH (tcp 22) or RDP (3389) in from 0.0.0.0/0 or ::/0 leaves only " +
			"the security groups between the internet and the subnet's remote-administration services. CIS AWS " +
			"Foundations asks that no network ACL allows such ingress.",
		Remediation: "Limit the entry's CidrBlock to administrative networks, or deny tcp 22 and 3389 from the " +
			"internet with a lower-numbered deny entry.",
		ResourceTypes: []string{typeNACLEntry},
		Aliases:       map[string][]string{"trivy": {"AVD-AWS-0105"}},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		e := ReadNACLEntry(r)
		if !e.Allow || !e.EgressKnown || e.Egress || !e.World() {
			return
		}
		if ports := covered(e.Traffic, adminPorts); len(ports) > 0 {
			p.Report(r, model.Path{"Properties", e.CIDR.Key}, "%s allows ingress from %s on %s, exposing %s",
				r.ID, e.CIDR.Describe(), e.Traffic, portList(portNames(ports)))
		}
	},
}
