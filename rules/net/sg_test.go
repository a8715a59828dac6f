package net

import (
	"testing"

	"github.com/cfnvet/cfnvet/engine/model"
)

func str(s string) *model.Value { return (&model.Value{Kind: model.String}).WithScalar(s) }
func num(s string) *model.Value { return (&model.Value{Kind: model.Number}).WithScalar(s) }

func TestParseCIDR(t *testing.T) {
	cases := []struct {
		in          string
		ipv6, ok, w bool
	}{
		{"0.0.0.0/0", false, true, true},
		{" 0.0.0.0/0 ", false, true, true},
		{"10.0.0.0/8", false, true, false},
		{"::/0", true, true, true},
		{"0::/0", true, true, true},
		{"0:0:0:0:0:0:0:0/0", true, true, true},
		{"::0/0", true, true, true},
		{"2001:db8::/32", true, true, false},
		{"::/0", false, false, false},     // IPv6 text in CidrIp
		{"0.0.0.0/0", true, false, false}, // IPv4 text in CidrIpv6
		{"0/0", false, false, false},      // not a CIDR
		{"10.0.0.0/33", false, false, false},
		{"", false, false, false},
	}
	for _, c := range cases {
		p, ok := ParseCIDR(str(c.in), c.ipv6)
		if ok != c.ok || (ok && (p.Bits() == 0) != c.w) {
			t.Errorf("ParseCIDR(%q, ipv6=%v) = %v, %v; want ok=%v world=%v", c.in, c.ipv6, p, ok, c.ok, c.w)
		}
	}
	if _, ok := ParseCIDR(&model.Value{Kind: model.Unknown, Detail: &model.Detail{Fn: "Ref"}}, false); ok {
		t.Error("an Unknown CIDR parsed")
	}
}

func TestTrafficOf(t *testing.T) {
	site := func(proto *model.Value, from, to string) Site {
		e := (&model.Value{Kind: model.Map}).WithFields([]model.Field{{Key: "IpProtocol", Value: proto}})
		if from != "" {
			e.SetFields(append(e.Fields(), model.Field{Key: "FromPort", Value: num(from)}, model.Field{Key: "ToPort", Value: num(to)}))
		}
		return Site{Entry: e}
	}
	cases := []struct {
		s    Site
		want string
		all  bool
	}{
		{site(num("-1"), "", ""), "all protocols and ports", true},
		{site(str("-1"), "80", "80"), "all protocols and ports", true},
		{site(str("ALL"), "", ""), "all protocols and ports", true},
		{site(str("tcp"), "22", "22"), "tcp/22", false},
		{site(num("6"), "0", "65535"), "tcp/0-65535", true},
		{site(str("tcp"), "-1", "-1"), "tcp/0-65535", true},
		{site(str("17"), "53", "53"), "udp/53", false},
		{site(str("icmp"), "8", "-1"), "icmp", false},
		{site(num("58"), "0", "65535"), "icmpv6", false},
		{site(num("50"), "", ""), "all of protocol 50", false},
		{site(str("tcp"), "", ""), "tcp (ports unknown)", false},
		{site(str("tcp"), "443", "80"), "tcp (ports unknown)", false},
		{site(str("bogus"), "", ""), "unknown traffic", false},
	}
	for _, c := range cases {
		tr := c.s.TrafficOf()
		if tr.String() != c.want || tr.Everything() != c.all {
			t.Errorf("%v: got %q everything=%v; want %q everything=%v", c.s.Entry.Fields(), tr, tr.Everything(), c.want, c.all)
		}
	}
}

// TestClassifyIngressOrder pins the dedupe order NET003 > NET004 > NET002 >
// NET001 (rules.md §0.4).
func TestClassifyIngressOrder(t *testing.T) {
	entry := func(proto, from, to string) Site {
		return Site{Entry: (&model.Value{Kind: model.Map}).WithFields([]model.Field{
			{Key: "IpProtocol", Value: str(proto)}, {Key: "FromPort", Value: num(from)},
			{Key: "ToPort", Value: num(to)}, {Key: "CidrIp", Value: str("0.0.0.0/0")}})}
	}
	cases := []struct {
		s    Site
		want Exposure
	}{
		{entry("-1", "0", "0"), ExposedAll},
		{entry("tcp", "0", "65535"), ExposedAll},
		{entry("tcp", "1", "65535"), ExposedService},
		{entry("tcp", "22", "23"), ExposedService},
		{entry("tcp", "22", "22"), ExposedAdmin},
		{entry("udp", "3389", "3389"), ExposedAdmin},
		{entry("udp", "22", "22"), ExposedAny},
		{entry("icmp", "22", "22"), ExposedAny},
		{entry("tcp", "443", "443"), ExposedAny},
	}
	for _, c := range cases {
		if got := c.s.ClassifyIngress().Class; got != c.want {
			t.Errorf("%v: class %d, want %d", c.s.Entry.Fields(), got, c.want)
		}
	}
	egress := entry("-1", "0", "0")
	egress.Egress = true
	if egress.ClassifyIngress().Class != NotExposed {
		t.Error("egress entry classified as ingress exposure")
	}
}
