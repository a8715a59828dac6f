package sec

import "github.com/cfnvet/cfnvet/engine/model"

// viewSiteParams is siteParams of the view's parameters, derived once per
// view: SEC003 and SEC004 both read it.
func viewSiteParams(v *model.View) map[string]Verdict {
	return v.Derived(siteParamsKey{}, func(v *model.View) any { return siteParams(v, viewParams(v)) }).(map[string]Verdict)
}

type siteParamsKey struct{}

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

// secretParam reports parameters selected by name, that is parameters that
// could hold a credential: a secret-looking name (not one describing a
// secret, such as …Arn or …Stack), Type String (not Number, a list or an
// AWS-specific type; SSM-typed parameters hold a parameter name), no
// AllowedValues (an enumerated value is not a secret), and no Default that
// shows another kind of value (a number, boolean, ARN, path, URL or JSON).
// A placeholder Default still selects the parameter: the real value will be
// typed in at deploy time. A parameter used only to name a secret
// (locatorParams) is not selected either.
func secretParam(p *Param, locators map[string]bool) bool {
	if p.Type != "String" || p.Allowed || !SecretLooking(p.Name) || locators[p.Name] {
		return false
	}
	if p.Default == nil {
		return true
	}
	c := p.DefaultClass()
	return c == ClassCredential || c == ClassPlaceholder
}

// parameterList returns the declared parameters in template order.
func parameterList(v *model.View) []*Param {
	ps := viewParams(v)
	sec := v.Template.Section("Parameters")
	if sec == nil {
		return nil
	}
	out := make([]*Param, 0, len(sec.Entries()))
	for _, e := range sec.Entries() {
		out = append(out, ps[e.Key])
	}
	return out
}
