package sec

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/template"
)

// ECSEnvSecret is SEC008.
var ECSEnvSecret = &rule.Rule{
	Meta: rule.Meta{
		ID:       "SEC008",
		Slug:     "ecs-env-plaintext-secret",
		Family:   rule.SEC,
		Severity: rule.High,
		Title:    "Plaintext secret in ECS task definition environment",
		Description: "Container Environment values are stored in the task definition, which anyone with " +
			"ecs:DescribeTaskDefinition can read, and they appear in the console. An entry is reported when its " +
			"Name looks like a secret (as in SEC003) and its Value is a literal that could be a credential (not a " +
			"placeholder, number, boolean, path, ARN or secret name, URL, configuration JSON or dynamic reference) " +
			"or takes a parameter Default that could be one, or when its Value has the shape of a known secret. " +
			"ECS can inject secrets at " +
			"start-up instead, through ContainerDefinitions[*].Secrets[*].ValueFrom.",
		Remediation: "Move the variable to ContainerDefinitions[*].Secrets with ValueFrom set to a Secrets Manager " +
			"secret or SSM SecureString parameter ARN, and grant the task execution role access to it.",
		ResourceTypes: []string{"AWS::ECS::TaskDefinition"},
		Aliases: map[string][]string{
			"trivy": {"AVD-AWS-0036"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		ps := viewParams(p.View)
		defs := r.Node.Get("Properties").Get("ContainerDefinitions")
		if defs == nil || defs.Kind != template.List {
			return
		}
		for i, def := range defs.Items() {
			env := def.Get("Environment")
			if env == nil || env.Kind != template.List {
				continue
			}
			for j, kv := range env.Items() {
				name := kv.Get("Name")
				if name == nil || !name.IsScalar() {
					continue
				}
				if why := envSecret(ps, SecretLooking(name.Value()), kv.Get("Value"), 1); why != "" {
					p.Report(r, model.Path{"Properties", "ContainerDefinitions", i, "Environment", j, "Value"},
						"environment variable %s of %s holds a plaintext secret: %s", name.Value(), r.ID, why)
				}
			}
		}
	},
}
