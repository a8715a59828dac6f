package iam

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// LambdaNonInvokeAction is IAM016.
var LambdaNonInvokeAction = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM016",
		Slug:     "iam-lambda-permission-non-invoke-action",
		Family:   rule.IAM,
		Severity: rule.Low,
		Title:    "Lambda permission grants an action other than invoke",
		Description: "Lambda permissions exist to let other services and accounts invoke a function. Granting " +
			"another action (lambda:* , lambda:UpdateFunctionCode, lambda:GetFunction, …) through a resource " +
			"policy lets the principal read or change the function itself. lambda:InvokeFunctionUrl, the " +
			"action for function URLs, is an invoke action and is not reported.",
		Remediation: "Use Action lambda:InvokeFunction (or lambda:InvokeFunctionUrl for a function URL). Grant " +
			"management actions through identity policies instead.",
		ResourceTypes: []string{"AWS::Lambda::Permission"},
		Aliases: map[string][]string{
			"cfn_nag": {"W24"},
			"kics":    {"9b83114b-b2a1-4534-990d-06da015e47aa"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		action := r.Prop("Action")
		s, ok := action.Str()
		if !ok {
			return
		}
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "lambda:invokefunction", "lambda:invokefunctionurl":
			return
		}
		p.Report(r, model.Path{"Properties", "Action"}, "the permission grants %s on the function%s, not an "+
			"invoke action", action.Describe(), functionName(r))
	},
}
