package rule

import (
	"fmt"
	"strings"
)

// A rule set is a named group of rules that users enable in one word
// (`--profile cmk`, `profile: [cmk]` or `rules.enable: [default, cmk]`).
// A rule names its opt-in sets in Meta.Sets, beside its check; a rule that
// names none is in the default set, the one that runs when the user selects
// nothing. Every rule is in the strict set.
const (
	// SetDefault is every rule without an opt-in set: what `cfnvet scan`
	// runs with no selection.
	SetDefault = "default"
	// SetStrict is every rule.
	SetStrict = "strict"
)

// SetInfo describes a rule set for `cfnvet rules`, flag help and docs.
type SetInfo struct {
	Name string
	// Summary says in one line what the set's rules ask for.
	Summary string
	// OptIn is true for the sets a rule can name in Meta.Sets.
	OptIn bool
}

// RuleSets lists every set, default first and strict last; the opt-in sets
// in between are the values Meta.Sets accepts. docs/rule-sets.md explains
// why each rule is where it is.
var RuleSets = []SetInfo{
	{Name: SetDefault, Summary: "exposure, excess privilege, secrets, unencrypted data, the audit trail: what a reviewer fixes first"},
	{Name: "cmk", OptIn: true, Summary: "data encrypted with customer-managed KMS keys, not AWS-owned or AWS-managed ones"},
	{Name: "egress", OptIn: true, Summary: "security groups that restrict outbound traffic"},
	{Name: "logging", OptIn: true, Summary: "access, service and audit logs beyond the CloudTrail trail"},
	{Name: "hygiene", OptIn: true, Summary: "tidy settings that are no exposure on their own: descriptions, port ranges, public addressing, explicit defaults"},
	{Name: SetStrict, Summary: "every rule"},
}

// ParseSet returns the canonical name of a rule set (case-insensitive).
func ParseSet(s string) (string, bool) {
	name := strings.ToLower(strings.TrimSpace(s))
	for _, set := range RuleSets {
		if set.Name == name {
			return name, true
		}
	}
	return "", false
}

// SetNames lists the names of every rule set, in RuleSets order.
func SetNames() []string {
	out := make([]string, len(RuleSets))
	for i, s := range RuleSets {
		out[i] = s.Name
	}
	return out
}

// InDefault reports whether the rule runs when nothing is selected.
func (m *Meta) InDefault() bool { return len(m.Sets) == 0 && !m.DisabledByDefault }

// SetLabels names the sets a rule is shown in: its opt-in sets, "default"
// for a rule in the default set, and "strict" for a rule in neither (a
// user policy written with disabled_by_default).
func (m *Meta) SetLabels() []string {
	switch {
	case len(m.Sets) > 0:
		return m.Sets
	case m.InDefault():
		return []string{SetDefault}
	}
	return []string{SetStrict}
}

// inSet reports whether a rule belongs to the named (canonical) set.
func (m *Meta) inSet(name string) bool {
	switch name {
	case SetStrict:
		return true
	case SetDefault:
		return m.InDefault()
	}
	for _, s := range m.Sets {
		if s == name {
			return true
		}
	}
	return false
}

func (m *Meta) validateSets() error {
	seen := map[string]bool{}
	for _, s := range m.Sets {
		name, ok := ParseSet(s)
		if !ok || name != s {
			return fmt.Errorf("rule %s: unknown rule set %q (want one of %s)", m.ID, s, strings.Join(optInNames(), ", "))
		}
		if name == SetDefault || name == SetStrict {
			return fmt.Errorf("rule %s: sets lists opt-in sets only; %q is implied (no sets = default; every rule is in strict)", m.ID, s)
		}
		if seen[name] {
			return fmt.Errorf("rule %s: rule set %q listed twice", m.ID, s)
		}
		seen[name] = true
	}
	return nil
}

func optInNames() []string {
	var out []string
	for _, s := range RuleSets {
		if s.OptIn {
			out = append(out, s.Name)
		}
	}
	return out
}
