package net

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// PublicIPRequested is NET022.
var PublicIPRequested = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET022",
		Slug:     "net-instance-public-ip",
		Family:   rule.NET,
		Severity: rule.Low,
		Sets:     []string{"hygiene"},
		Title:    "Instance / launch template / launch configuration requests a public IP",
		Description: "AssociatePublicIpAddress: true gives the instance an internet-routable address, so its security " +
			"groups become the only barrier between its services and the internet.",
		Remediation: "Launch instances without public addresses in private subnets and reach them through a load " +
			"balancer, NAT gateway, bastion or Systems Manager.",
		ResourceTypes: []string{"AWS::EC2::Instance", "AWS::EC2::LaunchTemplate", "AWS::AutoScaling::LaunchConfiguration"},
		Aliases: map[string][]string{
			"checkov": {"CKV_AWS_88"},
			"kics":    {"c44c95fc-ae92-4bb8-bdf8-bb9bc412004a"},
			"trivy":   {"AVD-AWS-0009"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		var base model.Path
		var nics *model.Value
		switch r.Type {
		case "AWS::AutoScaling::LaunchConfiguration":
			if r.Prop("AssociatePublicIpAddress").IsTrue() {
				p.Report(r, model.Path{"Properties", "AssociatePublicIpAddress"},
					"%s gives every instance it launches a public IP address", r.ID)
			}
			return
		case "AWS::EC2::LaunchTemplate":
			base = model.Path{"Properties", "LaunchTemplateData", "NetworkInterfaces"}
			nics = r.Prop("LaunchTemplateData").Get("NetworkInterfaces")
		default:
			base = model.Path{"Properties", "NetworkInterfaces"}
			nics = r.Prop("NetworkInterfaces")
		}
		if nics == nil || nics.Kind != model.List {
			return
		}
		for i, nic := range nics.Items() {
			if nic.Get("AssociatePublicIpAddress").IsTrue() {
				p.Report(r, base.Append(i, "AssociatePublicIpAddress"),
					"%s NetworkInterfaces[%d] requests a public IP address", r.ID, i)
			}
		}
	},
}
