package config

import (
	"fmt"
	"strings"

	"github.com/cfnvet/cfnvet/engine/rule"
)

// Selection resolves the file's rule settings against the registry and
// combines them with the command line's --rule (include) and --skip
// (exclude) selectors and --profile rule sets (profiles, each a set name
// or a comma-separated list):
//
//   - rules run when rules.enable or the cfn_nag profile names them; when
//     neither is set, the default rule set runs;
//   - the rule sets of `profile` and --profile are added to that;
//   - rules.disable, the cfn_nag deny list and --skip remove rules;
//   - --rule replaces all of the file's rule selection (`profile`
//     included): it names exactly which rules run, plus any --profile
//     sets (--skip still applies);
//   - severity overrides apply in any case, family selectors first so
//     that a rule's own entry wins over its family's.
//
// Every selector in the file must name a rule; an unknown one is an error
// at its line. cfn_nag ids with no cfnvet equivalent are skipped with a
// warning, since cfnvet does not implement every cfn_nag rule.
func (f *File) Selection(reg *rule.Registry, include, exclude []string, profiles ...string) (rule.Selection, []string, error) {
	var warnings []string
	for _, p := range profiles {
		for _, part := range strings.Split(p, ",") {
			if _, ok := rule.ParseSet(part); !ok {
				return rule.Selection{}, nil, fmt.Errorf("--profile %q: unknown rule set (want %s)", strings.TrimSpace(part),
					strings.Join(rule.SetNames(), ", "))
			}
		}
	}
	for _, refs := range [][]Ref{f.Enable, f.Disable} {
		for _, r := range refs {
			if _, err := reg.Resolve(r.Value); err != nil {
				return rule.Selection{}, nil, r.errorf("%v", err)
			}
		}
	}
	cfnNagIDs := func(refs []Ref) []string {
		var ids []string
		for _, r := range refs {
			ms := reg.Lookup(r.Value)
			if len(ms) == 0 {
				warnings = append(warnings, r.errorf("%s names no cfnvet rule; ignored", r.Value).Error())
			}
			for _, m := range ms {
				ids = append(ids, m.ID)
			}
		}
		return ids
	}
	profile, deny := cfnNagIDs(f.Profile), cfnNagIDs(f.DenyList)
	var sel rule.Selection
	var err error
	if len(include) > 0 {
		sel.Enabled, err = reg.Select(append(append([]string{}, include...), profiles...), exclude)
	} else {
		if f.ProfileKey != nil && len(profile) == 0 && len(f.Enable) == 0 {
			// Without this, an empty allow list would mean "every rule".
			return rule.Selection{}, nil, f.ProfileKey.errorf("cfn_nag.profile names no cfnvet rule, so no rule would run")
		}
		in := append(values(f.Enable), profile...)
		if len(in) == 0 {
			in = []string{rule.SetDefault}
		}
		in = append(append(in, values(f.Profiles)...), profiles...)
		out := append(append(values(f.Disable), deny...), exclude...)
		sel.Enabled, err = reg.Select(in, out)
	}
	if err != nil {
		return rule.Selection{}, nil, err
	}

	sel.Severity = map[string]rule.Severity{}
	for _, familiesFirst := range []bool{true, false} {
		for _, o := range f.Severity {
			if _, isFamily := rule.ParseFamily(o.Rules.Value); isFamily != familiesFirst {
				continue
			}
			ms, err := reg.Resolve(o.Rules.Value)
			if err != nil {
				return rule.Selection{}, nil, o.Rules.errorf("severity: %v", err)
			}
			for _, m := range ms {
				sel.Severity[m.ID] = o.Severity
			}
		}
	}
	return sel, warnings, nil
}

func values(refs []Ref) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Value
	}
	return out
}
