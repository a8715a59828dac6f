// Package net holds the network-exposure rules over one security-group
// model (rules.md §0.4): where rule entries live, what CIDR they name, what
// traffic they let through, and the single world-exposure class of an
// ingress entry that NET001–NET004 share.
package net

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// Resource types of the security-group model.
const (
	typeSG      = "AWS::EC2::SecurityGroup"
	typeIngress = "AWS::EC2::SecurityGroupIngress"
	typeEgress  = "AWS::EC2::SecurityGroupEgress"
	// EC2-Classic DB security groups: their entries open the port of the
	// DB instances that use the group, to a CIDRIP or an EC2 group.
	typeDBSG        = "AWS::RDS::DBSecurityGroup"
	typeDBSGIngress = "AWS::RDS::DBSecurityGroupIngress"
)

// Site is one ingress or egress rule entry: an item of a security group's
// inline list, or a standalone AWS::EC2::SecurityGroupIngress/Egress.
// Findings are reported on Resource at Path, which is where the fix goes.
type Site struct {
	Resource *model.Resource
	Path     model.Path   // the entry: Properties.SecurityGroupIngress[0], or Properties
	Entry    *model.Value // the entry's mapping
	Egress   bool
	// Group is the logical id of the in-template security group the entry
	// belongs to; empty for a standalone rule on an external group.
	Group string
	// DBPort marks an RDS DB security group entry: it has no protocol or
	// ports of its own and opens the database port of the group's DB
	// instances, from CIDRIP.
	DBPort bool
}

// Get returns a field of the entry.
func (s Site) Get(key string) *model.Value { return s.Entry.Get(key) }

// Standalone reports whether the entry is its own resource.
func (s Site) Standalone() bool { return len(s.Path) == 1 }

// Sites returns the rule entries that resource r defines in one direction:
// the inline items of a security group, or the standalone rule itself.
func Sites(v *model.View, r *model.Resource, egress bool) []Site {
	list, standalone := "SecurityGroupIngress", typeIngress
	if egress {
		list, standalone = "SecurityGroupEgress", typeEgress
	}
	if r.Type == typeDBSG || r.Type == typeDBSGIngress {
		if egress {
			return nil
		}
		return dbSites(v, r)
	}
	switch r.Type {
	case typeSG:
		items := r.Prop(list)
		if items == nil || items.Kind != model.List {
			return nil
		}
		var out []Site
		for i, it := range items.Items() {
			if it.Kind == model.Map {
				out = append(out, Site{Resource: r, Path: model.Path{"Properties", list, i}, Entry: it,
					Egress: egress, Group: r.ID})
			}
		}
		return out
	case standalone:
		if r.Properties == nil || r.Properties.Kind != model.Map {
			return nil
		}
		return []Site{{Resource: r, Path: model.Path{"Properties"}, Entry: r.Properties, Egress: egress,
			Group: AttachedGroup(v, r)}}
	}
	return nil
}

// dbSites returns the entries of an RDS DB security group, or the
// standalone DB security group ingress itself.
func dbSites(v *model.View, r *model.Resource) []Site {
	if r.Type == typeDBSGIngress {
		if r.Properties == nil || r.Properties.Kind != model.Map {
			return nil
		}
		group := ""
		if g := r.Prop("DBSecurityGroupName"); g.IsUnknown() && g.Fn() == "Ref" {
			if res := v.Resource(g.Target()); res != nil && res.Type == typeDBSG {
				group = res.ID
			}
		}
		return []Site{{Resource: r, Path: model.Path{"Properties"}, Entry: r.Properties, Group: group, DBPort: true}}
	}
	items := r.Prop("DBSecurityGroupIngress")
	if items == nil || items.Kind != model.List {
		return nil
	}
	var out []Site
	for i, it := range items.Items() {
		if it.Kind == model.Map {
			out = append(out, Site{Resource: r, Path: model.Path{"Properties", "DBSecurityGroupIngress", i}, Entry: it,
				Group: r.ID, DBPort: true})
		}
	}
	return out
}

// AttachedGroup returns the logical id of the in-template security group a
// standalone rule belongs to, or "" when it names an external (or unknown)
// group.
func AttachedGroup(v *model.View, r *model.Resource) string {
	if id := groupRef(v, r.Prop("GroupId"), true); id != "" {
		return id
	}
	return groupRef(v, r.Prop("GroupName"), false)
}

