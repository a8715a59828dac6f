# METADATA
# title: EFS file system not encrypted
# description: |
#   EFS file systems created through CloudFormation or the API are
#   unencrypted unless Encrypted is true (only the console defaults to
#   encryption), and encryption cannot be enabled afterwards.
# custom:
#   id: ENC012
#   slug: efs-unencrypted
#   family: ENC
#   severity: high
#   remediation: |
#     Set Encrypted: true (optionally with KmsKeyId naming a customer-managed
#     key).
#   resource_types: [AWS::EFS::FileSystem]
#   aliases:
#     cfn_nag: [F32]
#     checkov: [CKV_AWS_42]
#     kics: [2ff8e83c-90e1-4d68-a300-6d652112e622]
#     trivy: [AVD-AWS-0037]
package cfnvet.rules.enc012

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::EFS::FileSystem"]
	p := lib.props(r)
	lib.switch_off(p, ["Encrypted"])
	f := lib.finding(id, ["Properties", "Encrypted"], sprintf("EFS file system %s is not encrypted (Encrypted is not true)", [id]))
}
