# METADATA
# title: AppSync API logging disabled
# description: |
#   An AppSync API without a CloudWatch Logs role writes no request or
#   resolver logs, so failed authorisations and abusive queries go
#   unrecorded. FieldLogLevel NONE turns field-level logging off even
#   when a role is set.
# custom:
#   id: LOG021
#   slug: appsync-logging-disabled
#   family: LOG
#   severity: low
#   sets: [logging]
#   remediation: |
#     Add LogConfig with CloudWatchLogsRoleArn (a role AppSync can
#     assume to write logs) and FieldLogLevel ERROR or ALL.
#   resource_types: [AWS::AppSync::GraphQLApi]
#   aliases:
#     checkov: [CKV_AWS_193, CKV_AWS_194]
package cfnvet.rules.log021

import data.cfnvet.lib

deny contains f if {
	some id, api in input.resources_by_type["AWS::AppSync::GraphQLApi"]
	props := lib.props(api)
	some path, why in problems(props)
	f := lib.finding(id, path, sprintf("AppSync API %s has logging turned off (%s)", [id, why]))
}

problems(props) := {["Properties", "LogConfig"]: "LogConfig is not set"} if lib.absent(props, "LogConfig")

problems(props) := {["Properties", "LogConfig", "CloudWatchLogsRoleArn"]: "LogConfig.CloudWatchLogsRoleArn is not set"} if {
	is_object(props.LogConfig)
	lib.known(props.LogConfig)
	lib.blank(props.LogConfig, "CloudWatchLogsRoleArn")
}

problems(props) := {["Properties", "LogConfig", "FieldLogLevel"]: "LogConfig.FieldLogLevel is NONE"} if {
	not lib.blank(props.LogConfig, "CloudWatchLogsRoleArn")
	lib.equals_ci(props.LogConfig.FieldLogLevel, "NONE")
}