// groupRef resolves a group reference to an in-template security group:
// Ref <SG> (an id, or a name for default-VPC groups), GetAtt <SG>.GroupId
// when an id is wanted, or a literal name equal to a group's GroupName.
func groupRef(v *model.View, val *model.Value, wantID bool) string {
	if val == nil {
		return ""
	}
	if val.IsUnknown() {
		target := v.Resource(val.Target())
		if target == nil || target.Type != typeSG {
			return ""
		}
		if val.Fn() == "Ref" || (wantID && val.Fn() == "Fn::GetAtt" && val.Attr() == "GroupId") {
			return target.ID
		}
		return ""
	}
	name, ok := val.Str()
	if !ok || wantID || name == "" {
		return ""
	}
	return groupsByName(v)[name]
}

type groupsByNameKey struct{}

// groupsByName maps each literal GroupName to the first in-template group
// with it, built once per view.
func groupsByName(v *model.View) map[string]string {
	return v.Derived(groupsByNameKey{}, func(v *model.View) any {
		out := map[string]string{}
		for _, sg := range v.OfType(typeSG) {
			if n, ok := sg.Prop("GroupName").Str(); ok && n != "" {
				if _, dup := out[n]; !dup {
					out[n] = sg.ID
				}
			}
		}
		return out
	}).(map[string]string)
}

// StandaloneTargets says which in-template groups the standalone rules of
// one type (ingress or egress resources) may belong to: Groups for those
// they name, Any when some rule's group is opaque and may be any of them.
type StandaloneTargets struct {
	Groups map[string]bool
	Any    bool
}

// May reports whether some standalone rule may belong to group sg: it
// names sg, or its group is opaque (an ImportValue, a parameter without
// value) and so might be sg.
func (t *StandaloneTargets) May(sg string) bool { return t.Any || t.Groups[sg] }

type standaloneKey string

// StandaloneRulesOf indexes the standalone rules of typ (typeIngress or
// typeEgress) by the group they may attach to, once per view.
func StandaloneRulesOf(v *model.View, typ string) *StandaloneTargets {
	return v.Derived(standaloneKey(typ), func(v *model.View) any {
		t := &StandaloneTargets{Groups: map[string]bool{}}
		for _, r := range v.OfType(typ) {
			if g := AttachedGroup(v, r); g != "" {
				t.Groups[g] = true
			}
			for _, key := range []string{"GroupId", "GroupName"} {
				if g := r.Prop(key); g.IsUnknown() && v.Resource(g.Target()) == nil {
					t.Any = true
				}
			}
		}
		return t
	}).(*StandaloneTargets)
}

// MaySelfReference reports whether an ingress entry's source may be the
// very group it belongs to (members talking to each other). When either
// the group or the source is opaque the answer is unknown, which counts as
// "may": Unknown never produces a finding.
func (s Site) MaySelfReference(v *model.View) bool {
	srcID, srcName := s.Get("SourceSecurityGroupId"), s.Get("SourceSecurityGroupName")
	if srcID == nil && srcName == nil {
		return false
	}
	for _, src := range []*model.Value{srcID, srcName} {
		if src.IsUnknown() && v.Resource(src.Target()) == nil {
			return true
		}
	}
	if s.Group == "" {
		own := s.Get("GroupId")
		if own == nil {
			own = s.Get("GroupName")
		}
		if own.IsUnknown() && v.Resource(own.Target()) == nil {
			return true
		}
		// Two literals naming the same external group.
		ownText, ok1 := own.Str()
		srcText, ok2 := srcID.Str()
		if !ok2 {
			srcText, ok2 = srcName.Str()
		}
		return ok1 && ok2 && ownText == srcText
	}
	return groupRef(v, srcID, true) == s.Group || groupRef(v, srcName, false) == s.Group
}

// Name is how messages name the entry: `WebSG SecurityGroupIngress[0]`,
// `SshRule (ingress of WebSG)`, or `SshRule`.
func (s Site) Name() string {
	switch {
	case !s.Standalone():
		return fmt.Sprintf("%s %s[%d]", s.Resource.ID, s.Path[1], s.Path[2])
	case s.Group != "":
		dir := "ingress"
		if s.Egress {
			dir = "egress"
		}
		return fmt.Sprintf("%s (%s of %s)", s.Resource.ID, dir, s.Group)
	}
	return s.Resource.ID
}

