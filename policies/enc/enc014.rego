# METADATA
# title: SNS topic not encrypted
# description: |
#   SNS stores messages at rest unencrypted unless the topic names a KMS key
#   in KmsMasterKeyId; there is no default server-side encryption for topics.
# custom:
#   id: ENC014
#   slug: sns-topic-unencrypted
#   family: ENC
#   severity: medium
#   remediation: |
#     Set KmsMasterKeyId to a KMS key (a customer-managed key, or
#     alias/aws/sns at least).
#   resource_types: [AWS::SNS::Topic]
#   aliases:
#     cfn_nag: [W47]
#     checkov: [CKV_AWS_26]
#     kics: [9d13b150-a2ab-42a1-b6f4-142e41f81e52]
#     trivy: [AVD-AWS-0095]
package cfnvet.rules.enc014

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::SNS::Topic"]
	p := lib.props(r)
	lib.missing(p, ["KmsMasterKeyId"])
	f := lib.finding(id, ["Properties", "KmsMasterKeyId"], sprintf("SNS topic %s is not encrypted at rest (no KmsMasterKeyId)", [id]))
}
