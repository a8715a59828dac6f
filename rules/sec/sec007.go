package sec

import (
	"fmt"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/internal/lazyregexp"
)

// UserDataSecret is SEC007.
var UserDataSecret = &rule.Rule{
	Meta: rule.Meta{
		ID:       "SEC007",
		Slug:     "user-data-hard-coded-secret",
		Family:   rule.SEC,
		Severity: rule.High,
		Title:    "Hard-coded secret in EC2 user data",
		Description: "User data is readable by anyone with ec2:DescribeInstanceAttribute and by every process on " +
			"the instance through the metadata service, and a literal in the template is also in source control. " +
			"The text of UserData (through Fn::Base64, Fn::Sub and Fn::Join; a literal base64 string is decoded) is " +
			"searched for secret shapes (AWS access keys, private keys, known token formats; a match marked " +
			"EXAMPLE is not one) and for assignments such as DB_PASSWORD=… whose name looks like a secret (as in " +
			"SEC003) and whose value is a literal of at least 8 characters that could be a credential (not a " +
			"placeholder, number, path, ARN or secret name, URL or configuration JSON) or a ${Parameter} whose " +
			"Default could be one. Dynamic references and the ${…} names inside them, shell variables, command " +
			"substitutions and the name or ARN of a secret (SECRET_ID=${DbSecret}) are not secrets.",
		Remediation: "Fetch secrets at boot from Secrets Manager or SSM SecureString using the instance role " +
			"(aws secretsmanager get-secret-value), instead of writing them into user data.",
		ResourceTypes: []string{"AWS::EC2::Instance", "AWS::EC2::LaunchTemplate", "AWS::AutoScaling::LaunchConfiguration"},
		Aliases: map[string][]string{
			"checkov": {"CKV_AWS_46"},
			"kics":    {"568cc372-ca64-420d-9015-ee347d00d288"},
			"trivy":   {"AVD-AWS-0029", "AVD-AWS-0129"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		path := model.Path{"Properties", "UserData"}
		n := r.Node.Get("Properties").Get("UserData")
		if r.Type == "AWS::EC2::LaunchTemplate" {
			path = model.Path{"Properties", "LaunchTemplateData", "UserData"}
			n = r.Node.Get("Properties").Get("LaunchTemplateData").Get("UserData")
		}
		if n == nil {
			return
		}
		text := flatten(n, 0)
		if n.IsScalar() {
			text = decodeLiteralBase64(text)
		}
		if why := userDataSecret(withoutDynamicReferences(text), viewParams(p.View)); why != "" {
			p.Report(r, path, "user data of %s contains a hard-coded secret: %s", r.ID, why)
		}
	},
}

// assignment finds KEY=value, KEY: value and "key": "value" forms.
var assignment = lazyregexp.New(`([A-Za-z0-9_.-]+)["']?[ \t]*[=:][ \t]*["']?([^\s"',;&|)]+)`)

func userDataSecret(text string, ps Params) string {
	if kind := Detect(text); kind != "" {
		return kind
	}
	for _, m := range assignment.FindAllStringSubmatch(text, -1) {
		key, value := m[1], m[2]
		if !SecretLooking(key) {
			continue
		}
		if strings.HasPrefix(value, "${") {
			if names := referencedDefaults(value, ps); len(names) > 0 {
				return fmt.Sprintf("%s takes parameter %s, whose Default is stored in the template", key, names[0])
			}
			continue
		}
		if ClassifyValue(value) == ClassCredential && len([]rune(value)) >= 8 {
			return fmt.Sprintf("%s is assigned a literal %s", key, Redact(value))
		}
	}
	return ""
}
