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
			"sets unless the parameter is NoEcho. A parameter that is not NoEcho is reported when it feeds a " +
			"secret-bearing property (in a JSON SecretString, a secret-looking member), or when it could hold a " +
			"credential by its name: the name contains password, passwd, secret, token, API key, private key or " +
			"credential and does not end in a word that describes a secret rather than holds it (…Arn, …Name, …Id, " +
			"…Stack, …Length, …Days, …Age, …TTL, …Config, …Settings, …Template, …Parameter and similar); its Type " +
			"is String (not Number, a list, an AWS-specific or an SSM parameter type, whose value is a parameter " +
			"name); it has no AllowedValues; and its Default, if any, could be a credential or is a placeholder. A " +
			"Default that is a number, boolean, ARN, path or secret name (prod/app/db), URL, e-mail address or " +
			"configuration JSON shows that the parameter holds something else, and so does using it only to name " +
			"a secret: inside a {{resolve:…}} reference, as the argument of Fn::ImportValue, in a Fn::Sub or " +
			"Fn::Join building an ARN, or under a property named like SecretId, …Arn, …Name, Resource or ValueFrom.",
		Remediation: "Add NoEcho: true to the parameter, or replace it with a {{resolve:secretsmanager:…}} " +
			"reference in the resource.",
		ResourceTypes: []string{rule.TemplateParameters},
		Aliases: map[string][]string{
			"kics": {"a88baa34-e2ad-44ea-ad6f-8cac87bc7c71"},
		},
	},
	CheckTemplate: func(p *rule.Pass) {
		// The walks over every resource are made only for a template with
		// a parameter to judge.
		var used map[string]Verdict
		var locators map[string]bool
		for _, prm := range parameterList(p.View) {
			if prm.NoEcho || prm.SSMTyped() {
				continue
			}
			if used == nil {
				used, locators = viewSiteParams(p.View), locatorParams(p.View)
			}
			switch {
			case secretParam(prm, locators):
				p.ReportTemplate(model.Path{"Parameters", prm.Name, "NoEcho"},
					"parameter %s looks like a secret but is not NoEcho: its value is shown by DescribeStacks and the console", prm.Name)
			case used[prm.Name] > Safe:
				p.ReportTemplate(model.Path{"Parameters", prm.Name, "NoEcho"},
					"parameter %s feeds a secret-bearing property but is not NoEcho: its value is shown by DescribeStacks and the console", prm.Name)
			}
		}
	},
}
