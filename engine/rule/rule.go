// Package rule defines what a rule is — metadata plus a check — for Go rules
// and Rego policies alike, and the Pass through which checks report paths.
package rule

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
)

// Family groups rules by the risk they address.
type Family string

// The rule families.
const (
	IAM Family = "IAM"
	NET Family = "NET"
	LOG Family = "LOG"
	ENC Family = "ENC"
	SEC Family = "SEC"
)

// Families in display order.
var Families = []Family{IAM, NET, LOG, ENC, SEC}

// Severity of a finding.
type Severity int

// Severities, ordered so that comparisons mean "at least as severe".
const (
	Low Severity = iota + 1
	Medium
	High
	Critical
)

func (s Severity) String() string {
	switch s {
	case Low:
		return "low"
	case Medium:
		return "medium"
	case High:
		return "high"
	case Critical:
		return "critical"
	}
	return "unknown"
}

// ParseSeverity reads a severity name (case-insensitive).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "low":
		return Low, nil
	case "medium":
		return Medium, nil
	case "high":
		return High, nil
	case "critical":
		return Critical, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want low, medium, high or critical)", s)
}

// Example is a documented, tested template fragment.
type Example struct {
	Bad, Good string
}

// Meta is everything users see about a rule; docs, `rules`, `explain` and
// SARIF rule metadata are generated from it.
type Meta struct {
	ID            string
	Slug          string
	Family        Family
	Severity      Severity
	Title         string
	Description   string
	Remediation   string
	ResourceTypes []string
	// Aliases are peer tools' ids for the same check: "cfn_nag", "checkov",
	// "kics", "trivy", and the suppression-only tools "cdk_nag" (rule ids)
	// and "guard" (AWS Guard Rules Registry rule names), listed only where
	// the mapping has been checked against the peer's rule source.
	Aliases map[string][]string
	Links   []string
	// Engine is "go" or "rego"; set by the registry.
	Engine string
	// Source is where the rule is defined (file:line for Rego policies).
	Source string
	// Sets names the opt-in rule sets the rule belongs to ("cmk",
	// "hygiene", …; see RuleSets). A rule with no set is in the default
	// set, which runs when the user selects nothing; every rule is in
	// "strict". Rego policies write it as custom.sets.
	Sets []string
	// DisabledByDefault keeps a rule out of the default set without naming
	// an opt-in set (then only strict or an explicit selection runs it).
	// It predates Sets and is kept for user policies that use it (Rego
	// custom.disabled_by_default); the registry sets it for every rule
	// with Sets, so it always means "not in the default set".
	DisabledByDefault bool
	// Implies lists, most specific first, the rules whose condition
	// necessarily holds wherever this one fires at the same place (NET003,
	// all traffic from the world, implies NET002 and NET001). When this rule
	// holds in only some resolved variants, the engine reports the most
	// specific implied rule that holds in all of them.
	Implies []string
}

// Options are scan-wide switches that change rule semantics.
type Options struct {
	// AssumeAWSDefaults treats controls AWS now applies by default as
	// present when absent (rules.md §0.5).
	AssumeAWSDefaults bool
	// AccountID is the account the template deploys into, when supplied
	// (--parameter AWS::AccountId=…); rules that tell same-account from
	// cross-account principals compare against it.
	AccountID string
}

// Report is one raw finding as a check produces it: a path, never a line.
type Report struct {
	RuleID string
	// Resource is the logical id; empty for a template-level finding, whose
	// Path then starts at the template root (Parameters.…, Outputs.…).
	Resource string
	Path     model.Path // from the resource: Properties.…
	Message  string
	// Severity overrides the rule's default when non-zero.
	Severity Severity
}

// Pass is one rule's view of one resolved template variant.
type Pass struct {
	View    *model.View
	Options Options
	rule    *Meta
	reports *[]Report
	memo    *Memo
}

// NewPass returns a pass that appends the reports of rule m to out.
func NewPass(v *model.View, opts Options, m *Meta, out *[]Report) *Pass {
	return &Pass{View: v, Options: opts, rule: m, reports: out}
}

// Memo holds what the rules checking one resource derive from it, so that
// each rule need not derive it again (the IAM rules all read the same
// policy statements). The engine gives the passes over one resource the
// same Memo and resets it before the next resource, so nothing derived
// outlives the checks of its resource.
type Memo struct {
	values map[any]any
}

// Reset forgets every value.
func (m *Memo) Reset() { clear(m.values) }

// ForRule makes p report for rule m and returns it: the engine checks
// every rule of a resource through one pass (a large template has a
// hundred thousand checks). A check must not keep its pass.
func (p *Pass) ForRule(m *Meta) *Pass {
	p.rule = m
	return p
}

// WithMemo makes p share m with the other passes over the same resource.
func (p *Pass) WithMemo(m *Memo) *Pass {
	p.memo = m
	return p
}

