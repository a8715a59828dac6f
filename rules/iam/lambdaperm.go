package iam

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
)

// lambdaPermissionScoped reports whether a Lambda permission names the
// calling account, source ARN or organisation (IAM014); an opaque value
// counts as present.
func lambdaPermissionScoped(r *model.Resource) bool {
	return r.Prop("SourceAccount") != nil || r.Prop("SourceArn") != nil || r.Prop("PrincipalOrgID") != nil
}

// isServicePrincipal reports an AWS service principal such as
// apigateway.amazonaws.com.
func isServicePrincipal(v *model.Value) bool {
	s, ok := v.Str()
	return ok && strings.HasSuffix(strings.ToLower(strings.TrimSpace(s)), ".amazonaws.com")
}
