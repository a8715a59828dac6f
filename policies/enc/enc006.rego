# METADATA
# title: RDS/Aurora DB cluster storage not encrypted
# description: |
#   An RDS or Aurora cluster without StorageEncrypted true stores data,
#   backups and snapshots unencrypted, and encryption cannot be added later.
#   Clusters restored from a snapshot or cloned from a source cluster inherit
#   the source's encryption and are not judged, nor are Aurora Serverless v1
#   clusters (EngineMode serverless), which are always encrypted. A global
#   cluster created from a source cluster inherits that cluster's setting.
# custom:
#   id: ENC006
#   slug: rds-cluster-unencrypted
#   family: ENC
#   severity: high
#   remediation: |
#     Set StorageEncrypted: true (optionally with KmsKeyId naming a customer-
#     managed key).
#   resource_types: [AWS::RDS::DBCluster, AWS::RDS::GlobalCluster]
#   aliases:
#     cfn_nag: [F26]
#     checkov: [CKV_AWS_96]
#     kics: [65844ba3-03a1-40a8-b3dd-919f122e8c95, ffee2785-c347-451e-89f3-11aeb08e5c84]
#     trivy: [AVD-AWS-0079]
package cfnvet.rules.enc006

import data.cfnvet.lib

deny contains f if {
	some type in ["AWS::RDS::DBCluster", "AWS::RDS::GlobalCluster"]
	some id, r in input.resources_by_type[type]
	p := lib.props(r)
	lib.switch_off(p, ["StorageEncrypted"])
	every key in ["SnapshotIdentifier", "SourceDBClusterIdentifier"] {
		lib.value_at(p, [key]) == null
	}
	not serverless_v1(p)
	f := lib.finding(id, ["Properties", "StorageEncrypted"], sprintf("DB cluster %s storage is not encrypted (StorageEncrypted is not true)", [id]))
}

serverless_v1(p) if lib.is_unknown(p.EngineMode)

serverless_v1(p) if lower(p.EngineMode) == "serverless"
