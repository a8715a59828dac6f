package rule

import (
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/model"
)

func validMeta(id, slug string) Meta {
	return Meta{ID: id, Slug: slug, Family: NET, Severity: High, Title: "A title", Description: "d", Remediation: "r",
		ResourceTypes: []string{"AWS::EC2::SecurityGroup"}, Aliases: map[string][]string{"cfn_nag": {"W2"}}}
}

func goRule(m Meta) *Rule { return &Rule{Meta: m, Check: func(*Pass, *model.Resource) {}} }

func TestValidate(t *testing.T) {
	cases := map[string]struct {
		mutate func(*Meta)
		want   string
	}{
		"ok":            {func(*Meta) {}, ""},
		"missing title": {func(m *Meta) { m.Title = "" }, "missing metadata: title"},
		"no types":      {func(m *Meta) { m.ResourceTypes = nil }, "resource_types"},
		"bad id":        {func(m *Meta) { m.ID = "net1" }, "id must look like"},
		"bad slug":      {func(m *Meta) { m.Slug = "Open_World" }, "slug"},
		"bad family":    {func(m *Meta) { m.Family = "XYZ" }, "unknown family"},
		"title period":  {func(m *Meta) { m.Title = "Ends." }, "period"},
		"alias tool":    {func(m *Meta) { m.Aliases = map[string][]string{"snyk": {"x"}} }, "unknown alias tool"},
		"suppression-only alias tools": {func(m *Meta) {
			m.Aliases = map[string][]string{"cdk_nag": {"AwsSolutions-EC23"}, "guard": {"SOME_GUARD_RULE"}}
		}, ""},
		"bad type":    {func(m *Meta) { m.ResourceTypes = []string{"SecurityGroup"} }, "resource type"},
		"no severity": {func(m *Meta) { m.Severity = 0 }, "severity"},
	}
	for name, c := range cases {
		m := validMeta("NET001", "net-open")
		c.mutate(&m)
		err := m.Validate()
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
	}
}

func TestRegistryRejectsDuplicates(t *testing.T) {
	a := validMeta("NET001", "net-open")
	b := validMeta("NET002", "net-open")
	if _, err := NewRegistry([]*Rule{goRule(a), goRule(b)}, nil); err == nil || !strings.Contains(err.Error(), "already used by rule NET001") {
		t.Errorf("duplicate slug: %v", err)
	}
	c := validMeta("NET001", "other")
	if _, err := NewRegistry([]*Rule{goRule(a)}, []*Meta{&c}); err == nil {
		t.Error("duplicate id across engines accepted")
	}
	if _, err := NewRegistry([]*Rule{{Meta: validMeta("NET003", "x")}}, nil); err == nil {
		t.Error("rule without Check accepted")
	}
}

func TestLookupAndSelect(t *testing.T) {
	a := validMeta("NET001", "net-open")
	b := validMeta("NET002", "net-ssh")
	b.Aliases = map[string][]string{"cfn_nag": {"W2"}, "checkov": {"CKV_AWS_24"}}
	off := validMeta("IAM009", "iam-x")
	off.Family = IAM
	off.DisabledByDefault = true
	off.Aliases = nil
	reg, err := NewRegistry([]*Rule{goRule(a), goRule(b)}, []*Meta{&off})
	if err != nil {
		t.Fatal(err)
	}
	if ms := reg.Lookup("w2"); len(ms) != 2 {
		t.Errorf("alias shared by two rules: %d", len(ms))
	}
	if ms := reg.Lookup("NET-SSH"); len(ms) != 1 || ms[0].ID != "NET002" {
		t.Errorf("slug lookup: %v", ms)
	}
	sel, _ := reg.Select(nil, nil)
	if !sel["NET001"] || !sel["NET002"] || sel["IAM009"] {
		t.Errorf("default selection %v", sel)
	}
	sel, _ = reg.Select([]string{"IAM"}, nil)
	if len(sel) != 1 || !sel["IAM009"] {
		t.Errorf("family selection enables disabled-by-default rules explicitly: %v", sel)
	}
	sel, _ = reg.Select(nil, []string{"CKV_AWS_24"})
	if sel["NET002"] || !sel["NET001"] {
		t.Errorf("skip by alias %v", sel)
	}
	if _, err := reg.Select([]string{"NOPE"}, nil); err == nil {
		t.Error("unknown selector accepted")
	}
}

