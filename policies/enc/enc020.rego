# METADATA
# title: OpenSearch/Elasticsearch node-to-node encryption disabled
# description: |
#   Nodes of an OpenSearch or Elasticsearch domain exchange data in clear
#   text inside the VPC unless NodeToNodeEncryptionOptions.Enabled is true.
# custom:
#   id: ENC020
#   slug: opensearch-node-to-node-unencrypted
#   family: ENC
#   severity: medium
#   remediation: |
#     Set NodeToNodeEncryptionOptions.Enabled: true.
#   resource_types: [AWS::OpenSearchService::Domain, AWS::Elasticsearch::Domain]
#   aliases:
#     cfn_nag: [W85]
#     checkov: [CKV_AWS_6]
#     trivy: [AVD-AWS-0043]
package cfnvet.rules.enc020

import data.cfnvet.lib

deny contains f if {
	some type in ["AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"]
	some id, r in input.resources_by_type[type]
	p := lib.props(r)
	lib.not_on(p, ["NodeToNodeEncryptionOptions", "Enabled"])
	f := lib.finding(id, ["Properties", "NodeToNodeEncryptionOptions", "Enabled"], sprintf("search domain %s does not encrypt node-to-node traffic", [id]))
}
