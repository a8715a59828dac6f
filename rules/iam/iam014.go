package iam

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// LambdaPublicInvoke is IAM014.
var LambdaPublicInvoke = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM014",
		Slug:     "iam-lambda-permission-any-principal",
		Family:   rule.IAM,
		Severity: rule.High,
		Title:    "Lambda permission grants invoke rights to any principal",
		Description: "A Lambda permission with Principal \"*\" and no SourceAccount, SourceArn or PrincipalOrgID " +
			"lets any AWS account invoke the function, and with FunctionUrlAuthType NONE anyone on the internet " +
			"can call its function URL. Callers then control the function's input and run up its cost.",
		Remediation: "Set Principal to the calling service or account, and add SourceArn (or SourceAccount / " +
			"PrincipalOrgID). For a function URL, use FunctionUrlAuthType AWS_IAM unless the endpoint is meant " +
			"to be public.",
		ResourceTypes: []string{"AWS::Lambda::Permission"},
		Aliases: map[string][]string{
			"cfn_nag": {"F13"},
			"kics":    {"1d6e16f1-5d8a-4379-bfb3-2dadd38ed5a7"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		principal := r.Prop("Principal")
		s, ok := principal.Str()
		if !ok || strings.TrimSpace(s) != "*" || lambdaPermissionScoped(r) {
			return
		}
		what := "any AWS account may invoke"
		if r.Prop("InvokedViaFunctionUrl").IsTrue() {
			what = "anyone who can reach the function URL may invoke"
		}
		if auth, ok := r.Prop("FunctionUrlAuthType").Str(); ok && strings.EqualFold(auth, "NONE") {
			what = "anyone on the internet may call the function URL (FunctionUrlAuthType NONE) of"
		}
		p.Report(r, model.Path{"Properties", "Principal"}, "Principal \"*\" with no SourceAccount, SourceArn or "+
			"PrincipalOrgID: %s the function%s", what, functionName(r))
	},
}

func functionName(r *model.Resource) string {
	if n := referenceName(r.Prop("FunctionName")); n != "" {
		return " " + n
	}
	return ""
}
