package sec

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

var secretSiteNote = "Secret-bearing properties are the password, token and key properties of the listed types " +
	"(for example RDS MasterUserPassword, ElastiCache AuthToken, IAM LoginProfile.Password, SecretsManager " +
	"SecretString). Values supplied at scan time with --parameter are never substituted: a NoEcho parameter " +
	"without Default, supplied at deploy time, is the safe pattern."

// HardCodedSecret is SEC001.
var HardCodedSecret = &rule.Rule{
	Meta: rule.Meta{
		ID:       "SEC001",
		Slug:     "secret-hard-coded",
		Family:   rule.SEC,
		Severity: rule.High,
		Title:    "Secret-bearing property has a hard-coded value",
		Description: "A password or token written into a template is readable by everyone who can read the " +
			"repository, the S3 bucket the template is uploaded to, or GetTemplate on the stack, and it outlives " +
			"every rotation. It counts as hard-coded when it is a literal, the literal text of a Fn::Sub or Fn::Join " +
			"(unless a secure dynamic reference, a Fn::GetAtt, a Fn::ImportValue or a NoEcho parameter in it supplies " +
			"the secret), a Fn::FindInMap of a literal, or a Ref to a parameter whose Default is such a value (NoEcho hides the " +
			"value from output, not from the template). A literal in either branch of a Fn::If counts. Whatever is " +
			"written at a password property is the password, so a number or a short word counts too; not secrets " +
			"are empty values and empty JSON ({}), placeholders (CHANGE_ME, <your-token>, REPLACE-WITH-…, values " +
			"marked EXAMPLE) and dynamic references ({{resolve:secretsmanager:…}}, {{resolve:ssm-secure:…}}, also " +
			"built with Fn::Sub or Fn::Join, whose ${…} parts only name the secret). A JSON value such as a " +
			"SecretString holds a secret only in members whose key looks like a secret (password, api_key, …, as " +
			"in SEC003) or in a URL with a password (postgres://app:…@db) under any key: username, host or dbname " +
			"members and the JSON structure of a Fn::Sub are not secrets, and " +
			"a literal JSON string is reported at the member. " + secretSiteNote,
		Remediation: "Generate the secret in AWS Secrets Manager (GenerateSecretString, or ManageMasterUserPassword " +
			"for RDS/DocumentDB) and reference it with {{resolve:secretsmanager:…}}, or pass it as a NoEcho " +
			"parameter without Default.",
		ResourceTypes: SecretTypes(),
		Aliases: map[string][]string{
			"cfn_nag": {"F23", "F31", "F34", "F35", "F36", "F37", "F41", "F42", "F43", "F44", "F45", "F46", "F47", "F48", "F49", "F50", "F51", "F52", "F53", "F54", "F55", "F56", "F57", "F58", "F60", "F61", "F62", "F63", "F64", "F65", "F66", "F67", "F68", "F69", "F70", "F71", "F74", "F75"},
			"kics":    {"3c3b7a58-b018-4d07-9444-d9ee7156e111", "5b48c507-0d1f-41b0-a630-76817c6b4189", "73980e43-f399-4fcc-a373-658228f7adf7", "71493c8b-3014-404c-9802-078b74496fb7", "03b38885-8f4e-480c-a0e4-12c1affd15db", "dfb56e5d-ee68-446e-b32a-657b62befe69", "06b9f52a-8cd5-459b-bdc6-21a22521e1be", "6685d912-d81f-4cfa-95ad-e316ea31c989", "f988a17f-1139-46a3-8928-f27eafd8b024", "5f700072-b7ce-4e84-b3f3-497bf1c24a4d", "39423ce4-9011-46cd-b6b1-009edcd9385d", "06adef8c-c284-4de7-aad2-af43b07a8ca1", "a88baa34-e2ad-44ea-ad6f-8cac87bc7c71"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		ps := viewParams(p.View)
		for _, s := range Sites(r) {
			if j := s.Judge(p.View.Template, ps); j.Verdict == HardCoded {
				p.Report(r, s.At(j), "%s of %s is hard-coded: %s", s.Name(), r.ID, j.Why)
			}
		}
	},
}