// CIDR is the address range of an entry, parsed.
type CIDR struct {
	Key    string       // CidrIp or CidrIpv6
	Value  *model.Value // as written / resolved
	Prefix netip.Prefix
}

// World reports whether the prefix is the whole IPv4 or IPv6 internet.
func (c CIDR) World() bool { return c.Prefix.IsValid() && c.Prefix.Bits() == 0 }

func (c CIDR) String() string { s, _ := c.Value.Str(); return strings.TrimSpace(s) }

// Describe renders the CIDR for messages, saying what an unusual spelling
// of a /0 prefix really means (192.168.1.0/0 is the whole internet).
func (c CIDR) Describe() string {
	s := c.String()
	if c.World() && !c.Prefix.Addr().IsUnspecified() {
		if c.Prefix.Addr().Is4() {
			return s + " (a /0 prefix: all of IPv4)"
		}
		return s + " (a /0 prefix: all of IPv6)"
	}
	return s
}

// CIDR returns the entry's known, valid CIDR. An Unknown value, an
// unparsable string or an address of the wrong family for its key
// (CidrIp: ::/0) gives false: unknown is never a finding.
func (s Site) CIDR() (CIDR, bool) {
	keys := []string{"CidrIp", "CidrIpv6"}
	if s.DBPort {
		keys = []string{"CIDRIP"} // IPv4 only
	}
	for _, key := range keys {
		v := s.Get(key)
		if v == nil {
			continue
		}
		p, ok := ParseCIDR(v, key == "CidrIpv6")
		if !ok {
			return CIDR{}, false
		}
		return CIDR{Key: key, Value: v, Prefix: p}, true
	}
	return CIDR{}, false
}

// ParseCIDR parses a known CIDR value of the given family with net/netip,
// so every spelling of the same prefix (::/0, 0::/0, 0:0:0:0:0:0:0:0/0) is
// one prefix.
func ParseCIDR(v *model.Value, ipv6 bool) (netip.Prefix, bool) {
	s, ok := v.Str()
	if !ok || v.Kind != model.String {
		return netip.Prefix{}, false
	}
	p, err := netip.ParsePrefix(strings.TrimSpace(s))
	if err != nil || p.Addr().Is6() != ipv6 {
		return netip.Prefix{}, false
	}
	return p, true
}

// IsWorldCIDR reports whether s parses as a prefix of length 0: 0.0.0.0/0,
// ::/0 and every other spelling of them.
func IsWorldCIDR(s string) bool {
	p, err := netip.ParsePrefix(strings.TrimSpace(s))
	return err == nil && p.Bits() == 0
}

// WorldCIDR returns the entry's CIDR when it is world-open.
func (s Site) WorldCIDR() (CIDR, bool) {
	c, ok := s.CIDR()
	return c, ok && c.World()
}

// Traffic is what an entry lets through, as far as it is known.
type Traffic struct {
	// Known is false when the protocol, or the ports of tcp/udp, cannot be
	// resolved (or are invalid).
	Known     bool
	AllProtos bool   // IpProtocol -1 / all: every protocol and port
	Proto     string // tcp, udp, icmp, icmpv6, or a protocol number
	HasPorts  bool   // tcp and udp have port ranges; From..To is set
	From, To  int
	// DBPort is the database port of a DB security group's instances,
	// whatever it is: the port is set on the instances, not the group.
	DBPort bool
}

// protoNames maps IpProtocol spellings to names; other numbers stay numbers.
var protoNames = map[string]string{"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6",
	"tcp": "tcp", "udp": "udp", "icmp": "icmp", "icmpv6": "icmpv6"}

// ParseProtocol normalises an IpProtocol/Protocol value: all (for -1 or
// "all"), tcp, udp, icmp, icmpv6, or another protocol number. ok is false
// for an Unknown, absent or unrecognised value.
func ParseProtocol(v *model.Value) (proto string, ok bool) {
	ps, ok := v.Str()
	if !ok || v.Kind == model.Bool {
		return "", false
	}
	ps = strings.ToLower(strings.TrimSpace(ps))
	if ps == "-1" || ps == "all" {
		return "all", true
	}
	if name, named := protoNames[ps]; named {
		return name, true
	}
	if n, isNum := v.Int(); isNum && n >= 0 && n <= 255 {
		return fmt.Sprint(n), true
	}
	return "", false
}

// maxPort is the highest tcp/udp port.
const maxPort = 65535

