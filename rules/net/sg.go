// Package net holds the network-exposure rules over one security-group
// model (rules.md §0.4).
package net

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
)

// Site is one ingress or egress rule entry: an item of a security group's
// inline list, or a standalone AWS::EC2::SecurityGroupIngress/Egress.
type Site struct {
	Resource *model.Resource
	Path     model.Path   // the entry: Properties.SecurityGroupIngress[0], or Properties
	Entry    *model.Value // the entry's mapping
	Egress   bool
}

// Get returns a field of the entry.
func (s Site) Get(key string) *model.Value { return s.Entry.Get(key) }

// Sites returns the rule entries defined by a resource.
func Sites(r *model.Resource, egress bool) []Site {
	list, standalone := "SecurityGroupIngress", "AWS::EC2::SecurityGroupIngress"
	if egress {
		list, standalone = "SecurityGroupEgress", "AWS::EC2::SecurityGroupEgress"
	}
	switch r.Type {
	case "AWS::EC2::SecurityGroup":
		v := r.Prop(list)
		if v == nil || v.Kind != model.List {
			return nil
		}
		var out []Site
		for i, it := range v.Items {
			if it.Kind == model.Map {
				out = append(out, Site{Resource: r, Path: model.Path{"Properties", list, i}, Entry: it, Egress: egress})
			}
		}
		return out
	case standalone:
		if r.Properties == nil {
			return nil
		}
		return []Site{{Resource: r, Path: model.Path{"Properties"}, Entry: r.Properties, Egress: egress}}
	}
	return nil
}

// WorldSource returns the CIDR key and value when the entry's source (or
// destination, for egress) is the whole IPv4 or IPv6 internet. Unknown and
// unparsable CIDRs are not world-open.
func (s Site) WorldSource() (string, *model.Value, bool) {
	for _, key := range []string{"CidrIp", "CidrIpv6"} {
		v := s.Get(key)
		if str, ok := v.Str(); ok && IsWorldCIDR(str) {
			return key, v, true
		}
	}
	return "", nil, false
}

// IsWorldCIDR reports whether s parses as a prefix of length 0: 0.0.0.0/0,
// ::/0 and every other spelling of them.
func IsWorldCIDR(s string) bool {
	p, err := netip.ParsePrefix(strings.TrimSpace(s))
	return err == nil && p.Bits() == 0
}

// Traffic is what an entry lets through, as far as it is known.
type Traffic struct {
	Known     bool
	AllProtos bool   // IpProtocol -1 / all: every protocol and port
	Proto     string // tcp, udp, icmp, icmpv6, or a protocol number
	HasPorts  bool   // tcp and udp have port ranges
	From, To  int
}

var protoNames = map[string]string{"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6",
	"tcp": "tcp", "udp": "udp", "icmp": "icmp", "icmpv6": "icmpv6"}

// TrafficOf interprets IpProtocol, FromPort and ToPort.
func (s Site) TrafficOf() Traffic {
	ps, ok := s.Get("IpProtocol").Str()
	if !ok {
		return Traffic{}
	}
	ps = strings.ToLower(strings.TrimSpace(ps))
	if ps == "-1" || ps == "all" {
		return Traffic{Known: true, AllProtos: true, From: 0, To: 65535, HasPorts: true}
	}
	name, named := protoNames[ps]
	if !named {
		return Traffic{Known: true, Proto: ps}
	}
	t := Traffic{Known: true, Proto: name}
	if name != "tcp" && name != "udp" {
		return t // icmp type/code are not ports
	}
	from, ok1 := s.Get("FromPort").Int()
	to, ok2 := s.Get("ToPort").Int()
	if !ok1 || !ok2 {
		t.Known = false
		return t
	}
	if from == -1 && to == -1 {
		from, to = 0, 65535
	}
	t.HasPorts, t.From, t.To = true, from, to
	return t
}

// Covers reports whether the traffic certainly includes port on tcp (or any
// protocol when proto is "").
func (t Traffic) Covers(port int) bool {
	return t.Known && t.HasPorts && t.From <= port && port <= t.To
}

func (t Traffic) String() string {
	switch {
	case !t.Known && t.Proto == "":
		return "unknown traffic"
	case t.AllProtos:
		return "all protocols and ports"
	case t.HasPorts && t.From == t.To:
		return fmt.Sprintf("%s/%d", t.Proto, t.From)
	case t.HasPorts:
		return fmt.Sprintf("%s/%d-%d", t.Proto, t.From, t.To)
	case t.Proto == "tcp" || t.Proto == "udp":
		return t.Proto + " (ports unknown)"
	case t.Proto == "icmp" || t.Proto == "icmpv6":
		return t.Proto
	}
	return "protocol " + t.Proto
}

// Name is how messages name the entry's owner.
func (s Site) Name() string {
	if len(s.Path) > 2 {
		return fmt.Sprintf("%s %s[%d]", s.Resource.ID, s.Path[1], s.Path[2])
	}
	return s.Resource.ID
}
