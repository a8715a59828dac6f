package sec

import (
	"fmt"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
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

func userDataSecret(text string, ps Params) string {
	if kind := Detect(text); kind != "" {
		return kind
	}
	for _, a := range assignments(text) {
		key, value := a[0], a[1]
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

// assignments finds the KEY=value, KEY: value and "key": "value" forms in
// text, as [key, value] pairs in order. It is the expression
//
//	([A-Za-z0-9_.-]+)["']?[ \t]*[=:][ \t]*["']?([^\s"',;&|)]+)
//
// matched by hand (TestAssignmentsMatchExpression): user data is the longest
// text SEC007 and SEC013 read, and the expression's backtracking was most of
// their time. Every repetition in it is greedy and none can give back a
// character the next part would take, so a match is the longest key run
// followed by the separator and the longest value run.
func assignments(text string) [][2]string {
	var out [][2]string
	for i := 0; i < len(text); {
		if !isAssignmentKeyByte(text[i]) {
			i++
			continue
		}
		start := i
		for i < len(text) && isAssignmentKeyByte(text[i]) {
			i++
		}
		key := text[start:i]
		j := skipQuote(text, i)
		j = skipBlanks(text, j)
		if j >= len(text) || (text[j] != '=' && text[j] != ':') {
			continue // no key starting inside this run matches either
		}
		j = skipQuote(text, skipBlanks(text, j+1))
		end := j
		for end < len(text) && isAssignmentValueByte(text[end]) {
			end++
		}
		if end == j {
			continue
		}
		out = append(out, [2]string{key, text[j:end]})
		i = end
	}
	return out
}

func isAssignmentKeyByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_' || b == '.' || b == '-'
}

// isAssignmentValueByte is [^\s"',;&|)] for one byte: a byte of a multi-byte
// character is never one of them, as the character is not.
func isAssignmentValueByte(b byte) bool {
	switch b {
	case '\t', '\n', '\f', '\r', ' ', '"', '\'', ',', ';', '&', '|', ')':
		return false
	}
	return true
}

func skipQuote(text string, i int) int {
	if i < len(text) && (text[i] == '"' || text[i] == '\'') {
		return i + 1
	}
	return i
}

func skipBlanks(text string, i int) int {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return i
}
