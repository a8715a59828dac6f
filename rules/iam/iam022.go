package iam

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// IoTWildcardAction is IAM022.
var IoTWildcardAction = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM022",
		Slug:     "iot-policy-wildcard-action",
		Family:   rule.IAM,
		Severity: rule.Medium,
		Title:    "IoT policy allows a wildcard action",
		Description: "An IoT policy is attached to device certificates. \"iot:*\" lets every device holding the " +
			"certificate connect as any client id, publish and subscribe to every topic and change device " +
			"shadows, so one extracted certificate compromises the fleet's messaging.",
		Remediation: "Allow only the actions devices use (iot:Connect, iot:Publish, iot:Subscribe, iot:Receive) " +
			"and scope them with policy variables such as ${iot:Connection.Thing.ThingName}.",
		ResourceTypes: []string{"AWS::IoT::Policy"},
		Aliases: map[string][]string{
			"cfn_nag": {"W38"},
			"kics":    {"4d32780f-43a4-424a-a06d-943c543576a5"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, st := range allowStatementsOf(p, r, iotDocs) {
			for _, a := range st.Elements("Action") {
				s, ok := a.Value.Str()
				s = strings.ToLower(strings.TrimSpace(s))
				if ok && (s == "*" || s == "iot:*") {
					ReportStatement(p, r, st, a.Path, "%s allows the wildcard action %s", st.Name(), a.Value.Describe())
				}
			}
		}
	},
}
