package sec

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// SSMParameterSecret is SEC009.
var SSMParameterSecret = &rule.Rule{
	Meta: rule.Meta{
		ID:       "SEC009",
		Slug:     "ssm-parameter-plaintext-secret",
		Family:   rule.SEC,
		Severity: rule.Medium,
		Title:    "Secret stored in a plaintext SSM parameter",
		Description: "CloudFormation can create only String and StringList SSM parameters, never SecureString, so " +
			"a secret placed in AWS::SSM::Parameter is stored unencrypted, readable with ssm:GetParameter and " +
			"written into the template as well. A parameter is reported when its Name (last path segment) or " +
			"logical id looks like a secret (as in SEC003) and its Value is a literal that could be a credential " +
			"(not a placeholder, number, boolean, path, ARN or secret name, URL or configuration JSON), or a " +
			"parameter whose Default could be one; or when the Value has the shape of a known secret.",
		Remediation: "Create the secret in Secrets Manager (AWS::SecretsManager::Secret with GenerateSecretString) " +
			"or create the SecureString parameter outside CloudFormation and reference it with {{resolve:ssm-secure:…}}.",
		ResourceTypes: []string{"AWS::SSM::Parameter"},
		Aliases: map[string][]string{
			"checkov": {"CKV_AWS_384"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		props := r.Node.Get("Properties")
		name := flatten(props.Get("Name"), 0)
		named := SecretLooking(name) || SecretLooking(r.ID)
		if why := envSecret(viewParams(p.View), named, props.Get("Value"), 1); why != "" {
			p.Report(r, model.Path{"Properties", "Value"}, "SSM parameter %s stores a secret as plaintext: %s", r.ID, why)
		}
	},
}
