package net

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// EKSEndpointPublic is NET019.
var EKSEndpointPublic = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET019",
		Slug:     "net-eks-endpoint-public",
		Family:   rule.NET,
		Severity: rule.Medium,
		Title:    "EKS cluster API endpoint is public to 0.0.0.0/0",
		Description: "The Kubernetes API server endpoint is public by default and, unless PublicAccessCidrs says " +
			"otherwise, reachable from every address. Anyone can then probe it for authentication flaws and " +
			"unpatched API-server vulnerabilities, and a leaked kubeconfig works from anywhere.",
		Remediation: "Set ResourcesVpcConfig.EndpointPrivateAccess: true and EndpointPublicAccess: false, or keep " +
			"the public endpoint but list only your own networks in PublicAccessCidrs.",
		ResourceTypes: []string{"AWS::EKS::Cluster"},
		Aliases:       map[string][]string{"trivy": {"AVD-AWS-0040", "AVD-AWS-0041"}},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		cfg := r.Prop("ResourcesVpcConfig")
		if cfg == nil || cfg.Kind != model.Map {
			return // required property; unknown or malformed is not a finding
		}
		base := model.Path{"Properties", "ResourcesVpcConfig"}
		pub := cfg.Get("EndpointPublicAccess")
		if pub != nil && !pub.IsTrue() {
			return // false, or unknown
		}
		how := "EndpointPublicAccess defaults to true"
		if pub != nil {
			how = "EndpointPublicAccess is true"
		}
		cidrs := cfg.Get("PublicAccessCidrs")
		switch {
		case cidrs == nil:
			at := base.Append("PublicAccessCidrs")
			if pub != nil {
				at = base.Append("EndpointPublicAccess")
			}
			p.Report(r, at, "%s's API endpoint is public to 0.0.0.0/0 (%s and PublicAccessCidrs is not set)", r.ID, how)
		case cidrs.Kind == model.List:
			for i, c := range cidrs.Items() {
				if pfx, ok := ParseCIDR(c, false); ok && pfx.Bits() == 0 {
					p.Report(r, base.Append("PublicAccessCidrs", i), "%s's API endpoint is public to %s (%s)", r.ID, pfx, how)
				}
			}
		}
	},
}
