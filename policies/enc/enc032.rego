# METADATA
# title: Athena workgroup results not encrypted or encryption overridable
# description: |
#   Athena writes query results (often copies of sensitive data) to S3. A
#   workgroup without a ResultConfiguration.EncryptionConfiguration does not
#   require them to be encrypted: they get only the output bucket's default
#   encryption (SSE-S3 for every bucket since January 2023, with no key
#   policy of yours). EnforceWorkGroupConfiguration false lets each client
#   override the workgroup's settings, including encryption.
# custom:
#   id: ENC032
#   slug: athena-results-unencrypted
#   family: ENC
#   severity: medium
#   remediation: |
#     Set WorkGroupConfiguration.ResultConfiguration.EncryptionConfiguration
#     (EncryptionOption SSE_KMS or CSE_KMS with a KmsKey, or SSE_S3) and keep
#     EnforceWorkGroupConfiguration true.
#   resource_types: [AWS::Athena::WorkGroup]
#   aliases:
#     checkov: [CKV_AWS_82]
#     trivy: [AVD-AWS-0006, AVD-AWS-0007]
package cfnvet.rules.enc032

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::Athena::WorkGroup"]
	p := lib.props(r)
	lib.value_at(p, ["WorkGroupConfiguration", "ResultConfiguration", "EncryptionConfiguration"]) == null
	f := lib.finding(id, ["Properties", "WorkGroupConfiguration", "ResultConfiguration", "EncryptionConfiguration"], sprintf("Athena workgroup %s does not require encrypted query results (no ResultConfiguration.EncryptionConfiguration): they get only the output bucket's default encryption", [id]))
}

deny contains f if {
	some id, r in input.resources_by_type["AWS::Athena::WorkGroup"]
	p := lib.props(r)
	lib.explicitly_false(p, ["WorkGroupConfiguration", "EnforceWorkGroupConfiguration"])
	f := lib.finding(id, ["Properties", "WorkGroupConfiguration", "EnforceWorkGroupConfiguration"], sprintf("Athena workgroup %s lets clients override its result encryption (EnforceWorkGroupConfiguration false)", [id]))
}
