package rule

import (
	"fmt"
	"sort"
	"strings"
)

// Registry holds every rule, Go and Rego, validated together.
type Registry struct {
	all    []*Meta
	goByID map[string]*Rule
	byType map[string][]*Rule
	tmpl   []*Rule            // rules with CheckTemplate
	lookup map[string][]*Meta // lower-cased id, slug and alias → rules
	// impliedBy inverts Meta.Implies.
	impliedBy map[string][]string
}

// NewRegistry validates and indexes rules. IDs and slugs must be unique
// across engines.
func NewRegistry(goRules []*Rule, regoRules []*Meta) (*Registry, error) {
	r := &Registry{goByID: map[string]*Rule{}, byType: map[string][]*Rule{}, lookup: map[string][]*Meta{}}
	seen := map[string]string{}
	add := func(m *Meta) error {
		if err := m.Validate(); err != nil {
			return err
		}
		m.DisabledByDefault = m.DisabledByDefault || len(m.Sets) > 0
		for _, key := range []string{m.ID, m.Slug} {
			k := strings.ToLower(key)
			if prev, dup := seen[k]; dup {
				return fmt.Errorf("rule %s: %q already used by rule %s", m.ID, key, prev)
			}
			seen[k] = m.ID
			r.lookup[k] = append(r.lookup[k], m)
		}
		r.all = append(r.all, m)
		return nil
	}
	for _, g := range goRules {
		g.Engine = "go"
		if (g.Check == nil) == (g.CheckTemplate == nil) {
			return nil, fmt.Errorf("rule %s: needs exactly one of Check and CheckTemplate", g.ID)
		}
		if err := add(&g.Meta); err != nil {
			return nil, err
		}
		r.goByID[g.ID] = g
		if g.CheckTemplate != nil {
			r.tmpl = append(r.tmpl, g)
			continue
		}
		for _, t := range g.ResourceTypes {
			r.byType[t] = append(r.byType[t], g)
		}
	}
	for _, m := range regoRules {
		if err := add(m); err != nil {
			return nil, err
		}
	}
	// Aliases may be shared by several rules (a peer id that covers two
	// catalogue rules); they are indexed after ids and slugs so they never
	// shadow them.
	for _, m := range r.all {
		for _, ids := range m.Aliases {
			for _, id := range ids {
				k := strings.ToLower(id)
				if _, isID := seen[k]; isID {
					continue
				}
				r.lookup[k] = append(r.lookup[k], m)
			}
		}
	}
	sort.Slice(r.all, func(i, j int) bool { return r.all[i].ID < r.all[j].ID })
	r.impliedBy = map[string][]string{}
	for _, m := range r.all {
		for _, g := range m.Implies {
			if r.ByID(g) == nil {
				return nil, fmt.Errorf("rule %s: implies unknown rule %s", m.ID, g)
			}
			r.impliedBy[g] = append(r.impliedBy[g], m.ID)
		}
	}
	return r, nil
}

// All returns every rule's metadata sorted by id.
func (r *Registry) All() []*Meta { return r.all }

// GoRulesFor returns the Go rules that apply to a resource type.
func (r *Registry) GoRulesFor(typ string) []*Rule { return r.byType[typ] }

// ImpliedBy returns the rules whose findings imply id's condition at the
// same place.
func (r *Registry) ImpliedBy(id string) []string { return r.impliedBy[id] }

// TemplateRules returns the Go rules that check a whole template view.
func (r *Registry) TemplateRules() []*Rule { return r.tmpl }

// Lookup finds rules by id, slug or peer alias (case-insensitive).
func (r *Registry) Lookup(key string) []*Meta {
	return r.lookup[strings.ToLower(strings.TrimSpace(key))]
}

// ByID returns one rule by exact id.
func (r *Registry) ByID(id string) *Meta {
	for _, m := range r.lookup[strings.ToLower(id)] {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// Select resolves --rule and --skip selectors (ids, slugs, families, rule
// sets or peer aliases) to the set of enabled rule ids. With no --rule,
// the default set is enabled.
func (r *Registry) Select(include, exclude []string) (map[string]bool, error) {
	enabled := map[string]bool{}
	if len(include) == 0 {
		include = []string{SetDefault}
	}
	for _, sel := range include {
		ms, err := r.Resolve(sel)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			enabled[m.ID] = true
		}
	}
	for _, sel := range exclude {
		ms, err := r.Resolve(sel)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			delete(enabled, m.ID)
		}
	}
	return enabled, nil
}

// Resolve expands one selector — an id, slug, family, rule set or peer
// alias, or a comma-separated list of them — to the rules it names.
func (r *Registry) Resolve(sel string) ([]*Meta, error) {
	var out []*Meta
	for _, part := range strings.Split(sel, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if fam, ok := ParseFamily(part); ok {
			for _, m := range r.all {
				if m.Family == fam {
					out = append(out, m)
				}
			}
			continue
		}
		if set, ok := ParseSet(part); ok {
			out = append(out, r.InSet(set)...)
			continue
		}
		ms := r.Lookup(part)
		if len(ms) == 0 {
			return nil, fmt.Errorf("unknown rule %q (not an id, slug, family, rule set or peer alias)", part)
		}
		out = append(out, ms...)
	}
	return out, nil
}

// InSet returns the rules of a rule set (a canonical name from RuleSets),
// sorted by id.
func (r *Registry) InSet(name string) []*Meta {
	var out []*Meta
	for _, m := range r.all {
		if m.inSet(name) {
			out = append(out, m)
		}
	}
	return out
}

// ParseFamily reports whether s names a rule family (case-insensitive).
func ParseFamily(s string) (Family, bool) {
	fam := Family(strings.ToUpper(strings.TrimSpace(s)))
	for _, f := range Families {
		if f == fam {
			return f, true
		}
	}
	return "", false
}
