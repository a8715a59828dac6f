# METADATA
# title: CloudTrail not delivering to CloudWatch Logs
# description: |
#   A trail that only writes to S3 cannot drive metric filters and
#   alarms, so root logins, policy changes or disabled trails are
#   discovered late, if at all. Delivery to CloudWatch Logs needs both a
#   log group and a role CloudTrail can assume.
# custom:
#   id: LOG011
#   slug: cloudtrail-no-cloudwatch-logs
#   family: LOG
#   severity: low
#   sets: [logging]
#   remediation: |
#     Set CloudWatchLogsLogGroupArn to a log group's ARN and
#     CloudWatchLogsRoleArn to a role that lets
#     cloudtrail.amazonaws.com create log streams and put events in
#     it.
#   resource_types: [AWS::CloudTrail::Trail]
#   aliases:
#     kics: [65d07da5-9af5-44df-8983-52d2e6f24c44]
#     trivy: [AVD-AWS-0162]
package cfnvet.rules.log011

import data.cfnvet.lib

deny contains f if {
	some id, trail in input.resources_by_type["AWS::CloudTrail::Trail"]
	props := lib.props(trail)
	some prop in missing(props)
	f := lib.finding(id, ["Properties", prop], sprintf("trail %s does not deliver to CloudWatch Logs (%s is not set)", [id, prop]))
}

missing(props) := {"CloudWatchLogsLogGroupArn"} if lib.blank(props, "CloudWatchLogsLogGroupArn")

missing(props) := {"CloudWatchLogsRoleArn"} if {
	not lib.blank(props, "CloudWatchLogsLogGroupArn")
	lib.blank(props, "CloudWatchLogsRoleArn")
}
