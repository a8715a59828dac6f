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
			"Foundations asks that no network ACL allows such ingress. When the entry also opens every port or " +
			"protocol (NET012), this one finding is reported at the Protocol or PortRange that does so.",
		Remediation: "Limit the entry's CidrBlock to administrative networks, or deny tcp 22 and 3389 from the " +
			"internet with a lower-numbered deny entry.",
		ResourceTypes: []string{typeNACLEntry},
		Aliases:       map[string][]string{"trivy": {"AVD-AWS-0105"}},
		// Where NET012's condition also holds (every port or protocol), the
		// one finding is reported at NET012's place, so NET013 implies it
		// there.
		Implies: []string{"NET012"},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		e := ReadNACLEntry(r)
		ports := adminFromWorld(e)
		if len(ports) == 0 {
			return
		}
		path := model.Path{"Properties", e.CIDR.Key}
		if everything, _, ok := naclAllowsEverything(e); ok {
			path = everything
		}
		p.Report(r, path, "%s allows ingress from %s on %s, exposing %s",
			r.ID, e.CIDR.Describe(), e.Traffic, portList(portNames(ports)))
	},
}

// adminFromWorld is NET013's condition: the SSH/RDP ports an allow entry
// opens to the whole internet, inbound.
func adminFromWorld(e NACLEntry) []servicePort {
	if !e.Allow || !e.EgressKnown || e.Egress || !e.World() {
		return nil
	}
	return covered(e.Traffic, adminPorts)
}
