package iam

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// IoTWildcardResource is IAM023.
var IoTWildcardResource = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM023",
		Slug:     "iot-policy-wildcard-resource",
		Family:   rule.IAM,
		Severity: rule.Low,
		Title:    `IoT policy allows Resource "*"`,
		Description: "Resource \"*\" in an IoT policy lets a device use every client id, topic and thing shadow " +
			"in the account and region, so a device can impersonate others or read their messages.",
		Remediation: "Name the client, topic and thing ARNs, using policy variables " +
			"(arn:aws:iot:<region>:<account>:client/${iot:Connection.Thing.ThingName}) to tie each device to its own.",
		ResourceTypes: []string{"AWS::IoT::Policy"},
		Aliases: map[string][]string{
			"cfn_nag": {"W39"},
			"kics":    {"be5b230d-4371-4a28-a441-85dc760e2aa3"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, st := range allowStatementsOf(p, r, iotDocs) {
			for _, res := range st.Elements("Resource") {
				if isWildcardResource(res.Value) {
					ReportStatement(p, r, st, res.Path, "%s allows %s on every resource (Resource \"*\")",
						st.Name(), st.ActionSummary())
				}
			}
		}
	},
}
