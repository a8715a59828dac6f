package net

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// EKSNodegroupSSHFromWorld is NET020.
var EKSNodegroupSSHFromWorld = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET020",
		Slug:     "net-eks-nodegroup-ssh-from-world",
		Family:   rule.NET,
		Severity: rule.High,
		Title:    "EKS node group allows SSH from anywhere",
		Description: "When a managed node group enables remote access with an EC2 key pair but names no source " +
			"security groups, EKS opens port 22 on the worker nodes to 0.0.0.0/0. The nodes then accept SSH " +
			"from the whole internet wherever they have public addresses.",
		Remediation: "List the security groups allowed to SSH to the nodes in RemoteAccess.SourceSecurityGroups, " +
			"or drop RemoteAccess and use Systems Manager Session Manager.",
		ResourceTypes: []string{"AWS::EKS::Nodegroup"},
		Aliases: map[string][]string{
			"checkov": {"CKV_AWS_100"},
			"kics":    {"73d59e76-a12c-4b74-a3d8-d3e1e19c25b3"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		ra := r.Prop("RemoteAccess")
		if ra == nil || ra.Kind != model.Map || ra.Get("Ec2SshKey") == nil {
			return
		}
		if s, ok := ra.Get("Ec2SshKey").Str(); ok && s == "" {
			return
		}
		sgs := ra.Get("SourceSecurityGroups")
		if sgs == nil || (sgs.Kind == model.List && len(sgs.Items()) == 0) {
			p.Report(r, model.Path{"Properties", "RemoteAccess", "SourceSecurityGroups"},
				"%s enables SSH with key %s but names no SourceSecurityGroups, so EKS opens port 22 to 0.0.0.0/0",
				r.ID, ra.Get("Ec2SshKey").Describe())
		}
	},
}