// Shared returns the value build makes for key: built once while the pass's
// Memo holds it, on every call when the pass has none. Values are shared
// by rules, so they must not be modified; key must identify everything
// build reads besides the resource (which the Memo is reset for).
func (p *Pass) Shared(key any, build func() any) any {
	if p.memo == nil {
		return build()
	}
	if v, ok := p.memo.values[key]; ok {
		return v
	}
	v := build()
	if p.memo.values == nil {
		p.memo.values = map[any]any{}
	}
	p.memo.values[key] = v
	return v
}

// Report records a finding at path within resource r.
func (p *Pass) Report(r *model.Resource, path model.Path, format string, args ...any) {
	p.ReportSeverity(r, path, 0, format, args...)
}

// ReportSeverity records a finding with a severity other than the rule's.
func (p *Pass) ReportSeverity(r *model.Resource, path model.Path, sev Severity, format string, args ...any) {
	*p.reports = append(*p.reports, Report{RuleID: p.rule.ID, Resource: r.ID, Path: path,
		Message: fmt.Sprintf(format, args...), Severity: sev})
}

// ReportTemplate records a template-level finding: path starts at the
// template root (["Parameters", "DBPassword", "Default"]).
func (p *Pass) ReportTemplate(path model.Path, format string, args ...any) {
	*p.reports = append(*p.reports, Report{RuleID: p.rule.ID, Path: path, Message: fmt.Sprintf(format, args...)})
}

// Pseudo resource types for rules that read template sections rather than
// one resource type; such rules set CheckTemplate.
const (
	TemplateParameters = "Template::Parameters"
	TemplateOutputs    = "Template::Outputs"
	TemplateResources  = "Template::Resources" // every resource (e.g. its Metadata)
	TemplateGlobals    = "Template::Globals"   // the SAM Globals section
)

// Rule is a Go rule: metadata plus a check called once per resource of one
// of the rule's ResourceTypes, or a template check called once per resolved
// view for rules over Parameters, Outputs or every resource's Metadata.
type Rule struct {
	Meta
	Check func(p *Pass, r *model.Resource)
	// CheckTemplate, when set, runs once per view instead of per resource.
	CheckTemplate func(p *Pass)
	// Examples are fixture-backed examples for docs; filled from testdata.
}

var (
	idPattern   = regexp.MustCompile(`^(IAM|NET|LOG|ENC|SEC)\d{3}$|^[A-Z][A-Z0-9_]{2,}$`)
	slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// PeerTools are the tools whose check ids a rule may list as Aliases, in
// the order documentation shows them. This is the one list: metadata
// validation, the docs and `cfnvet rules --format json` all read it.
func PeerTools() []string {
	return []string{"cfn_nag", "checkov", "kics", "trivy", "cdk_nag", "guard"}
}

// Validate checks that metadata is complete and well-formed. The same check
// applies to Go rules and Rego policies.
func (m *Meta) Validate() error {
	var missing []string
	for name, v := range map[string]string{"id": m.ID, "slug": m.Slug, "title": m.Title,
		"description": m.Description, "remediation": m.Remediation, "family": string(m.Family)} {
		if strings.TrimSpace(v) == "" {
			missing = append(missing, name)
		}
	}
	if m.Severity < Low || m.Severity > Critical {
		missing = append(missing, "severity")
	}
	if len(m.ResourceTypes) == 0 {
		missing = append(missing, "resource_types")
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		return fmt.Errorf("rule %q: missing metadata: %s", m.ID, strings.Join(missing, ", "))
	}
	if !idPattern.MatchString(m.ID) {
		return fmt.Errorf("rule %q: id must look like IAM001 (family + 3 digits) or an upper-case custom id", m.ID)
	}
	if !slugPattern.MatchString(m.Slug) {
		return fmt.Errorf("rule %s: slug %q must be lower-case words joined by dashes", m.ID, m.Slug)
	}
	known := false
	for _, f := range Families {
		known = known || f == m.Family
	}
	if !known {
		return fmt.Errorf("rule %s: unknown family %q", m.ID, m.Family)
	}
	if strings.HasSuffix(m.Title, ".") {
		return fmt.Errorf("rule %s: title must not end with a period", m.ID)
	}
	for tool := range m.Aliases {
		if !slices.Contains(PeerTools(), tool) {
			return fmt.Errorf("rule %s: unknown alias tool %q (want one of %s)", m.ID, tool, strings.Join(PeerTools(), ", "))
		}
	}
	for _, t := range m.ResourceTypes {
		if !strings.Contains(t, "::") {
			return fmt.Errorf("rule %s: resource type %q is not of the form AWS::Service::Resource", m.ID, t)
		}
	}
	if err := m.validateSets(); err != nil {
		return err
	}
	if _, isSet := ParseSet(m.ID); isSet {
		return fmt.Errorf("rule %s: id %q is the name of a rule set", m.ID, m.ID)
	}
	if _, isSet := ParseSet(m.Slug); isSet {
		return fmt.Errorf("rule %s: slug %q is the name of a rule set", m.ID, m.Slug)
	}
	return nil
}

// HelpURI is where the generated documentation of a rule lives.
func (m *Meta) HelpURI() string {
	return "https://github.com/cfnvet/cfnvet/blob/main/docs/rules/" + m.ID + ".md"
}
