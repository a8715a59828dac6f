package net

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// RuleWithoutDescription is NET011.
var RuleWithoutDescription = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET011",
		Slug:     "net-rule-without-description",
		Family:   rule.NET,
		Severity: rule.Low,
		Sets:     []string{"hygiene"},
		Title:    "Security group rule has no description",
		Description: "A security group rule without a Description leaves reviewers and incident responders guessing " +
			"why a port is open and whether it is still needed, which is how stale openings survive audits.",
		Remediation:   "Add a Description to every ingress and egress rule saying who needs the access and why.",
		ResourceTypes: []string{typeSG, typeIngress, typeEgress},
		Aliases: map[string][]string{
			"cfn_nag": {"W36"},
			"checkov": {"CKV_AWS_23"},
			"kics":    {"5e6c9c68-8a82-408e-8749-ddad78cbb9c5"},
			"trivy":   {"AVD-AWS-0124"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, egress := range []bool{false, true} {
			for _, s := range Sites(p.View, r, egress) {
				d := s.Get("Description")
				if d.IsUnknown() {
					continue
				}
				if str, ok := d.Str(); ok && strings.TrimSpace(str) != "" {
					continue
				}
				if d != nil && d.Kind != model.String && d.Kind != model.Null {
					continue // a number or mapping is not "no description"
				}
				p.Report(r, s.Path.Append("Description"), "%s has no description", s.Name())
			}
		}
	},
}
