package sec

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// ParameterDefault is SEC004.
var ParameterDefault = &rule.Rule{
	Meta: rule.Meta{
		ID:       "SEC004",
		Slug:     "secret-parameter-default",
		Family:   rule.SEC,
		Severity: rule.High,
		Title:    "Secret-looking parameter has a Default value",
		Description: "A Default is part of the template: a secret placed there is stored in source control and in " +
			"every copy of the template, whether or not the parameter is NoEcho, and every stack deployed without " +
			"overriding it shares it. Parameters are selected by name as in SEC003, and the Default must be a value " +
			"that could be a credential: placeholders (CHANGE_ME, <your-token>, REPLACE-WITH-…), numbers, " +
			"booleans, ARNs, paths and secret names, URLs and configuration JSON are not reported. A parameter " +
			"whose default already reaches a secret-bearing property is reported there by SEC001 instead.",
		Remediation: "Remove the Default and supply the value at deploy time (NoEcho), or move the secret to " +
			"Secrets Manager.",
		ResourceTypes: []string{rule.TemplateParameters},
		Aliases: map[string][]string{
			"kics": {"a88baa34-e2ad-44ea-ad6f-8cac87bc7c71"},
		},
	},
	CheckTemplate: func(p *rule.Pass) {
		for _, prm := range parameterList(p.View) {
			// secretParam first: it rules most parameters out by name,
			// before their Default has to be classified.
			if !secretParam(prm, locatorParams(p.View)) || !prm.DefaultIsCredential() || viewSiteParams(p.View)[prm.Name] == HardCoded {
				continue
			}
			p.ReportTemplate(model.Path{"Parameters", prm.Name, "Default"},
				"parameter %s looks like a secret and has a Default %s, which is stored in the template", prm.Name,
				Redact(prm.Default.Value()))
		}
	},
}
