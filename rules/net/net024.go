package net

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// TransferPublicEndpoint is NET024.
var TransferPublicEndpoint = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET024",
		Slug:     "net-transfer-public-endpoint",
		Family:   rule.NET,
		Severity: rule.Low,
		Title:    "Transfer Family server uses a public endpoint",
		Description: "A Transfer Family server with the PUBLIC endpoint type (the default) listens on the internet " +
			"and cannot be restricted by security groups or pinned to Elastic IPs; only its identity provider stands " +
			"between the world and the file store.",
		Remediation: "Set EndpointType: VPC with EndpointDetails (subnets, security groups and, for internet access, " +
			"Elastic IPs), so access can be limited by security group.",
		ResourceTypes: []string{"AWS::Transfer::Server"},
		Aliases:       map[string][]string{"checkov": {"CKV_AWS_164"}},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		path := model.Path{"Properties", "EndpointType"}
		v := r.Prop("EndpointType")
		if v == nil {
			p.Report(r, path, "%s does not set EndpointType, which defaults to PUBLIC", r.ID)
			return
		}
		if s, ok := v.Str(); ok && strings.EqualFold(s, "PUBLIC") {
			p.Report(r, path, "%s uses the PUBLIC endpoint type", r.ID)
		}
	},
}
