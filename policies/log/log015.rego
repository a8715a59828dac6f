# METADATA
# title: Neptune audit logs not exported
# description: |
#   Neptune audit logs (who connected and which queries ran) reach
#   CloudWatch Logs only when "audit" is in EnableCloudwatchLogsExports;
#   otherwise access to the graph leaves no record.
# custom:
#   id: LOG015
#   slug: neptune-audit-logs-not-exported
#   family: LOG
#   severity: low
#   sets: [logging]
#   remediation: |
#     Add "audit" to EnableCloudwatchLogsExports and set
#     neptune_enable_audit_log to 1 in the cluster parameter group.
#   resource_types: [AWS::Neptune::DBCluster]
#   aliases:
#     checkov: [CKV_AWS_101]
#     trivy: [AVD-AWS-0075]
package cfnvet.rules.log015

import data.cfnvet.lib

deny contains f if {
	some id, cluster in input.resources_by_type["AWS::Neptune::DBCluster"]
	props := lib.props(cluster)
	lib.lacks_all(exports(props), {"audit"})
	f := lib.finding(id, ["Properties", "EnableCloudwatchLogsExports"], sprintf("Neptune cluster %s does not export audit logs (EnableCloudwatchLogsExports lacks \"audit\")", [id]))
}

exports(props) := props.EnableCloudwatchLogsExports if lib.has_key(props, "EnableCloudwatchLogsExports")

exports(props) := [] if lib.absent(props, "EnableCloudwatchLogsExports")
