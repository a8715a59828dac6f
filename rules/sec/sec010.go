package sec

import (
	"fmt"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/template"
)

// OutputSecret is SEC010.
var OutputSecret = &rule.Rule{
	Meta: rule.Meta{
		ID:       "SEC010",
		Slug:     "output-exposes-secret",
		Family:   rule.SEC,
		Severity: rule.High,
		Title:    "Stack output exposes a secret",
		Description: "Stack outputs are shown in clear to anyone with cloudformation:DescribeStacks and in the " +
			"console, and exported outputs can be imported by every stack in the account and region. NoEcho does " +
			"not mask outputs. An output is reported when its Value contains an IAM access key's SecretAccessKey " +
			"(Fn::GetAtt, or ${Key.SecretAccessKey} in Fn::Sub), a parameter that could hold a credential (selected " +
			"by name as in SEC003), or any NoEcho parameter: NoEcho declares the value a secret, and outputs show it " +
			"in clear.",
		Remediation: "Do not output secrets: store them in Secrets Manager and output the secret's ARN, which " +
			"authorised readers can resolve.",
		ResourceTypes: []string{rule.TemplateOutputs, "AWS::IAM::AccessKey"},
		Aliases:       map[string][]string{},
	},
	CheckTemplate: func(p *rule.Pass) {
		t := p.View.Template
		ps := viewParams(p.View)
		locators := locatorParams(p.View)
		for _, e := range entries(t.Section("Outputs")) {
			if why := outputSecret(t, ps, locators, e.Value.Get("Value"), 0); why != "" {
				p.ReportTemplate(model.Path{"Outputs", e.Key, "Value"}, "output %s exposes %s", e.Key, why)
			}
		}
	},
}

// noEchoOutput says why an output carrying NoEcho parameters exposes them.
func noEchoOutput(names []string) string {
	return parameterNames(names) + ", which NoEcho does not mask in outputs"
}

func isAccessKey(t *template.Template, id string) bool {
	return t.Section("Resources").Get(id).Get("Type").Text() == "AWS::IAM::AccessKey"
}

// outputSecret walks an output value for secret sources.
func outputSecret(t *template.Template, ps Params, locators map[string]bool, n *template.Node, depth int) string {
	if n == nil || n.IsScalar() || depth > 16 {
		return ""
	}
	if id, attr := getAtt(n); attr == "SecretAccessKey" && isAccessKey(t, id) {
		return fmt.Sprintf("the SecretAccessKey of access key %s", id)
	}
	if fn, arg, ok := n.Intrinsic(); ok {
		switch fn {
		case "Ref":
			if prm := ps[arg.Value()]; prm != nil && secretParam(prm, locators) {
				return fmt.Sprintf("parameter %s, which looks like a secret", prm.Name)
			}
			if prm := ps[arg.Value()]; prm != nil && prm.NoEcho {
				return noEchoOutput([]string{prm.Name})
			}
			return ""
		case "Fn::Sub":
			text := flatten(n, 0)
			for _, m := range subVar.FindAllStringSubmatch(text, -1) {
				id, attr, _ := strings.Cut(m[1], ".")
				if attr == "SecretAccessKey" && isAccessKey(t, id) {
					return fmt.Sprintf("the SecretAccessKey of access key %s", id)
				}
				if prm := ps[m[1]]; prm != nil && secretParam(prm, locators) {
					return fmt.Sprintf("parameter %s, which looks like a secret", prm.Name)
				}
			}
			if names := noEchoIn(ps, n, 0); len(names) > 0 {
				return noEchoOutput(names)
			}
		}
	}
	for _, e := range n.Entries() {
		if why := outputSecret(t, ps, locators, e.Value, depth+1); why != "" {
			return why
		}
	}
	for _, it := range n.Items() {
		if why := outputSecret(t, ps, locators, it, depth+1); why != "" {
			return why
		}
	}
	return ""
}
