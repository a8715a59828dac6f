# METADATA
# title: OpenSearch/Elasticsearch domain not encrypted at rest
# description: |
#   Without EncryptionAtRestOptions.Enabled true an OpenSearch or
#   Elasticsearch domain stores indices, logs and automated snapshots
#   unencrypted.
# custom:
#   id: ENC019
#   slug: opensearch-at-rest-unencrypted
#   family: ENC
#   severity: high
#   remediation: |
#     Set EncryptionAtRestOptions.Enabled: true (optionally with KmsKeyId
#     naming a customer-managed key).
#   resource_types: [AWS::OpenSearchService::Domain, AWS::Elasticsearch::Domain]
#   aliases:
#     cfn_nag: [W54]
#     checkov: [CKV_AWS_5]
#     kics: [86a248ab-0e01-4564-a82a-878303e253bb, d926aa95-0a04-4abc-b20c-acf54afe38a1]
#     trivy: [AVD-AWS-0048]
package cfnvet.rules.enc019

import data.cfnvet.lib

deny contains f if {
	some type in ["AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"]
	some id, r in input.resources_by_type[type]
	p := lib.props(r)
	lib.not_on(p, ["EncryptionAtRestOptions", "Enabled"])
	f := lib.finding(id, ["Properties", "EncryptionAtRestOptions", "Enabled"], sprintf("search domain %s is not encrypted at rest (EncryptionAtRestOptions.Enabled is not true)", [id]))
}
