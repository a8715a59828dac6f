package sec

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// EchoedSecret is SEC002.
var EchoedSecret = &rule.Rule{
	Meta: rule.Meta{
		ID:       "SEC002",
		Slug:     "secret-plaintext-channel",
		Family:   rule.SEC,
		Severity: rule.Medium,
		Title:    "Secret-bearing property supplied through an echoing or plaintext channel",
		Description: "A secret that is not in the template can still leak on its way in. A parameter without " +
			"NoEcho is shown in clear by DescribeStacks and the console; {{resolve:ssm:…}} and SSM parameter types " +
			"read plaintext String parameters, which anyone with ssm:GetParameter can read without a KMS " +
			"permission. In a JSON value such as a SecretString only the members whose key looks like a secret " +
			"count (a username parameter is not reported). Not reported where SEC001 already reports the value. " +
			secretSiteNote,
		Remediation: "Set NoEcho: true on the parameter (and give it no Default), or store the secret in Secrets " +
			"Manager and use {{resolve:secretsmanager:…}} (or {{resolve:ssm-secure:…}} where the property supports it).",
		ResourceTypes: SecretTypes(),
		Aliases: map[string][]string{
			"cfn_nag": {"F23", "F31", "F34", "F35", "F36", "F37", "F41", "F42", "F43", "F44", "F45", "F46", "F47", "F48", "F49", "F50", "F51", "F52", "F53", "F54", "F55", "F56", "F57", "F58", "F60", "F61", "F62", "F63", "F64", "F65", "F66", "F67", "F68", "F69", "F70", "F71", "F74", "F75"},
			"kics":    {"06b9f52a-8cd5-459b-bdc6-21a22521e1be"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		ps := viewParams(p.View)
		for _, s := range Sites(r) {
			if j := s.Judge(p.View.Template, ps); j.Verdict == Plaintext {
				p.Report(r, s.At(j), "%s of %s travels in plaintext: %s", s.Name(), r.ID, j.Why)
			}
		}
	},
}
