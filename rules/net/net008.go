package net

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// NoExplicitEgress is NET008.
var NoExplicitEgress = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET008",
		Slug:     "net-no-explicit-egress",
		Family:   rule.NET,
		Severity: rule.Low,
		Sets:     []string{"egress"},
		Title:    "Security group has no explicit egress rule (implicit allow-all)",
		Description: "A VPC security group created without egress rules gets AWS's default rule: all protocols to " +
			"0.0.0.0/0. The template then grants unrestricted outbound access without saying so, and reviewers " +
			"reading it see no egress at all. Standalone AWS::EC2::SecurityGroupEgress resources attached to the " +
			"group (GroupId Ref or GetAtt .GroupId) count as explicit egress.",
		Remediation: "Declare the egress the group needs in SecurityGroupEgress (or in standalone " +
			"AWS::EC2::SecurityGroupEgress resources). To deny all outbound traffic, add a single rule to " +
			"127.0.0.1/32, which replaces the default rule.",
		ResourceTypes: []string{typeSG},
		Aliases:       map[string][]string{"cfn_nag": {"F1000"}},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		if eg := r.Prop("SecurityGroupEgress"); eg != nil && (eg.Kind != model.List || len(eg.Items()) > 0) {
			return // explicit (or unknown) egress
		}
		if StandaloneRulesOf(p.View, typeEgress).May(r.ID) {
			return
		}
		p.Report(r, model.Path{"Properties", "SecurityGroupEgress"},
			"%s declares no egress rule, so AWS adds allow-all egress (all protocols to 0.0.0.0/0)", r.ID)
	},
}
