# METADATA
# title: Neptune cluster storage not encrypted
# description: |
#   A Neptune cluster is unencrypted unless StorageEncrypted is true, and the
#   setting cannot be changed after creation. Clusters restored from a
#   snapshot or a point in time of a source cluster inherit its encryption
#   and are not judged.
# custom:
#   id: ENC008
#   slug: neptune-cluster-unencrypted
#   family: ENC
#   severity: high
#   remediation: |
#     Set StorageEncrypted: true (optionally with KmsKeyId naming a customer-
#     managed key).
#   resource_types: [AWS::Neptune::DBCluster]
#   aliases:
#     cfn_nag: [F30]
#     checkov: [CKV_AWS_44]
#     kics: [bf4473f1-c8a2-4b1b-8134-bd32efabab93, ffee2785-c347-451e-89f3-11aeb08e5c84]
#     trivy: [AVD-AWS-0076]
package cfnvet.rules.enc008

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::Neptune::DBCluster"]
	p := lib.props(r)
	lib.switch_off(p, ["StorageEncrypted"])
	every key in ["SnapshotIdentifier", "SourceDBClusterIdentifier", "RestoreToTime", "UseLatestRestorableTime"] {
		lib.value_at(p, [key]) == null
	}
	f := lib.finding(id, ["Properties", "StorageEncrypted"], sprintf("Neptune cluster %s storage is not encrypted (StorageEncrypted is not true)", [id]))
}
