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
	some id, cluster in input.resources_by_type["AWS::MSK::Cluster"]
	props := lib.props(cluster)
	some [path, why] in missing(props)
	f := lib.finding(id, path, sprintf("MSK cluster %s has broker logging turned off: %s", [id, why]))
}

missing(props) := {[["Properties", "LoggingInfo"], "no LoggingInfo"]} if lib.absent(props, "LoggingInfo")

missing(props) := {[["Properties", "LoggingInfo", "BrokerLogs"], "no LoggingInfo.BrokerLogs"]} if lib.absent(props.LoggingInfo, "BrokerLogs")

# When no destination is enabled, each is reported at its Enabled switch:
# the written false, or the destination itself when Enabled is not set.
missing(props) := out if {
	logs := props.LoggingInfo.BrokerLogs
	lib.none_enabled(logs)
	out := off_destinations(logs)
}

off_destinations(logs) := {[["Properties", "LoggingInfo", "BrokerLogs"], "no BrokerLogs destination is configured"]} if count(logs) == 0

else := {[["Properties", "LoggingInfo", "BrokerLogs", name, "Enabled"], why] |
	some name, dest in logs
	why := sprintf("BrokerLogs.%v %s", [name, destination_state(dest)])
}

destination_state(dest) := "has Enabled false" if lib.is_false(dest.Enabled)

else := "does not set Enabled"
