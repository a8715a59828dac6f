package sec

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/template"
)

// LambdaEnvSecret is SEC006.
var LambdaEnvSecret = &rule.Rule{
	Meta: rule.Meta{
		ID:       "SEC006",
		Slug:     "lambda-env-hard-coded-secret",
		Family:   rule.SEC,
		Severity: rule.High,
		Title:    "Hard-coded secret in Lambda environment variables",
		Description: "Lambda environment variables are stored with the function configuration and shown to anyone " +
			"with lambda:GetFunctionConfiguration, and a literal in the template is also in source control. A " +
			"variable is reported when its value has the shape of a known secret (AWS access key id, private key, " +
			"GitHub/Slack/Stripe/Google tokens; a match marked EXAMPLE, as in the AWS documentation, is not), or " +
			"when its name looks like a secret (as in SEC003) and its value is a literal of at least 8 characters " +
			"that could be a credential (not a placeholder, number, boolean, path, ARN or secret name, URL or " +
			"configuration JSON) or takes a parameter Default that could be one. Dynamic references, also built " +
			"with Fn::Sub or Fn::Join, are not secrets, and neither are the names inside them. SAM functions are " +
			"checked as the Lambda functions SAM creates; SAM Globals (Globals.Function.Environment.Variables) " +
			"are checked too, and a Globals value inherited by several functions is reported once.",
		Remediation: "Store the secret in Secrets Manager or SSM SecureString and read it at run time (for example " +
			"with the Parameters and Secrets Lambda extension), passing only its name or ARN in the environment.",
		ResourceTypes: []string{"AWS::Lambda::Function", rule.TemplateGlobals},
		Aliases: map[string][]string{
			"checkov": {"CKV_AWS_45"},
			"kics":    {"2564172f-c92b-4261-9acd-464aed511696", "a88baa34-e2ad-44ea-ad6f-8cac87bc7c71"},
		},
	},
	CheckTemplate: func(p *rule.Pass) {
		ps := viewParams(p.View)
		for _, r := range p.View.Resources {
			if r.Type != "AWS::Lambda::Function" {
				continue
			}
			vars := r.Node.Get("Properties").Get("Environment").Get("Variables")
			for _, e := range entries(vars) {
				if why := envSecret(ps, SecretLooking(e.Key), e.Value, 8); why != "" {
					p.Report(r, model.Path{"Properties", "Environment", "Variables", e.Key},
						"environment variable %s of %s holds a hard-coded secret: %s", e.Key, r.ID, why)
				}
			}
		}
		vars := p.View.Template.Section("Globals").Get("Function").Get("Environment").Get("Variables")
		for _, e := range entries(vars) {
			if why := envSecret(ps, SecretLooking(e.Key), e.Value, 8); why != "" {
				p.ReportTemplate(model.Path{"Globals", "Function", "Environment", "Variables", e.Key},
					"global environment variable %s holds a hard-coded secret: %s", e.Key, why)
			}
		}
	},
}

// entries are a raw mapping's entries; none for anything else.
func entries(n *template.Node) []template.Entry {
	if n == nil || n.Kind != template.Map {
		return nil
	}
	if _, _, ok := n.Intrinsic(); ok {
		return nil
	}
	return n.Entries()
}
