# METADATA
# title: ElastiCache replication group not encrypted at rest
# description: |
#   Without AtRestEncryptionEnabled, ElastiCache writes backups and swap data
#   of the replication group unencrypted, and the setting can only be chosen
#   at creation. Members of a global datastore (GlobalReplicationGroupId)
#   take the setting from the global group and are not judged.
# custom:
#   id: ENC010
#   slug: elasticache-at-rest-unencrypted
#   family: ENC
#   severity: high
#   remediation: |
#     Set AtRestEncryptionEnabled: true (optionally with KmsKeyId naming a
#     customer-managed key).
#   resource_types: [AWS::ElastiCache::ReplicationGroup]
#   aliases:
#     cfn_nag: [F25]
#     checkov: [CKV_AWS_29]
#     kics: [e4ee3903-9225-4b6a-bdfb-e62dbadef821]
#     trivy: [AVD-AWS-0045]
package cfnvet.rules.enc010

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::ElastiCache::ReplicationGroup"]
	p := lib.props(r)
	lib.switch_off(p, ["AtRestEncryptionEnabled"])
	lib.value_at(p, ["GlobalReplicationGroupId"]) == null
	f := lib.finding(id, ["Properties", "AtRestEncryptionEnabled"], sprintf("ElastiCache replication group %s is not encrypted at rest", [id]))
}
