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
//	  checkov:
//	    skip:                       # resource level only, as checkov reads it
//	      - id: CKV_AWS_24
//	        comment: "…"            # the reason; required here, optional in checkov
//	  cdk_nag:
//	    rules_to_suppress:          # resource or template level (stack suppressions)
//	      - id: AwsSolutions-EC23
//	        reason: "…"
//	        applies_to: [...]       # optional; narrows AwsSolutions-IAM5
//	  guard:
//	    SuppressedRules: [EC2_SECURITY_GROUP_INGRESS_OPEN_TO_WORLD_RULE]   # resource level
//
// Peer forms resolve only their own tool's ids, through the rules' aliases.
// A well-formed peer id with no cfnvet equivalent is there for the peer
// tool and is not an error, but it gets a warning at its line saying it
// suppresses nothing here, so nobody believes the gate honours it; a
// malformed one is reported as a typo. cfn-guard's form has no reason, so it never
// suppresses: when it names a rule that would otherwise be silenced, a
// warning says to add a cfnvet suppression with a reason.
package suppress

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/internal/lazyregexp"
)

// Sources of a suppression, as they appear in JSON output. Each peer source
// is also the Metadata key the peer reads and the rule alias tool its ids
// are listed under.
const (
	SourceCfnvet  = "cfnvet"
	SourceCfnNag  = "cfn_nag"
	SourceCheckov = "checkov"
	SourceCdkNag  = "cdk_nag"
	SourceGuard   = "guard"
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
	// ResourceTypes, when set, limits the directive to resources of these
	// types: the part of a merged rule that the peer id covers.
	ResourceTypes []string
	// Path limits a resource-level suppression to one part of the resource
	// ("Properties.SecurityGroupIngress[1]"); empty means the whole resource.
	Path    string
	Reason  string
	Expires string // YYYY-MM-DD or empty
	// Line and Col locate the suppression entry.
	Line, Col int
	used      bool
}

// covers reports whether d applies to a finding of ruleID on resource (of
// type resourceType) at path.
func (d *Directive) covers(ruleID, resource, resourceType, path string) bool {
	if !d.Rules[ruleID] || (d.Resource != "" && d.Resource != resource) || !UnderPath(path, d.Path) {
		return false
	}
	return len(d.ResourceTypes) == 0 || slices.Contains(d.ResourceTypes, resourceType)
}

// Set is every suppression of one template.
type Set struct {
	directives []*Directive
	// reasonless are cfn-guard suppressions of known rules: they never
	// suppress, but a finding they would have silenced earns a warning.
	reasonless []*Directive
	problems   []template.Diagnostic
	types      map[string]string // logical id → resource type
}

// form is the shape of one tool's suppression list entries.
type form struct {
	source    string // Metadata key, JSON source and alias tool
	list      string // key of the list under Metadata.<source>
	ruleKey   string
	reasonKey string
	// peerID matches the ids of the peer tool: a matching id without a
	// cfnvet equivalent is the peer's own (a warning says it suppresses
	// nothing here), anything else is reported as a typo.
	// Nil for the cfnvet form, which resolves ids, slugs and every alias.
	peerID *lazyregexp.Regexp
}

