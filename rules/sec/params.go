package sec

import "github.com/cfnvet/cfnvet/engine/model"

// siteParams maps each parameter that reaches a secret-bearing property
// (SEC001/SEC002) to the worst verdict it takes part in.
func siteParams(v *model.View, ps Params) map[string]Verdict {
	out := map[string]Verdict{}
	for _, r := range v.Resources {
		for _, s := range Sites(r) {
			j := s.Judge(v.Template, ps)
			for _, name := range j.Params {
				out[name] = max(out[name], j.Verdict)
			}
		}
	}
	return out
}

// secretParam reports parameters selected by name: a secret-looking name,
// Type String, no AllowedValues (an enumerated value is not a secret).
// SSM-typed parameters hold a parameter name and are never selected.
func secretParam(p *Param) bool {
	return p.Type == "String" && !p.Allowed && SecretLooking(p.Name)
}

// parameterList returns the declared parameters in template order.
func parameterList(v *model.View) []*Param {
	ps := ParamsOf(v.Template)
	sec := v.Template.Section("Parameters")
	if sec == nil {
		return nil
	}
	out := make([]*Param, 0, len(sec.Entries))
	for _, e := range sec.Entries {
		out = append(out, ps[e.Key])
	}
	return out
}
