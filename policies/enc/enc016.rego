# METADATA
# title: Kinesis data stream not encrypted
# description: |
#   Kinesis data streams have no default server-side encryption: records are
#   stored unencrypted unless StreamEncryption names a KMS key.
# custom:
#   id: ENC016
#   slug: kinesis-stream-unencrypted
#   family: ENC
#   severity: medium
#   remediation: |
#     Add StreamEncryption with EncryptionType KMS and KeyId (a customer-
#     managed key, or alias/aws/kinesis at least).
#   resource_types: [AWS::Kinesis::Stream]
#   aliases:
#     cfn_nag: [W49]
#     checkov: [CKV_AWS_43]
#     kics: [7f65be75-90ab-4036-8c2a-410aef7bb650]
#     trivy: [AVD-AWS-0064]
package cfnvet.rules.enc016

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::Kinesis::Stream"]
	p := lib.props(r)
	lib.value_at(p, ["StreamEncryption"]) == null
	f := lib.finding(id, ["Properties", "StreamEncryption"], sprintf("Kinesis stream %s is not encrypted (no StreamEncryption)", [id]))
}

deny contains f if {
	some id, r in input.resources_by_type["AWS::Kinesis::Stream"]
	p := lib.props(r)
	lib.value_in(p, ["StreamEncryption", "EncryptionType"], ["NONE"])
	f := lib.finding(id, ["Properties", "StreamEncryption", "EncryptionType"], sprintf("Kinesis stream %s is not encrypted (EncryptionType NONE)", [id]))
}

deny contains f if {
	some id, r in input.resources_by_type["AWS::Kinesis::Stream"]
	p := lib.props(r)
	lib.value_in(p, ["StreamEncryption", "EncryptionType"], ["KMS"])
	lib.missing(p, ["StreamEncryption", "KeyId"])
	f := lib.finding(id, ["Properties", "StreamEncryption", "KeyId"], sprintf("Kinesis stream %s has no KMS key for encryption (StreamEncryption.KeyId)", [id]))
}