var (
	cfnvetForm  = form{source: SourceCfnvet, list: "suppress", ruleKey: "rule", reasonKey: "reason"}
	cfnNagForm  = form{SourceCfnNag, "rules_to_suppress", "id", "reason", lazyregexp.New(`^[WF]\d+$`)}
	checkovForm = form{SourceCheckov, "skip", "id", "comment",
		lazyregexp.New(`^(CKV2?_[A-Z0-9]+_\d+|BC_[A-Z0-9]+(_[A-Z0-9]+)*_\d+)$`)}
	// cdk_nag ids are <pack name>-<rule>, e.g. AwsSolutions-EC23 or
	// NIST.800.53.R5-IAMNoInlinePolicy; CdkNagValidationFailure is its own.
	cdkNagForm = form{SourceCdkNag, "rules_to_suppress", "id", "reason",
		lazyregexp.New(`^([A-Za-z][A-Za-z0-9.]*-[A-Za-z0-9]+|CdkNagValidationFailure)$`)}
	// Guard rule names are identifiers (upper-case in the Guard Rules
	// Registry, free-form in custom rule files).
	guardRuleName = lazyregexp.New(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// Read collects the suppressions of t. Rule names are resolved through reg
// (ids, slugs, peer aliases); today decides whether an expiry has passed.
// Unusable suppressions are not returned as directives but reported, so a
// gate never silently stops suppressing or silently suppresses.
func Read(t *template.Template, reg *rule.Registry, today time.Time) *Set {
	r := reader{set: &Set{types: map[string]string{}}, reg: reg, today: today.UTC().Format(time.DateOnly)}
	if md := t.Root.Get("Metadata"); md != nil {
		r.list(md.Get(SourceCfnvet), cfnvetForm, "")
		// cdk_nag writes stack suppressions to the template's Metadata.
		r.list(md.Get(SourceCdkNag), cdkNagForm, "")
		r.resourceOnly(md, cfnNagForm.source, cfnNagForm.list)
		r.resourceOnly(md, checkovForm.source, checkovForm.list)
		r.resourceOnly(md, SourceGuard, "SuppressedRules")
	}
	if res := t.Section("Resources"); res != nil {
		for _, e := range res.Entries() {
			r.set.types[e.Key] = scalar(e.Value.Get("Type"))
			md := e.Value.Get("Metadata")
			if md == nil {
				continue
			}
			r.list(md.Get(SourceCfnvet), cfnvetForm, e.Key)
			r.list(md.Get(SourceCfnNag), cfnNagForm, e.Key)
			r.list(md.Get(SourceCheckov), checkovForm, e.Key)
			r.list(md.Get(SourceCdkNag), cdkNagForm, e.Key)
			r.guard(md.Get(SourceGuard), e.Key)
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
	r.set.problems = append(r.set.problems, template.Diagnostic{Line: int(n.Range.Line), Col: int(n.Range.Col),
		Msg: fmt.Sprintf(format, args...)})
}

// resourceOnly reports a peer suppression list at the template's top level,
// where the peer tool does not read it either.
func (r *reader) resourceOnly(md *template.Node, source, list string) {
	if n := md.Get(source).Get(list); n != nil {
		r.problem(n, "Metadata.%s.%s is read on resources only (as %s reads it), not at the template's top level; nothing is suppressed",
			source, list, source)
	}
}

// list reads the suppression list of one form; n is Metadata.<source>.
func (r *reader) list(n *template.Node, f form, resource string) {
	if n == nil {
		return
	}
	list := n.Get(f.list)
	if list == nil {
		if f.peerID == nil {
			r.problem(n, "Metadata.cfnvet has no `suppress` list; nothing is suppressed")
		}
		return // other peer metadata (e.g. a cfn_nag profile) is not ours to judge
	}
	if list.Kind != template.List {
		r.problem(list, "Metadata.%s.%s must be a list of {%s, %s}, found a %s", f.source, f.list, f.ruleKey, f.reasonKey, list.Kind)
		return
	}
	for _, item := range list.Items() {
		r.entry(item, f, resource)
	}
}

// resolve finds the rules a suppression key names: with tool empty (the
// cfnvet form) any id, slug or alias; otherwise only that tool's aliases.
func (r *reader) resolve(tool, key string) map[string]bool {
	out := map[string]bool{}
	for _, m := range r.reg.Lookup(key) {
		if tool == "" || slices.ContainsFunc(m.Aliases[tool], func(a string) bool { return strings.EqualFold(a, key) }) {
			out[m.ID] = true
		}
	}
	return out
}

// entry validates one list item and, when usable, records it.
func (r *reader) entry(item *template.Node, f form, resource string) {
	where := "Metadata." + f.source
	if item.Kind != template.Map {
		r.problem(item, "%s suppression must be a mapping with %q and %q, found a %s", where, f.ruleKey, f.reasonKey, item.Kind)
		return
	}
	key := scalar(item.Get(f.ruleKey))
	if key == "" {
		r.problem(item, "%s suppression has no %q naming the rule; nothing is suppressed", where, f.ruleKey)
		return
	}
	tool := f.source
	if f.peerID == nil {
		tool = ""
	}
	d := &Directive{Source: f.source, Key: key, Resource: resource, Rules: r.resolve(tool, key),
		ResourceTypes: peerScope(f.source, key), Line: int(item.Range.Line), Col: int(item.Range.Col)}
	if len(d.Rules) == 0 {
		// A well-formed peer id without a cfnvet equivalent is normal in
		// a template that peer also checks, but suppresses nothing here:
		// say so rather than let the reader believe it does.
		if f.peerID != nil && f.peerID.MatchString(key) {
			r.unmapped(item, key)
			return
		}
		what := "not a cfnvet id, slug or peer alias"
		if f.peerID != nil {
			what = "not a " + f.source + " id; cfnvet ids belong under Metadata.cfnvet"
		}
		r.problem(item, "%s suppression names unknown rule %q (%s); nothing is suppressed", where, key, what)
		return
	}
	if f.source == SourceCdkNag {
		if !r.narrowAppliesTo(item, d) {
			return
		}
	}
	d.Reason = scalar(item.Get(f.reasonKey))
	if d.Reason == "" {
		r.problem(item, "%s suppression of %s has no %s; the finding stays active (add `%s: …`)", where, key, f.reasonKey, f.reasonKey)
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

// unmapped reports a well-formed peer id that no cfnvet rule lists as an
// alias: legitimate for the peer, but silencing nothing here.
func (r *reader) unmapped(item *template.Node, key string) {
	r.problem(item, "%s has no cfnvet equivalent; nothing suppressed", key)
}

// peerScope returns the resource types a peer id covers when the cfnvet
// rules it maps to check more types than the peer does (rules.md §0.7: "F3
// suppresses IAM002 for AWS::IAM::Role only"); nil means no limit.
func peerScope(source, key string) []string {
	return peerScopes()[source+"/"+strings.ToUpper(key)]
}

// peerScopes maps "<source>/<upper-cased peer id>" to the resource types the
// peer id covers. Only the identity-policy rules need it: there the peers
// split one cfnvet rule by resource type, while elsewhere a peer id covers
// every type of the rules it is an alias of.
func peerScopes() map[string][]string {
	const (
		role, user, group     = "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"
		policy, managedPolicy = "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"
	)
	return map[string][]string{
		SourceCfnNag + "/F3":  {role},
		SourceCfnNag + "/W11": {role},
		SourceCfnNag + "/F4":  {policy},
		SourceCfnNag + "/W12": {policy},
		SourceCfnNag + "/F5":  {managedPolicy},
		SourceCfnNag + "/W13": {managedPolicy},
		// IAMNoWildcardPermissions reads the inline policies of roles,
		// users and groups and the documents of (managed) policies only.
		SourceCdkNag + "/AWSSOLUTIONS-IAM5": {role, user, group, policy, managedPolicy},
	}
}

// wildcardActionFinding matches the cdk_nag finding ids of IAM5 that are an
// IAM002 finding: a whole-service or all-action wildcard.
var wildcardActionFinding = lazyregexp.New(`^Action::(\*|[A-Za-z0-9-]+:\*)$`)

// narrowAppliesTo limits a granular cdk_nag suppression (applies_to) to the
// cfnvet rules whose findings the listed cdk_nag finding ids describe, and
// reports whether anything is left to record. Only AwsSolutions-IAM5 has
// granular findings that cfnvet rules mirror: "Action::*" and
// "Action::<service>:*" are what IAM002 reports, "Resource::*" is what
// IAM003 reports. Finding ids naming partial wildcards (s3:Get*, an ARN
// ending in /*) and {regex: …} entries describe nothing cfnvet reports, so
// they silence nothing here. Other rules have no granular findings, and
// cdk_nag ignores applies_to for them; so does cfnvet.
func (r *reader) narrowAppliesTo(item *template.Node, d *Directive) bool {
	applies := item.Get("applies_to")
	if applies == nil || !strings.EqualFold(d.Key, "AwsSolutions-IAM5") {
		return true
	}
	if applies.Kind != template.List {
		r.problem(applies, "Metadata.cdk_nag suppression of %s: applies_to must be a list of finding ids, found a %s; nothing is suppressed",
			d.Key, applies.Kind)
		return false
	}
	covered := map[string]bool{}
	for _, a := range applies.Items() {
		switch v := scalar(a); {
		case v == "Resource::*":
			covered["IAM003"] = true
		case wildcardActionFinding.MatchString(v):
			covered["IAM002"] = true
		}
	}
	for id := range d.Rules {
		if !covered[id] {
			delete(d.Rules, id)
		}
	}
	return len(d.Rules) > 0
}

// guard reads cfn-guard's Metadata.guard.SuppressedRules: a list of Guard
// rule names without reasons.
func (r *reader) guard(n *template.Node, resource string) {
	list := n.Get("SuppressedRules")
	if list == nil {
		return
	}
	if list.Kind != template.List {
		r.problem(list, "Metadata.guard.SuppressedRules must be a list of Guard rule names, found a %s", list.Kind)
		return
	}
	for _, item := range list.Items() {
		name := scalar(item)
		if name == "" {
			r.problem(item, "Metadata.guard.SuppressedRules entries must be Guard rule names, found a %s", item.Kind)
			continue
		}
		d := &Directive{Source: SourceGuard, Key: name, Resource: resource, Rules: r.resolve(SourceGuard, name),
			Line: int(item.Range.Line), Col: int(item.Range.Col)}
		if len(d.Rules) == 0 {
			if guardRuleName.MatchString(name) {
				r.unmapped(item, name)
			} else {
				r.problem(item, "Metadata.guard suppression names %q, which is not a Guard rule name; nothing is suppressed", name)
			}
			continue
		}
		r.set.reasonless = append(r.set.reasonless, d)
	}
}

func scalar(n *template.Node) string {
	if n == nil || !n.IsScalar() || n.Kind == template.Null {
		return ""
	}
	return strings.TrimSpace(n.Value())
}

// Match returns the suppression that silences a finding of ruleID on
// resource at path (rendered as `Properties.A[0].B`), or nil. Resource-level
// suppressions win over template-level ones, then earlier entries over later
// ones. Every matching directive counts as used, so writing the same
// suppression for cfnvet and cfn_nag does not report either as unused.
func (s *Set) Match(ruleID, resource, path string) *Directive {
	return s.MatchAs(ruleID, resource, s.types[resource], path)
}

// MatchAs is Match for a finding on a resource of type typ that is covered
// by the suppressions of resource: a resource the SAM transform generated
// (typ) from the SAM resource whose Metadata holds them.
func (s *Set) MatchAs(ruleID, resource, typ, path string) *Directive {
	var best *Directive
	for _, d := range s.directives {
		if !d.covers(ruleID, resource, typ, path) {
			continue
		}
		d.used = true
		if best == nil || (best.Resource == "" && d.Resource != "") {
			best = d
		}
	}
	if best == nil {
		// A reason-less guard suppression that would have silenced this
		// finding earns its warning only when nothing else silences it.
		for _, d := range s.reasonless {
			if d.covers(ruleID, resource, typ, path) {
				d.used = true
			}
		}
	}
	return best
}

// UnderPath reports whether path is prefix or lies below it: whether a
// suppression written for prefix covers a finding at path.
func UnderPath(path, prefix string) bool {
	if prefix == "" || path == prefix {
		return true
	}
	return strings.HasPrefix(path, prefix+".") || strings.HasPrefix(path, prefix+"[")
}

// Diagnostics returns the problems found while reading, one for each
// reason-less guard suppression that left a finding active, and one for
// each cfnvet-form suppression that matched no finding. enabled tells which
// rules ran: a suppression of a rule switched off by --skip is not unused.
// Peer-form suppressions are not reported as unused, because peers fire in
// places where the more precise cfnvet rule does not, and the template
// still needs them for the peer.
func (s *Set) Diagnostics(enabled func(ruleID string) bool) []template.Diagnostic {
	out := append([]template.Diagnostic(nil), s.problems...)
	for _, d := range s.reasonless {
		if d.used {
			out = append(out, template.Diagnostic{Line: d.Line, Col: d.Col,
				Msg: fmt.Sprintf("Metadata.guard suppression of %s has no reason (cfn-guard's form cannot carry one), so it does not suppress; the finding stays active (add a Metadata.cfnvet suppression with a reason)", d.Key)})
		}
	}
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

// External is a suppression written outside the template, in a config
// file: it silences findings of Rules in the files, on the resources and
// under the path it names, for templates that cannot carry Metadata
// (generated CDK and Serverless output).
type External struct {
	// Key is the rule as written; Rules are the ids it resolves to.
	Key   string
	Rules map[string]bool
	// Files are globs over absolute, slash-separated paths (already joined
	// with the config file's directory); empty means every file.
	Files []string
	// Resources are globs over logical ids; empty means any resource,
	// including template-level findings.
	Resources []string
	// Path limits the suppression to one part of a resource (as written
	// in a template's Metadata.cfnvet) or of the template; empty means all.
	Path    string
	Reason  string
	Expires string
	// File, Line and Col locate the entry in the config file.
	File      string
	Line, Col int
}

// Where locates the entry for messages: file:line:col.
func (s *External) Where() string {
	return fmt.Sprintf("%s:%d:%d", s.File, s.Line, s.Col)
}
