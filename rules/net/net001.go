package net

import (
	"fmt"

	"github.com/cfnvet/cfnvet/engine/rule"
)

// IngressOpenToWorld is NET001: the catch-all of world-open ingress, for
// entries that none of NET002–NET004 describes more precisely.
var IngressOpenToWorld = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET001",
		Slug:     "net-ingress-open-to-world",
		Family:   rule.NET,
		Severity: rule.Medium,
		Title:    "Security group ingress open to the world (any port)",
		Description: "An ingress rule whose source is 0.0.0.0/0 or ::/0 accepts connections from every address on the " +
			"internet. Anything listening on the opened ports is exposed to scanning, credential stuffing and " +
			"exploitation of unpatched services. Entries that open SSH/RDP, a sensitive service port or all " +
			"traffic are reported by NET002, NET004 or NET003 instead, so each entry is reported once.",
		Remediation: "Restrict CidrIp/CidrIpv6 to the networks that need access, or reference a security group " +
			"(SourceSecurityGroupId) or a managed prefix list (SourcePrefixListId) instead of a CIDR. For a public " +
			"load balancer, open only its listener ports.",
		ResourceTypes: []string{typeSG, typeIngress},
		Aliases: map[string][]string{
			"cdk_nag": {"AwsSolutions-EC23"},
			"guard":   {"EC2_SECURITY_GROUP_INGRESS_OPEN_TO_WORLD_RULE"},
			"cfn_nag": {"W2"},
			"checkov": {"CKV_AWS_260"},
			"kics": {"4a1e6b34-1008-4e61-a5f2-1f7c276f8d14", "ddfc4eaa-af23-409f-b96c-bf5c45dc4daa",
				"829ce3b8-065c-41a3-ad57-e0accfea82d2", "9564406d-e761-4e61-b8d7-5926e3ab8e79"},
		},
	},
	Check: checkExposure(ExposedAny, func(s Site, e WorldExposure) string {
		return fmt.Sprintf("%s allows %s on %s", s.Name(), e.CIDR.Describe(), e.Traffic)
	}),
}
