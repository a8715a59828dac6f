# METADATA
# title: CloudWatch log group has no retention period
# description: |
#   A log group without RetentionInDays keeps its events forever:
#   storage costs grow without bound and personal or sensitive data in
#   logs outlives every retention policy. An explicit period is also a
#   statement that someone decided how long evidence is needed.
# custom:
#   id: LOG013
#   slug: log-group-no-retention
#   family: LOG
#   severity: low
#   sets: [logging]
#   remediation: |
#     Set RetentionInDays to the period your retention policy requires
#     (for example 365).
#   resource_types: [AWS::Logs::LogGroup]
#   aliases:
#     cfn_nag: [W86]
#     checkov: [CKV_AWS_66]
package cfnvet.rules.log013

import data.cfnvet.lib

deny contains f if {
	some id, group in input.resources_by_type["AWS::Logs::LogGroup"]
	lib.absent(lib.props(group), "RetentionInDays")
	f := lib.finding(id, ["Properties", "RetentionInDays"], sprintf("log group %s keeps events forever (RetentionInDays is not set)", [id]))
}
