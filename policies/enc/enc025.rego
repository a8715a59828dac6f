# METADATA
# title: DLM cross-region snapshot copy not encrypted
# description: |
#   Data Lifecycle Manager copies snapshots to other regions; a copy rule
#   without Encrypted true can produce unencrypted copies of unencrypted
#   source snapshots in the target region. Both the snapshot-schedule copy
#   rules and the event-based cross-region copy actions are checked.
# custom:
#   id: ENC025
#   slug: dlm-cross-region-copy-unencrypted
#   family: ENC
#   severity: medium
#   remediation: |
#     Set Encrypted: true on every CrossRegionCopyRules entry and every
#     CrossRegionCopy EncryptionConfiguration (with CmkArn for a customer-
#     managed key).
#   resource_types: [AWS::DLM::LifecyclePolicy]
#   aliases:
#     cfn_nag: [W81]
package cfnvet.rules.enc025

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::DLM::LifecyclePolicy"]
	p := lib.props(r)
	some i, schedule in items(lib.value_at(p, ["PolicyDetails", "Schedules"]))
	some j, rule in items(schedule.CrossRegionCopyRules)
	lib.not_on(rule, ["Encrypted"])
	f := lib.finding(id, ["Properties", "PolicyDetails", "Schedules", i, "CrossRegionCopyRules", j, "Encrypted"], sprintf("lifecycle policy %s copies snapshots to another region without encryption (schedule %d, copy rule %d)", [id, i, j]))
}

deny contains f if {
	some id, r in input.resources_by_type["AWS::DLM::LifecyclePolicy"]
	p := lib.props(r)
	some i, action in items(lib.value_at(p, ["PolicyDetails", "Actions"]))
	some j, copy in items(action.CrossRegionCopy)
	lib.not_on(copy, ["EncryptionConfiguration", "Encrypted"])
	f := lib.finding(id, ["Properties", "PolicyDetails", "Actions", i, "CrossRegionCopy", j, "EncryptionConfiguration", "Encrypted"], sprintf("lifecycle policy %s copies snapshots to another region without encryption (action %d, copy %d)", [id, i, j]))
}

items(v) := v if is_array(v)
