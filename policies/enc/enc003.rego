# METADATA
# title: EBS volume not encrypted
# description: |
#   An EBS volume created without Encrypted true stores its blocks and
#   snapshots in clear text (unless the account has EBS encryption by default
#   turned on, which a template cannot see). Volumes created from a snapshot
#   inherit the snapshot's encryption, so they are not judged.
# custom:
#   id: ENC003
#   slug: ebs-volume-unencrypted
#   family: ENC
#   severity: high
#   remediation: |
#     Set Encrypted: true (and KmsKeyId to a customer-managed key if you need
#     control over the key policy).
#   resource_types: [AWS::EC2::Volume]
#   aliases:
#     cfn_nag: [F1]
#     checkov: [CKV_AWS_3]
#     kics: [80b7ac3f-d2b7-4577-9b10-df7913497162]
#     trivy: [AVD-AWS-0026]
package cfnvet.rules.enc003

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::EC2::Volume"]
	p := lib.props(r)
	lib.switch_off(p, ["Encrypted"])
	lib.value_at(p, ["SnapshotId"]) == null
	f := lib.finding(id, ["Properties", "Encrypted"], sprintf("EBS volume %s is not encrypted (Encrypted is %s)", [id, state(p)]))
}

state(p) := "false" if lib.explicitly_false(p, ["Encrypted"])

else := "not set"
