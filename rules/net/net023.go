package net

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// SearchDomainPublic is NET023.
var SearchDomainPublic = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET023",
		Slug:     "net-search-domain-public-endpoint",
		Family:   rule.NET,
		Severity: rule.Medium,
		Title:    "OpenSearch/Elasticsearch domain has a public endpoint (no VPC)",
		Description: "A domain created without VPCOptions gets a public endpoint: its only protection is the access " +
			"policy (and fine-grained access control if enabled), and a permissive policy puts the whole index on the " +
			"internet. Exposed search clusters are a recurring source of large data leaks.",
		Remediation: "Create the domain inside a VPC (VPCOptions.SubnetIds and SecurityGroupIds) and reach it through " +
			"the VPC, a VPN or a proxy.",
		ResourceTypes: []string{"AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"},
		Aliases:       map[string][]string{"cfn_nag": {"W90"}},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		vpc := r.Prop("VPCOptions")
		switch {
		case vpc == nil:
			p.Report(r, model.Path{"Properties", "VPCOptions"}, "%s has no VPCOptions, so its endpoint is public", r.ID)
		case vpc.Kind == model.Map:
			ids := vpc.Get("SubnetIds")
			if ids == nil || (ids.Kind == model.List && len(ids.Items()) == 0) {
				p.Report(r, model.Path{"Properties", "VPCOptions", "SubnetIds"},
					"%s names no VPCOptions.SubnetIds, so its endpoint is public", r.ID)
			}
		}
	},
}
