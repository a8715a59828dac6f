# METADATA
# title: RDS DB instance storage not encrypted
# description: |
#   RDS instances are unencrypted unless StorageEncrypted is true, and
#   encryption cannot be turned on later without a snapshot-and-restore.
#   Instances that belong to a cluster (DBClusterIdentifier, or an aurora*
#   engine) take their encryption from the cluster (see ENC006); instances
#   created from a snapshot, a source instance or a source cluster inherit
#   it. Neither is judged here.
# custom:
#   id: ENC005
#   slug: rds-instance-unencrypted
#   family: ENC
#   severity: high
#   remediation: |
#     Set StorageEncrypted: true (optionally with KmsKeyId naming a customer-
#     managed key).
#   resource_types: [AWS::RDS::DBInstance]
#   aliases:
#     cfn_nag: [F27]
#     checkov: [CKV_AWS_16]
#     kics: [5beacce3-4020-4a3d-9e1d-a36f953df630, ffee2785-c347-451e-89f3-11aeb08e5c84]
#     trivy: [AVD-AWS-0080]
package cfnvet.rules.enc005

import data.cfnvet.lib

inherited := ["DBClusterIdentifier", "SourceDBInstanceIdentifier", "DBSnapshotIdentifier", "SourceDBClusterIdentifier"]

deny contains f if {
	some id, r in input.resources_by_type["AWS::RDS::DBInstance"]
	p := lib.props(r)
	lib.switch_off(p, ["StorageEncrypted"])
	every key in inherited {
		lib.value_at(p, [key]) == null
	}
	not cluster_engine(p)
	f := lib.finding(id, ["Properties", "StorageEncrypted"], sprintf("RDS DB instance %s storage is not encrypted (StorageEncrypted is not true)", [id]))
}

cluster_engine(p) if lib.is_unknown(p.Engine)

cluster_engine(p) if startswith(lower(p.Engine), "aurora")
