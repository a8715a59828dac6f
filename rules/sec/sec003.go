package sec

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// ParameterNotNoEcho is SEC003.
var ParameterNotNoEcho = &rule.Rule{
	Meta: rule.Meta{
		ID:       "SEC003",
		Slug:     "secret-parameter-not-noecho",
		Family:   rule.SEC,
		Severity: rule.Medium,
		Title:    "Secret-looking parameter is not NoEcho",
		Description: "CloudFormation prints parameter values in DescribeStacks output, the console and change " +
			"sets unless the parameter is NoEcho. A parameter whose name says it holds a password, secret, token, " +
			"API key, private key or credential (and Type String) is reported when it is not NoEcho, as is any " +
			"parameter that feeds a secret-bearing property. Names that describe a secret rather than hold it " +
			"(…Arn, …Name, …Id, …Length, …Parameter and similar endings), parameters with AllowedValues, and " +
			"SSM parameter types (whose value is a parameter name) are not selected by name.",
		Remediation: "Add NoEcho: true to the parameter, or replace it with a {{resolve:secretsmanager:…}} " +
			"reference in the resource.",
		ResourceTypes: []string{rule.TemplateParameters},
		Aliases: map[string][]string{
			"kics": {"a88baa34-e2ad-44ea-ad6f-8cac87bc7c71"},
		},
	},
	CheckTemplate: func(p *rule.Pass) {
		ps := ParamsOf(p.View.Template)
		used := siteParams(p.View, ps)
		for _, prm := range parameterList(p.View) {
			if prm.NoEcho || prm.SSMTyped() {
				continue
			}
			switch {
			case secretParam(prm):
				p.ReportTemplate(model.Path{"Parameters", prm.Name, "NoEcho"},
					"parameter %s looks like a secret but is not NoEcho: its value is shown by DescribeStacks and the console", prm.Name)
			case used[prm.Name] > Safe:
				p.ReportTemplate(model.Path{"Parameters", prm.Name, "NoEcho"},
					"parameter %s feeds a secret-bearing property but is not NoEcho: its value is shown by DescribeStacks and the console", prm.Name)
			}
		}
	},
}
