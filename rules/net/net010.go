package net

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

const typeGameLiftFleet = "AWS::GameLift::Fleet"

// PortRange is NET010.
var PortRange = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET010",
		Slug:     "net-port-range",
		Family:   rule.NET,
		Severity: rule.Low,
		Sets:     []string{"hygiene"},
		Title:    "Security group / GameLift rule uses a port range instead of a single port",
		Description: "A tcp or udp rule whose FromPort and ToPort differ opens every port in between, usually far " +
			"more than the one service it was written for. ICMP rules are not ranges (their FromPort/ToPort are " +
			"type and code) and all-protocol rules are reported by NET005/NET007, so neither is reported here.",
		Remediation: "Open only the ports the service listens on, one rule per port, or document why the range is " +
			"needed (for example an ephemeral-port range for a game server).",
		ResourceTypes: []string{typeSG, typeIngress, typeEgress, typeGameLiftFleet},
		Aliases: map[string][]string{
			"cfn_nag": {"W27", "W29", "W65"},
			"kics": {"87482183-a8e7-4e42-a566-7a23ec231c16", "dae9c373-8287-462f-8746-6f93dad93610",
				"43356255-495d-4148-ad8d-f6af5eac09dd"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		if r.Type == typeGameLiftFleet {
			gameLiftRanges(p, r)
			return
		}
		for _, egress := range []bool{false, true} {
			for _, s := range Sites(p.View, r, egress) {
				if t := s.TrafficOf(); t.PortRange() {
					dir := "from"
					if egress {
						dir = "to"
					}
					p.Report(r, s.Path.Append("FromPort"), "%s opens the port range %s %s %s", s.Name(), t, dir, s.Peer())
				}
			}
		}
	},
}

// gameLiftRanges reports fleet inbound permissions that span several
// ports. Their Protocol is TCP or UDP (upper case in the schema).
func gameLiftRanges(p *rule.Pass, r *model.Resource) {
	perms := r.Prop("EC2InboundPermissions")
	if perms == nil || perms.Kind != model.List {
		return
	}
	for i, perm := range perms.Items() {
		proto, ok := perm.Get("Protocol").Str()
		proto = strings.ToLower(proto)
		if !ok || (proto != "tcp" && proto != "udp") {
			continue
		}
		from, ok1 := perm.Get("FromPort").Int()
		to, ok2 := perm.Get("ToPort").Int()
		if ok1 && ok2 && from < to {
			p.Report(r, model.Path{"Properties", "EC2InboundPermissions", i, "FromPort"},
				"%s EC2InboundPermissions[%d] opens the port range %s/%d-%d", r.ID, i, proto, from, to)
		}
	}
}
