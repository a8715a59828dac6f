// Package suppress reads the suppressions written in a template's Metadata
// and decides which findings they silence. It owns the accepted forms
// (contract.md, Suppressions) and the diagnostics for suppressions that
// cannot work: no reason, an unknown rule, a bad expiry date, or a match of
// nothing at all.
//
// Accepted forms:
//
//	Metadata:                       # on a resource, or at the template's top level
//	  cfnvet:
//	    suppress:
//	      - rule: NET001            # id, slug or peer alias
//	        reason: "…"             # required
//	        expires: 2027-01-31     # optional
//	        path: Properties.SecurityGroupIngress[1]   # optional, resource level only
//	  cfn_nag:
//	    rules_to_suppress:          # resource level only, as cfn_nag reads it
//	      - id: W2
//	        reason: "…"
package suppress

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/template"
)

// Sources of a suppression, as they appear in JSON output.
const (
	SourceCfnvet = "cfnvet"
	SourceCfnNag = "cfn_nag"
)

// Directive is one usable suppression: it names at least one known rule and
// gives a reason.
type Directive struct {
	Source string
	// Key is the rule as written (id, slug or alias).
	Key   string
	Rules map[string]bool // resolved rule ids
	// Resource is the logical id it applies to; empty for a whole-template
	// suppression.
	Resource string
	// Path limits a resource-level suppression to one part of the resource
	// ("Properties.SecurityGroupIngress[1]"); empty means the whole resource.
	Path    string
	Reason  string
	Expires string // YYYY-MM-DD or empty
	// Line and Col locate the suppression entry.
	Line, Col int
	used      bool
}

// Set is every suppression of one template.
type Set struct {
	directives []*Directive
	problems   []template.Diagnostic
}

// cfnNagID is the shape of cfn_nag rule ids (W2, F1000); anything else in
// rules_to_suppress is a typo or a custom rule id.
var cfnNagID = regexp.MustCompile(`^[WF]\d+$`)

// Read collects the suppressions of t. Rule names are resolved through reg
// (ids, slugs, peer aliases); today decides whether an expiry has passed.
// Unusable suppressions are not returned as directives but reported, so a
// gate never silently stops suppressing or silently suppresses.
func Read(t *template.Template, reg *rule.Registry, today time.Time) *Set {
	r := reader{set: &Set{}, reg: reg, today: today.UTC().Format(time.DateOnly)}
	if md := t.Root.Get("Metadata"); md != nil {
		r.cfnvet(md.Get("cfnvet"), "")
	}
	if res := t.Section("Resources"); res != nil {
		for _, e := range res.Entries {
			md := e.Value.Get("Metadata")
			if md == nil {
				continue
			}
			r.cfnvet(md.Get("cfnvet"), e.Key)
			r.cfnNag(md.Get("cfn_nag"), e.Key)
		}
	}
	return r.set
}

type reader struct {
	set   *Set
	reg   *rule.Registry
	today string
}

func (r *reader) problem(n *template.Node, format string, args ...any) {
	r.set.problems = append(r.set.problems, template.Diagnostic{Line: n.Range.Line, Col: n.Range.Col,
		Msg: fmt.Sprintf(format, args...)})
}

func (r *reader) cfnvet(n *template.Node, resource string) {
	if n == nil {
		return
	}
	list := n.Get("suppress")
	if list == nil {
		r.problem(n, "Metadata.cfnvet has no `suppress` list; nothing is suppressed")
		return
	}
	if list.Kind != template.List {
		r.problem(list, "Metadata.cfnvet.suppress must be a list of {rule, reason}, found a %s", list.Kind)
		return
	}
	for _, item := range list.Items {
		r.entry(item, SourceCfnvet, "rule", resource)
	}
}

func (r *reader) cfnNag(n *template.Node, resource string) {
	if n == nil {
		return
	}
	list := n.Get("rules_to_suppress")
	if list == nil {
		return // other cfn_nag metadata (e.g. a profile) is not ours to judge
	}
	if list.Kind != template.List {
		r.problem(list, "Metadata.cfn_nag.rules_to_suppress must be a list of {id, reason}, found a %s", list.Kind)
		return
	}
	for _, item := range list.Items {
		r.entry(item, SourceCfnNag, "id", resource)
	}
}