func TestParseSeverity(t *testing.T) {
	for in, want := range map[string]Severity{"low": Low, "MEDIUM": Medium, "\thigh\n": High, "Critical": Critical} {
		if got, err := ParseSeverity(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	if _, err := ParseSeverity("urgent"); err == nil {
		t.Error("accepted urgent")
	}
}

func TestImplies(t *testing.T) {
	general := validMeta("NET001", "net-open")
	specific := validMeta("NET002", "net-ssh")
	specific.Implies = []string{"NET001"}
	reg, err := NewRegistry([]*Rule{goRule(general), goRule(specific)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := reg.ImpliedBy("NET001"); len(got) != 1 || got[0] != "NET002" {
		t.Errorf("ImpliedBy(NET001) = %v", got)
	}
	bad := validMeta("NET003", "net-all")
	bad.Implies = []string{"NET999"}
	if _, err := NewRegistry([]*Rule{goRule(general), goRule(bad)}, nil); err == nil || !strings.Contains(err.Error(), "implies unknown rule NET999") {
		t.Errorf("got %v", err)
	}
}

func TestSetsValidated(t *testing.T) {
	cases := map[string]struct {
		sets []string
		id   string
		want string
	}{
		"opt-in set":     {[]string{"cmk"}, "NET001", ""},
		"two sets":       {[]string{"hygiene", "egress"}, "NET001", ""},
		"unknown set":    {[]string{"noisy"}, "NET001", `unknown rule set "noisy"`},
		"not canonical":  {[]string{"CMK"}, "NET001", `unknown rule set "CMK"`},
		"default listed": {[]string{"default"}, "NET001", "opt-in sets only"},
		"strict listed":  {[]string{"strict"}, "NET001", "opt-in sets only"},
		"twice":          {[]string{"cmk", "cmk"}, "NET001", "listed twice"},
		"id is a set":    {nil, "STRICT", "name of a rule set"},
	}
	for name, c := range cases {
		m := validMeta(c.id, "net-open")
		m.Sets = c.sets
		err := m.Validate()
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
	}
}

func TestSelectBySet(t *testing.T) {
	def := validMeta("NET001", "net-open")
	cmk := validMeta("ENC029", "no-cmk")
	cmk.Family, cmk.Sets = ENC, []string{"cmk"}
	hyg := validMeta("NET011", "net-desc")
	hyg.Sets = []string{"hygiene", "egress"}
	legacy := validMeta("NET009", "net-cidr") // a user policy's disabled_by_default
	legacy.DisabledByDefault = true
	reg, err := NewRegistry([]*Rule{goRule(def), goRule(hyg), goRule(legacy)}, []*Meta{&cmk})
	if err != nil {
		t.Fatal(err)
	}
	if !reg.ByID("NET011").DisabledByDefault || !reg.ByID("ENC029").DisabledByDefault {
		t.Error("a rule with an opt-in set must count as disabled by default")
	}
	ids := func(ms []*Meta) string {
		var out []string
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return strings.Join(out, ",")
	}
	for sel, want := range map[string]string{
		"default": "NET001", "strict": "ENC029,NET001,NET009,NET011", "Hygiene": "NET011", "egress": "NET011",
		"cmk,default": "ENC029,NET001", "logging": "",
	} {
		ms, err := reg.Resolve(sel)
		if err != nil || ids(ms) != want {
			t.Errorf("Resolve(%q) = %s, %v; want %s", sel, ids(ms), err, want)
		}
	}
	enabled, _ := reg.Select(nil, nil)
	if len(enabled) != 1 || !enabled["NET001"] {
		t.Errorf("default selection %v", enabled)
	}
	enabled, _ = reg.Select([]string{"strict"}, []string{"hygiene"})
	if len(enabled) != 3 || enabled["NET011"] {
		t.Errorf("strict minus hygiene %v", enabled)
	}
	for id, want := range map[string]string{"NET001": "default", "ENC029": "cmk", "NET011": "hygiene,egress", "NET009": "strict"} {
		if got := strings.Join(reg.ByID(id).SetLabels(), ","); got != want {
			t.Errorf("%s: SetLabels %s, want %s", id, got, want)
		}
	}
}

// TestSharedBuildsOncePerResource: passes sharing a Memo build a value once
// until the Memo is reset; a pass without one builds it on every call.
func TestSharedBuildsOncePerResource(t *testing.T) {
	builds := 0
	build := func() any { builds++; return builds }
	var out []Report
	var memo Memo
	meta := &Meta{ID: "TST001"}
	first := NewPass(nil, Options{}, meta, &out).WithMemo(&memo)
	second := NewPass(nil, Options{}, meta, &out).WithMemo(&memo)
	if a, b := first.Shared("k", build), second.Shared("k", build); a != 1 || b != 1 || builds != 1 {
		t.Errorf("two passes over one resource: values %v and %v after %d builds, want 1, 1 and 1", a, b, builds)
	}
	if v := first.Shared("other", build); v != 2 {
		t.Errorf("another key: %v, want a build of its own (2)", v)
	}
	memo.Reset()
	if v := second.Shared("k", build); v != 3 {
		t.Errorf("after Reset: %v, want a new build (3)", v)
	}
	alone := NewPass(nil, Options{}, meta, &out)
	if a, b := alone.Shared("k", build), alone.Shared("k", build); a != 4 || b != 5 {
		t.Errorf("a pass without a memo: %v and %v, want a build per call (4 and 5)", a, b)
	}
}

// TestForRuleReportsForTheNewRule: a pass given another rule reports for
// it, into the same list, with the same memo.
func TestForRuleReportsForTheNewRule(t *testing.T) {
	var out []Report
	var memo Memo
	r := &model.Resource{ID: "Bucket"}
	p := NewPass(nil, Options{}, &Meta{ID: "TST001"}, &out).WithMemo(&memo)
	p.Shared("k", func() any { return 1 })
	p.Report(r, nil, "first")
	p.ForRule(&Meta{ID: "TST002"}).Report(r, nil, "second")
	if len(out) != 2 || out[0].RuleID != "TST001" || out[1].RuleID != "TST002" {
		t.Errorf("reports %+v, want TST001 then TST002", out)
	}
	if v := p.Shared("k", func() any { return 2 }); v != 1 {
		t.Errorf("the memo after ForRule built again: %v", v)
	}
}
