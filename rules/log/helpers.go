package log

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/template"
)

// globalSet reports whether the SAM Globals section sets key for a resource
// kind ("Api", "HttpApi", "StateMachine"). Globals is read raw: any value
// there, even an intrinsic, counts as configured, so no resource is
// reported for a setting it inherits.
func globalSet(t *template.Template, kind, key string) bool {
	return t.Section("Globals").Get(kind).Get(key) != nil
}

// blank reports a property that configures nothing: absent, or a known
// empty string. Unknown values are never blank.
func blank(v *model.Value) bool {
	if v == nil {
		return true
	}
	s, ok := v.Str()
	return ok && v.Kind == model.String && strings.TrimSpace(s) == ""
}