// TrafficOf interprets IpProtocol, FromPort and ToPort (rules.md §0.4):
// -1/all is everything whatever the ports say; for icmp/icmpv6 the "ports"
// are type and code; other protocol numbers have no ports at all.
func (s Site) TrafficOf() Traffic {
	if s.DBPort {
		return Traffic{Known: true, Proto: "tcp", DBPort: true}
	}
	proto, ok := ParseProtocol(s.Get("IpProtocol"))
	switch {
	case !ok:
		return Traffic{}
	case proto == "all":
		return Traffic{Known: true, AllProtos: true}
	case proto != "tcp" && proto != "udp":
		return Traffic{Known: true, Proto: proto}
	}
	t := Traffic{Proto: proto}
	from, ok1 := s.Get("FromPort").Int()
	to, ok2 := s.Get("ToPort").Int()
	if !ok1 || !ok2 {
		return t
	}
	if from == -1 && to == -1 {
		from, to = 0, maxPort
	}
	from, to = max(from, 0), min(to, maxPort)
	if from > to {
		return t // invalid range: not something we can reason about
	}
	t.Known, t.HasPorts, t.From, t.To = true, true, from, to
	return t
}

// Covers reports whether the traffic certainly includes port on protocol
// tcp or udp.
func (t Traffic) Covers(proto string, port int) bool {
	if !t.Known {
		return false
	}
	return t.AllProtos || (t.Proto == proto && t.HasPorts && t.From <= port && port <= t.To)
}

// Everything reports whether the traffic is every port of every protocol,
// or the whole port space of tcp or udp.
func (t Traffic) Everything() bool {
	return t.Known && (t.AllProtos || (t.HasPorts && t.From == 0 && t.To == maxPort))
}

// PortRange reports a tcp/udp entry whose range spans more than one port.
func (t Traffic) PortRange() bool { return t.Known && t.HasPorts && t.From != t.To }

func (t Traffic) String() string {
	switch {
	case t.AllProtos:
		return "all protocols and ports"
	case t.DBPort:
		return "the database port"
	case t.Proto == "":
		return "unknown traffic"
	case t.HasPorts && t.From == t.To:
		return fmt.Sprintf("%s/%d", t.Proto, t.From)
	case t.HasPorts:
		return fmt.Sprintf("%s/%d-%d", t.Proto, t.From, t.To)
	case t.Proto == "tcp" || t.Proto == "udp":
		return t.Proto + " (ports unknown)"
	case t.Proto == "icmp" || t.Proto == "icmpv6":
		return t.Proto
	}
	return "all of protocol " + t.Proto
}

// Exposure classes of an ingress entry open to the world, least specific
// first. One entry has exactly one class, so it yields at most one of
// NET001–NET004 (rules.md §0.4: NET003 > NET004 > NET002 > NET001).
type Exposure uint8

// The exposure classes and the rule each one belongs to.
const (
	NotExposed     Exposure = iota
	ExposedAny              // NET001: world-open, some traffic
	ExposedAdmin            // NET002: covers SSH or RDP
	ExposedService          // NET004: covers a sensitive service port
	ExposedAll              // NET003: all traffic
)

// WorldExposure is the classified world exposure of one ingress entry.
type WorldExposure struct {
	Class   Exposure
	CIDR    CIDR
	Traffic Traffic
	// Ports names the admin or sensitive ports the entry covers.
	Ports []string
}

// adminPorts are the remote-administration ports of NET002, per protocol:
// SSH is tcp only; RDP also listens on udp.
var adminPorts = []servicePort{
	{"tcp", 22, 22, "SSH"}, {"tcp", 3389, 3389, "RDP"}, {"udp", 3389, 3389, "RDP"},
}

type servicePort struct {
	proto    string // tcp, udp, or "" for both
	from, to int
	name     string
}

func (p servicePort) String() string {
	if p.from == p.to {
		return fmt.Sprintf("%d (%s)", p.from, p.name)
	}
	return fmt.Sprintf("%d-%d (%s)", p.from, p.to, p.name)
}

