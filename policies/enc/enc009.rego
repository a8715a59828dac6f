# METADATA
# title: Redshift cluster not encrypted
# description: |
#   An unencrypted Redshift cluster keeps warehouse data and snapshots in
#   clear text. Encrypted false is always reported. AWS encrypts new
#   provisioned clusters by default since early 2025 (recalled, to verify),
#   so with --assume-aws-defaults (the default) a cluster that merely omits
#   Encrypted is not reported; with --assume-aws-defaults=false it is, as
#   audits written before that change expect. Clusters restored from a
#   snapshot inherit its encryption and are not judged.
# custom:
#   id: ENC009
#   slug: redshift-cluster-unencrypted
#   family: ENC
#   severity: high
#   remediation: |
#     Set Encrypted: true (optionally with KmsKeyId naming a customer-managed
#     key).
#   resource_types: [AWS::Redshift::Cluster]
#   aliases:
#     cfn_nag: [F28]
#     checkov: [CKV_AWS_64]
#     kics: [3b316b05-564c-44a7-9c3f-405bb95e211e, ffee2785-c347-451e-89f3-11aeb08e5c84]
#     trivy: [AVD-AWS-0084]
package cfnvet.rules.enc009

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::Redshift::Cluster"]
	p := lib.props(r)
	lib.value_at(p, ["SnapshotIdentifier"]) == null
	reason := unencrypted(p)
	f := lib.finding(id, ["Properties", "Encrypted"], sprintf("Redshift cluster %s is not encrypted (%s)", [id, reason]))
}

unencrypted(p) := "Encrypted is false" if lib.explicitly_false(p, ["Encrypted"])

unencrypted(p) := "Encrypted is not set" if {
	not lib.assume_aws_defaults
	lib.value_at(p, ["Encrypted"]) == null
}
