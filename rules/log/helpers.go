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

// samExtraStageHint is what a deployment without StageDescription means
// for a SAM user, who cannot set it: the deployment is SAM's extra "Stage"
// stage, which OpenApiVersion on the API turns off. Empty for deployments
// the template writes itself.
func samExtraStageHint(v *model.View, r *model.Resource) string {
	if v.Template == nil || v.Template.SAMOrigin[r.ID] == "" {
		return ""
	}
	return "; SAM creates this extra stage for every REST API unless the API sets OpenApiVersion"
}
