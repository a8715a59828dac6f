package config

import (
	"path"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/suppress"
)

// SuppressEntry is one item of the `suppress` list: findings of a rule,
// optionally narrowed to files, resources and a path, accepted for a
// reason. It serves templates nobody edits by hand (cdk.out, .serverless).
type SuppressEntry struct {
	Rule   Ref
	Reason string
	// Files are globs joined with the config file's absolute directory,
	// slash-separated; empty means every file.
	Files []string
	// Resources are logical-id globs; empty means every resource.
	Resources []string
	Path      string
	// Expires is YYYY-MM-DD or empty; ExpiresAt locates it.
	Expires   string
	ExpiresAt Ref
	// At locates the entry (its first key) for messages and for the
	// `line` of the findings it suppresses.
	At Ref
}

// suppress reads the `suppress` list. Shape problems (no rule, no reason,
// an unknown key, a malformed date or glob) are errors, as everywhere in
// this file: a suppression that cannot work must not pass silently.
func (p *parser) suppress(n *yaml.Node, f *File) error {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return p.errorAt(n, "suppress must be a list of {rule, reason, files, resources, path, expires}")
	}
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			return p.errorAt(item, "suppress: each entry must be a mapping with at least rule and reason")
		}
		e := SuppressEntry{At: p.ref(item)}
		var ruleKey, reasonKey bool
		err := p.fields(item, "suppress", map[string]func(key, value *yaml.Node) error{
			"rule": func(_, v *yaml.Node) error {
				ruleKey = true
				if v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "" || isNull(v) {
					return p.errorAt(v, "suppress.rule must name a rule (id, slug, family or peer alias)")
				}
				e.Rule = p.ref(v)
				return nil
			},
			"reason": func(_, v *yaml.Node) error {
				reasonKey = true
				if v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "" || isNull(v) {
					return p.errorAt(v, "suppress.reason must say why the finding is accepted")
				}
				e.Reason = strings.TrimSpace(v.Value)
				return nil
			},
			"files": func(_, v *yaml.Node) error { return p.fileGlobs(v, &e) },
			"resources": func(_, v *yaml.Node) error {
				items, err := p.scalars(v, "suppress.resources")
				for _, it := range items {
					if _, merr := path.Match(it.Value, ""); merr != nil {
						return p.errorAt(it, "suppress.resources: malformed glob %q", it.Value)
					}
					e.Resources = append(e.Resources, it.Value)
				}
				return err
			},
			"path": func(_, v *yaml.Node) error {
				e.Path = strings.TrimSpace(v.Value)
				if v.Kind != yaml.ScalarNode || e.Path == "" || isNull(v) {
					return p.errorAt(v, "suppress.path must be a path such as Properties.SecurityGroupIngress[0]")
				}
				return nil
			},
			"expires": func(_, v *yaml.Node) error {
				e.Expires, e.ExpiresAt = v.Value, p.ref(v)
				if _, err := time.Parse(time.DateOnly, v.Value); err != nil || v.Kind != yaml.ScalarNode {
					return p.errorAt(v, "suppress.expires: %q is not a YYYY-MM-DD date", v.Value)
				}
				return nil
			},
		})
		if err != nil {
			return err
		}
		if !ruleKey {
			return p.errorAt(item, "suppress entry has no rule; add `rule: <id, slug, family or peer alias>`")
		}
		if !reasonKey {
			return p.errorAt(item, "suppress entry for %s has no reason; add `reason: …` saying why the finding is accepted", e.Rule.Value)
		}
		f.Suppress = append(f.Suppress, e)
	}
	return nil
}

// fileGlobs resolves `files` globs against the config file's directory, so
// an entry means the same files whichever directory cfnvet runs from.
func (p *parser) fileGlobs(n *yaml.Node, e *SuppressEntry) error {
	items, err := p.scalars(n, "suppress.files")
	if err != nil {
		return err
	}
	for _, it := range items {
		for _, seg := range strings.Split(filepath.ToSlash(it.Value), "/") {
			if _, merr := path.Match(seg, ""); merr != nil {
				return p.errorAt(it, "suppress.files: malformed glob %q", it.Value)
			}
		}
		abs, aerr := filepath.Abs(p.path(it.Value))
		if aerr != nil {
			return p.errorAt(it, "suppress.files: %v", aerr)
		}
		e.Files = append(e.Files, filepath.ToSlash(abs))
	}
	return nil
}

func (p *parser) baseline(n *yaml.Node, f *File) error {
	if n.Kind != yaml.ScalarNode || strings.TrimSpace(n.Value) == "" || isNull(n) {
		return p.errorAt(n, "baseline must be a file name")
	}
	r := p.ref(n)
	r.Value = p.path(n.Value)
	if err := p.confined(n, "baseline", r.Value); err != nil {
		return err
	}
	f.Baseline = &r
	return nil
}

// Suppressions resolves the `suppress` entries against the registry. A
// rule that names nothing is an error at its line, like any selector in
// this file. An entry past its expiry date is dropped with a warning: the
// findings it covered are active again, which the gate then reports, but
// a date passing must not make the config itself invalid.
func (f *File) Suppressions(reg *rule.Registry, today time.Time) ([]suppress.External, []string, error) {
	day := today.Format(time.DateOnly)
	var out []suppress.External
	var warnings []string
	for _, e := range f.Suppress {
		ms, err := reg.Resolve(e.Rule.Value)
		if err != nil {
			return nil, nil, e.Rule.errorf("suppress: %v", err)
		}
		if e.Expires != "" && e.Expires < day {
			warnings = append(warnings, e.ExpiresAt.errorf("suppress entry for %s expired on %s; its findings are active again",
				e.Rule.Value, e.Expires).Error())
			continue
		}
		ids := map[string]bool{}
		for _, m := range ms {
			ids[m.ID] = true
		}
		out = append(out, suppress.External{Key: e.Rule.Value, Rules: ids, Files: e.Files, Resources: e.Resources,
			Path: e.Path, Reason: e.Reason, Expires: e.Expires, File: e.At.File, Line: e.At.Line, Col: e.At.Col})
	}
	return out, warnings, nil
}
