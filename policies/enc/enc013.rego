# METADATA
# title: WorkSpaces volumes not encrypted
# description: |
#   A WorkSpace keeps the user's profile on the user volume and the operating
#   system on the root volume; both are unencrypted unless the matching flag
#   is true. Each volume is reported separately.
# custom:
#   id: ENC013
#   slug: workspaces-volumes-unencrypted
#   family: ENC
#   severity: medium
#   remediation: |
#     Set UserVolumeEncryptionEnabled: true and RootVolumeEncryptionEnabled:
#     true, with VolumeEncryptionKey naming a KMS key.
#   resource_types: [AWS::WorkSpaces::Workspace]
#   aliases:
#     cfn_nag: [F29]
#     checkov: [CKV_AWS_155, CKV_AWS_156]
#     kics: [89827c57-5a8a-49eb-9731-976a606d70db]
#     trivy: [AVD-AWS-0109]
package cfnvet.rules.enc013

import data.cfnvet.lib

volumes := {"UserVolumeEncryptionEnabled": "user", "RootVolumeEncryptionEnabled": "root"}

deny contains f if {
	some id, r in input.resources_by_type["AWS::WorkSpaces::Workspace"]
	p := lib.props(r)
	some key, name in volumes
	lib.switch_off(p, [key])
	f := lib.finding(id, ["Properties", key], sprintf("WorkSpace %s %s volume is not encrypted (%s is not true)", [id, name, key]))
}
