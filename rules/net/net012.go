package net

import (
	"fmt"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

const typeNACLEntry = "AWS::EC2::NetworkAclEntry"

// NACLAllowsEverything is NET012.
var NACLAllowsEverything = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET012",
		Slug:     "net-nacl-allow-all-ports",
		Family:   rule.NET,
		Severity: rule.Low,
		Sets:     []string{"hygiene"},
		Title:    "Network ACL allow entry covers all protocols or all ports",
		Description: "Network ACLs are the subnet-level second layer behind security groups. An allow entry for " +
			"protocol -1, for a protocol number other than ICMP/TCP/UDP (AWS then allows every port), or for tcp/udp " +
			"over every port turns that layer into a pass-through. ICMPv6 (58) entries on an IPv6 block that name an " +
			"ICMP type and code are fine; deny entries never match. An ingress entry from the whole internet that " +
			"thereby also exposes SSH or RDP is reported once, as NET013, at this rule's place.",
		Remediation: "Allow only the protocols and port ranges the subnet serves (for example tcp 443 inbound and " +
			"the ephemeral range 1024-65535 for return traffic), and let the default deny handle the rest.",
		ResourceTypes: []string{typeNACLEntry},
		Aliases: map[string][]string{
			"cfn_nag": {"W66", "W67"},
			"kics":    {"03879981-efa2-47a0-a818-c843e1441b88", "f57f849c-883b-4cb7-85e7-f7b199dff163"},
			"trivy":   {"AVD-AWS-0102"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		e := ReadNACLEntry(r)
		path, msg, ok := naclAllowsEverything(e)
		if !ok || len(adminFromWorld(e)) > 0 {
			return // NET013 reports an entry that also exposes SSH/RDP to the world
		}
		p.Report(r, path, "%s", msg)
	},
}

// naclAllowsEverything is NET012's condition: where the entry opens every
// port (or protocol) and how to say it.
func naclAllowsEverything(e NACLEntry) (model.Path, string, bool) {
	r, t := e.Resource, e.Traffic
	if !e.Allow || !t.Known {
		return nil, "", false
	}
	switch {
	case t.AllProtos:
	case t.HasPorts:
		if !t.Everything() {
			return nil, "", false
		}
		path := model.Path{"Properties", "PortRange"}
		if r.Prop("PortRange") == nil {
			path = model.Path{"Properties", "Protocol"}
		}
		return path, fmt.Sprintf("%s allows %s on every port (%s) for %s", r.ID, e.Direction(), t, e.Peer()), true
	case t.Proto == "icmp":
		return nil, "", false
	case t.Proto == "icmpv6" && e.CIDR.Key == "Ipv6CidrBlock" && icmpSpecified(r):
		return nil, "", false
	}
	what := t.String()
	if !t.AllProtos {
		what += " (AWS allows every port)"
	}
	return model.Path{"Properties", "Protocol"}, fmt.Sprintf("%s allows %s of %s for %s", r.ID, e.Direction(), what, e.Peer()), true
}

// icmpSpecified reports an Icmp block that names both type and code; an
// opaque block may, so it counts.
func icmpSpecified(r *model.Resource) bool {
	icmp := r.Prop("Icmp")
	return icmp.IsUnknown() || icmp.Get("Type") != nil && icmp.Get("Code") != nil
}
