# METADATA
# title: CloudTrail logs not encrypted with KMS
# description: |
#   Without KMSKeyId a trail's log files are encrypted only with S3-managed
#   keys, so anyone who can read the bucket can read the audit trail. A KMS
#   key adds a separate permission check and a record of every decryption
#   (CIS AWS Foundations 3.7).
# custom:
#   id: ENC028
#   slug: cloudtrail-not-kms-encrypted
#   family: ENC
#   severity: medium
#   sets: [cmk]
#   remediation: |
#     Set KMSKeyId to a customer-managed KMS key whose policy lets CloudTrail
#     encrypt and your auditors decrypt.
#   resource_types: [AWS::CloudTrail::Trail]
#   aliases:
#     checkov: [CKV_AWS_35]
#     kics: [050a9ba8-d1cb-4c61-a5e8-8805a70d3b85]
#     trivy: [AVD-AWS-0015]
package cfnvet.rules.enc028

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::CloudTrail::Trail"]
	p := lib.props(r)
	lib.missing(p, ["KMSKeyId"])
	f := lib.finding(id, ["Properties", "KMSKeyId"], sprintf("CloudTrail trail %s log files are not encrypted with KMS (no KMSKeyId)", [id]))
}