// entry validates one list item and, when usable, records it.
func (r *reader) entry(item *template.Node, source, ruleKey, resource string) {
	where := "Metadata." + source
	if item.Kind != template.Map {
		r.problem(item, "%s suppression must be a mapping with %q and \"reason\", found a %s", where, ruleKey, item.Kind)
		return
	}
	key := scalar(item.Get(ruleKey))
	if key == "" {
		r.problem(item, "%s suppression has no %q naming the rule; nothing is suppressed", where, ruleKey)
		return
	}
	d := &Directive{Source: source, Key: key, Resource: resource, Rules: map[string]bool{},
		Line: item.Range.Line, Col: item.Range.Col}
	for _, m := range r.reg.Lookup(key) {
		d.Rules[m.ID] = true
	}
	if len(d.Rules) == 0 {
		// cfn_nag ids without a cfnvet equivalent are normal in templates
		// that are also checked by cfn_nag; only malformed ones are typos.
		if source == SourceCfnNag && cfnNagID.MatchString(key) {
			return
		}
		r.problem(item, "%s suppression names unknown rule %q (not a cfnvet id, slug or peer alias); nothing is suppressed", where, key)
		return
	}
	d.Reason = scalar(item.Get("reason"))
	if d.Reason == "" {
		r.problem(item, "%s suppression of %s has no reason; the finding stays active (add `reason: …`)", where, key)
		return
	}
	if e := item.Get("expires"); e != nil {
		d.Expires = scalar(e)
		if _, err := time.Parse(time.DateOnly, d.Expires); err != nil {
			r.problem(e, "%s suppression of %s: expires %q is not a YYYY-MM-DD date; the finding stays active", where, key, d.Expires)
			return
		}
		if d.Expires < r.today {
			r.problem(e, "%s suppression of %s expired on %s; the finding is active again", where, key, d.Expires)
			return
		}
	}
	if p := item.Get("path"); p != nil {
		if resource == "" {
			r.problem(p, "%s suppression of %s: `path` applies only to resource-level suppressions", where, key)
			return
		}
		d.Path = strings.TrimPrefix(scalar(p), "Resources."+resource+".")
		if d.Path == "" {
			r.problem(p, "%s suppression of %s: `path` is empty", where, key)
			return
		}
	}
	r.set.directives = append(r.set.directives, d)
}

func scalar(n *template.Node) string {
	if n == nil || !n.IsScalar() || n.Kind == template.Null {
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// Match returns the suppression that silences a finding of ruleID on
// resource at path (rendered as `Properties.A[0].B`), or nil. Resource-level
// suppressions win over template-level ones, then earlier entries over later
// ones. Every matching directive counts as used, so writing the same
// suppression for cfnvet and cfn_nag does not report either as unused.
func (s *Set) Match(ruleID, resource, path string) *Directive {
	var best *Directive
	for _, d := range s.directives {
		if !d.Rules[ruleID] || (d.Resource != "" && d.Resource != resource) || !underPath(path, d.Path) {
			continue
		}
		d.used = true
		if best == nil || (best.Resource == "" && d.Resource != "") {
			best = d
		}
	}
	return best
}

// underPath reports whether path is prefix or lies below it.
func underPath(path, prefix string) bool {
	if prefix == "" || path == prefix {
		return true
	}
	return strings.HasPrefix(path, prefix+".") || strings.HasPrefix(path, prefix+"[")
}

// Diagnostics returns the problems found while reading, plus one for each
// cfnvet-form suppression that matched no finding. enabled tells which
// rules ran: a suppression of a rule switched off by --skip is not unused.
// cfn_nag-form suppressions are not reported as unused, because cfn_nag
// fires in places where the more precise cfnvet rule does not, and the
// template still needs them for cfn_nag.
func (s *Set) Diagnostics(enabled func(ruleID string) bool) []template.Diagnostic {
	out := append([]template.Diagnostic(nil), s.problems...)
	for _, d := range s.directives {
		if d.used || d.Source != SourceCfnvet {
			continue
		}
		ran := false
		for id := range d.Rules {
			ran = ran || enabled(id)
		}
		if !ran {
			continue
		}
		scope := "in this template"
		switch {
		case d.Path != "":
			scope = "at " + d.Resource + "." + d.Path
		case d.Resource != "":
			scope = "on " + d.Resource
		}
		out = append(out, template.Diagnostic{Line: d.Line, Col: d.Col,
			Msg: fmt.Sprintf("Metadata.cfnvet suppression of %s matches no finding %s; remove it or fix the rule name", d.Key, scope)})
	}
	return out
}
