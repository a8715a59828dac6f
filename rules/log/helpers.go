package log

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
)

// blank reports a property that configures nothing: absent, or a known
// empty string. Unknown values are never blank.
func blank(v *model.Value) bool {
	if v == nil {
		return true
	}
	s, ok := v.Str()
	return ok && v.Kind == model.String && strings.TrimSpace(s) == ""
}