// sensitivePorts is NET004's default list (rules.md NET004), on tcp and udp.
// The catalogue's proposal, plus (issue 11) LDAP 389 and LDAPS 636, which
// KICS's tcpPortsMap (assets/libraries/common.rego) lists, and the
// Kubernetes API server 6443, which none of the four peers lists: it is
// the port of the Kubernetes documentation's control-plane table, and an
// open API server is as exposed as an open Docker daemon (2375-2376, also
// in KICS's map). Kubelet 10250 is not added: no peer lists it. etcd
// 2379-2380 and Elasticsearch 9200/9300 were in the proposal already
// (Elasticsearch also in KICS's map).
var sensitivePorts = []servicePort{
	{"", 20, 21, "FTP"}, {"", 23, 23, "Telnet"}, {"", 25, 25, "SMTP"}, {"", 110, 110, "POP3"},
	{"", 135, 135, "MS RPC"}, {"", 137, 139, "NetBIOS"}, {"", 143, 143, "IMAP"}, {"", 389, 389, "LDAP"},
	{"", 445, 445, "SMB"}, {"", 636, 636, "LDAPS"},
	{"", 1433, 1434, "SQL Server"}, {"", 1521, 1521, "Oracle"}, {"", 2049, 2049, "NFS"},
	{"", 2375, 2376, "Docker"}, {"", 2379, 2380, "etcd"}, {"", 3306, 3306, "MySQL"},
	{"", 5432, 5432, "PostgreSQL"}, {"", 5439, 5439, "Redshift"}, {"", 5601, 5601, "Kibana"},
	{"", 5900, 5900, "VNC"}, {"", 6379, 6379, "Redis"}, {"", 6443, 6443, "Kubernetes API"},
	{"", 7001, 7001, "WebLogic"},
	{"", 8020, 8020, "HDFS"}, {"", 9042, 9042, "Cassandra"}, {"", 9092, 9092, "Kafka"},
	{"", 9200, 9200, "Elasticsearch"}, {"", 9300, 9300, "Elasticsearch"}, {"", 11211, 11211, "Memcached"},
	{"", 27017, 27018, "MongoDB"}, {"", 50070, 50070, "HDFS NameNode"},
}

// covered lists the service ports of list that t overlaps.
func covered(t Traffic, list []servicePort) []servicePort {
	var out []servicePort
	for _, sp := range list {
		switch {
		case !t.Known:
		case t.AllProtos:
			out = append(out, sp)
		case t.HasPorts && (sp.proto == "" || sp.proto == t.Proto) && t.From <= sp.to && sp.from <= t.To:
			out = append(out, sp)
		}
	}
	return out
}

