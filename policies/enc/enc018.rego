# METADATA
# title: DAX cluster not encrypted
# description: |
#   A DAX cluster caches DynamoDB items in memory and on disk; without
#   SSESpecification.SSEEnabled true that cache is unencrypted at rest, and
#   the setting can only be chosen at creation.
# custom:
#   id: ENC018
#   slug: dax-cluster-unencrypted
#   family: ENC
#   severity: medium
#   remediation: |
#     Add SSESpecification with SSEEnabled: true.
#   resource_types: [AWS::DAX::Cluster]
#   aliases:
#     cfn_nag: [W83]
#     checkov: [CKV_AWS_47]
#     trivy: [AVD-AWS-0023]
package cfnvet.rules.enc018

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::DAX::Cluster"]
	p := lib.props(r)
	lib.not_on(p, ["SSESpecification", "SSEEnabled"])
	f := lib.finding(id, ["Properties", "SSESpecification", "SSEEnabled"], sprintf("DAX cluster %s is not encrypted at rest (SSESpecification.SSEEnabled is not true)", [id]))
}
