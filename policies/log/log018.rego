# METADATA
# title: MSK broker logging disabled
# description: |
#   Without broker logs an MSK cluster keeps no record of client
#   connections, authentication failures and broker errors. Logging is
#   on when at least one BrokerLogs destination (CloudWatchLogs,
#   Firehose or S3) is enabled.
# custom:
#   id: LOG018
#   slug: msk-broker-logging-disabled
#   family: LOG
#   severity: medium
#   sets: [logging]
#   remediation: |
#     Add LoggingInfo.BrokerLogs with CloudWatchLogs, Firehose or S3
#     set to Enabled: true and a destination.
#   resource_types: [AWS::MSK::Cluster]
#   aliases:
#     checkov: [CKV_AWS_80]
#     kics: [fc7c2c15-f5d0-4b80-adb2-c89019f8f62b]
#     trivy: [AVD-AWS-0074]
package cfnvet.rules.log018

import data.cfnvet.lib

deny contains f if {
	some id, cluster in lib.resources("AWS::MSK::Cluster")
	props := lib.props(cluster)
	some path in missing(props)
	f := lib.finding(id, path, sprintf("MSK cluster %s has broker logging turned off (no LoggingInfo.BrokerLogs destination is enabled)", [id]))
}

missing(props) := {["Properties", "LoggingInfo"]} if lib.absent(props, "LoggingInfo")

missing(props) := {["Properties", "LoggingInfo", "BrokerLogs"]} if lib.absent(props.LoggingInfo, "BrokerLogs")

missing(props) := {["Properties", "LoggingInfo", "BrokerLogs"]} if lib.none_enabled(props.LoggingInfo.BrokerLogs)