// portNames renders service ports in port order, each once (RDP is listed
// for tcp and udp).
func portNames(ports []servicePort) []string {
	ports = slices.Clone(ports)
	slices.SortStableFunc(ports, func(a, b servicePort) int { return a.from - b.from })
	var out []string
	for _, sp := range ports {
		if name := sp.String(); !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// ClassifyIngress is the one place that decides which world-exposure rule
// an ingress entry belongs to. Unknown ports or protocol on a world-open
// entry still make it ExposedAny: that much is certain.
func (s Site) ClassifyIngress() WorldExposure {
	c, ok := s.WorldCIDR()
	if s.Egress || !ok {
		return WorldExposure{}
	}
	t := s.TrafficOf()
	e := WorldExposure{Class: ExposedAny, CIDR: c, Traffic: t}
	switch {
	case t.DBPort:
		e.Class, e.Ports = ExposedService, []string{"the database port of the DB instances in this DB security group"}
	case t.Everything():
		e.Class = ExposedAll
	case len(covered(t, sensitivePorts)) > 0:
		// Admin ports in the same range are named too: the finding is
		// about everything the range opens.
		e.Class = ExposedService
		e.Ports = portNames(append(covered(t, adminPorts), covered(t, sensitivePorts)...))
	case len(covered(t, adminPorts)) > 0:
		e.Class, e.Ports = ExposedAdmin, portNames(covered(t, adminPorts))
	}
	return e
}

// portProvenance names where the entry's protocol and ports came from when a
// parameter or condition chose them; the CIDR's own provenance is added by
// the engine, because findings are reported at the CIDR.
func (s Site) portProvenance() string {
	var parts []string
	for _, key := range []string{"IpProtocol", "FromPort", "ToPort"} {
		v := s.Get(key)
		if v == nil {
			continue
		}
		for _, p := range v.Prov() {
			parts = append(parts, key+" from "+p.Describe())
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// checkExposure is the check of NET001–NET004: each rule reports the
// ingress entries of its own class, at the CIDR, so an entry is reported by
// exactly one of them.
func checkExposure(class Exposure, describe func(s Site, e WorldExposure) string) func(*rule.Pass, *model.Resource) {
	return func(p *rule.Pass, r *model.Resource) {
		for _, s := range Sites(p.View, r, false) {
			if e := s.ClassifyIngress(); e.Class == class {
				p.Report(r, s.Path.Append(e.CIDR.Key), "%s%s", describe(s, e), s.portProvenance())
			}
		}
	}
}

// portList renders covered ports for a message, eliding a long tail.
func portList(ports []string) string {
	const shown = 6
	if len(ports) <= shown {
		return strings.Join(ports, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ports[:shown], ", "), len(ports)-shown)
}

// Peer describes the other end of an entry for messages: its CIDR, security
// group or prefix list, as written.
func (s Site) Peer() string {
	keys := []string{"CidrIp", "CidrIpv6", "SourceSecurityGroupId", "SourceSecurityGroupName", "SourcePrefixListId"}
	if s.Egress {
		keys = []string{"CidrIp", "CidrIpv6", "DestinationSecurityGroupId", "DestinationPrefixListId"}
	}
	for _, k := range keys {
		if v := s.Get(k); v != nil {
			if str, ok := v.Str(); ok {
				return str
			}
			return k + " " + v.Describe()
		}
	}
	return "an unspecified peer"
}

// NACLEntry is an AWS::EC2::NetworkAclEntry read through the same protocol,
// port and CIDR logic as security-group entries.
type NACLEntry struct {
	Resource *model.Resource
	// Allow and Deny are both false when RuleAction is unknown.
	Allow, Deny bool
	// Egress is known only when EgressKnown.
	Egress, EgressKnown bool
	Traffic             Traffic
	CIDR                CIDR
	HasCIDR             bool
}

// ReadNACLEntry interprets a network ACL entry. For tcp/udp an absent
// PortRange is taken as every port (cfn_nag W67 reads it so; AWS requires
// it for those protocols).
func ReadNACLEntry(r *model.Resource) NACLEntry {
	e := NACLEntry{Resource: r}
	if a, ok := r.Prop("RuleAction").Str(); ok {
		e.Allow, e.Deny = strings.EqualFold(a, "allow"), strings.EqualFold(a, "deny")
	}
	switch eg := r.Prop("Egress"); {
	case eg == nil:
		e.EgressKnown = true
	case eg.IsTrue() || eg.IsFalse():
		e.Egress, e.EgressKnown = eg.IsTrue(), true
	}
	for _, key := range []string{"CidrBlock", "Ipv6CidrBlock"} {
		if v := r.Prop(key); v != nil {
			p, ok := ParseCIDR(v, key == "Ipv6CidrBlock")
			e.CIDR, e.HasCIDR = CIDR{Key: key, Value: v, Prefix: p}, ok
			break
		}
	}
	proto, ok := ParseProtocol(r.Prop("Protocol"))
	switch {
	case !ok:
	case proto == "all":
		e.Traffic = Traffic{Known: true, AllProtos: true}
	case proto != "tcp" && proto != "udp":
		e.Traffic = Traffic{Known: true, Proto: proto}
	default:
		e.Traffic = Traffic{Proto: proto}
		pr := r.Prop("PortRange")
		if pr == nil {
			e.Traffic.Known, e.Traffic.HasPorts, e.Traffic.To = true, true, maxPort
			break
		}
		from, ok1 := pr.Get("From").Int()
		to, ok2 := pr.Get("To").Int()
		from, to = max(from, 0), min(to, maxPort)
		if ok1 && ok2 && from <= to {
			e.Traffic.Known, e.Traffic.HasPorts, e.Traffic.From, e.Traffic.To = true, true, from, to
		}
	}
	return e
}

// World reports a known world-open CIDR.
func (e NACLEntry) World() bool { return e.HasCIDR && e.CIDR.World() }

// Direction names the entry's direction for messages.
func (e NACLEntry) Direction() string {
	switch {
	case !e.EgressKnown:
		return "traffic"
	case e.Egress:
		return "egress"
	}
	return "ingress"
}

// Peer names the entry's CIDR for messages, marking the whole internet.
func (e NACLEntry) Peer() string {
	switch {
	case e.World():
		return e.CIDR.String() + " (the whole internet)"
	case e.HasCIDR:
		return e.CIDR.String()
	}
	return "an unresolved CIDR"
}
