# METADATA
# title: CloudTrail trail is not logging
# description: |
#   A trail with IsLogging false exists but records nothing: the account
#   looks audited while API activity goes unrecorded.
# custom:
#   id: LOG008
#   slug: cloudtrail-not-logging
#   family: LOG
#   severity: high
#   remediation: |
#     Set IsLogging: true.
#   resource_types: [AWS::CloudTrail::Trail]
#   aliases:
#     kics: [5c0b06d5-b7a4-484c-aeb0-75a836269ff0]
package cfnvet.rules.log008

import data.cfnvet.lib

deny contains f if {
	some id, trail in input.resources_by_type["AWS::CloudTrail::Trail"]
	lib.is_false(lib.props(trail).IsLogging)
	f := lib.finding(id, ["Properties", "IsLogging"], sprintf("trail %s is not logging (IsLogging is false)", [id]))
}
