# METADATA
# title: ElastiCache replication group not encrypted in transit
# description: |
#   Without TransitEncryptionEnabled, clients talk to the replication group
#   and its nodes replicate in clear text, and AUTH tokens cannot be used. A
#   group with TransitEncryptionMode preferred still accepts unencrypted
#   connections; that transitional state is reported at low severity. Members
#   of a global datastore take the setting from the global group and are not
#   judged.
# custom:
#   id: ENC011
#   slug: elasticache-in-transit-unencrypted
#   family: ENC
#   severity: medium
#   remediation: |
#     Set TransitEncryptionEnabled: true, and once every client uses TLS set
#     TransitEncryptionMode: required.
#   resource_types: [AWS::ElastiCache::ReplicationGroup]
#   aliases:
#     cfn_nag: [F33]
#     checkov: [CKV_AWS_30, CKV_AWS_31]
#     kics: [3b02569b-fc6f-4153-b3a3-ba91022fed68]
#     trivy: [AVD-AWS-0051]
package cfnvet.rules.enc011

import data.cfnvet.lib

deny contains f if {
	some id, p in groups
	lib.switch_off(p, ["TransitEncryptionEnabled"])
	f := lib.finding(id, ["Properties", "TransitEncryptionEnabled"], sprintf("ElastiCache replication group %s is not encrypted in transit", [id]))
}

deny contains f if {
	some id, p in groups
	lib.is_true(p.TransitEncryptionEnabled)
	lib.value_in(p, ["TransitEncryptionMode"], ["preferred"])
	f := lib.finding_severity(id, ["Properties", "TransitEncryptionMode"], sprintf("ElastiCache replication group %s still accepts unencrypted connections (TransitEncryptionMode preferred)", [id]), "low")
}

groups[id] := p if {
	some id, r in input.resources_by_type["AWS::ElastiCache::ReplicationGroup"]
	p := lib.props(r)
	lib.value_at(p, ["GlobalReplicationGroupId"]) == null
}
