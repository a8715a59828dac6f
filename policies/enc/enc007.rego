# METADATA
# title: DocumentDB cluster storage not encrypted
# description: |
#   A DocumentDB cluster is unencrypted unless StorageEncrypted is true, and
#   the setting cannot be changed after creation. Clusters restored from a
#   snapshot or a source cluster inherit its encryption and are not judged.
# custom:
#   id: ENC007
#   slug: docdb-cluster-unencrypted
#   family: ENC
#   severity: high
#   remediation: |
#     Set StorageEncrypted: true (optionally with KmsKeyId naming a customer-
#     managed key).
#   resource_types: [AWS::DocDB::DBCluster]
#   aliases:
#     checkov: [CKV_AWS_74]
#     kics: [ffee2785-c347-451e-89f3-11aeb08e5c84]
#     trivy: [AVD-AWS-0021]
package cfnvet.rules.enc007

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::DocDB::DBCluster"]
	p := lib.props(r)
	lib.switch_off(p, ["StorageEncrypted"])
	every key in ["SnapshotIdentifier", "SourceDBClusterIdentifier"] {
		lib.value_at(p, [key]) == null
	}
	f := lib.finding(id, ["Properties", "StorageEncrypted"], sprintf("DocumentDB cluster %s storage is not encrypted (StorageEncrypted is not true)", [id]))
}
