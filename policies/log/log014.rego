# METADATA
# title: DocumentDB audit/profiler logs not exported
# description: |
#   DocumentDB writes audit and profiler logs only when they are
#   exported to CloudWatch Logs; without either, authentication
#   attempts, DDL changes and slow operations leave no record. Audit
#   export also needs the cluster parameter group to set audit_logs to
#   enabled (or to ddl, dml_read, dml_write or all), so an in-template
#   cluster parameter group that sets it to disabled or none, or does not
#   set it and so keeps the default (disabled), is reported too.
# custom:
#   id: LOG014
#   slug: docdb-logs-not-exported
#   family: LOG
#   severity: medium
#   sets: [logging]
#   remediation: |
#     Set EnableCloudwatchLogsExports to include "audit" (and
#     "profiler"), and set audit_logs to "enabled" in the cluster
#     parameter group.
#   resource_types: [AWS::DocDB::DBCluster, AWS::DocDB::DBClusterParameterGroup]
#   aliases:
#     checkov: [CKV_AWS_85, CKV_AWS_104]
#     kics: [1bf3b3d4-f373-4d7c-afbb-7d85948a67a5]
#     trivy: [AVD-AWS-0020]
package cfnvet.rules.log014

import data.cfnvet.lib

deny contains f if {
	some id, cluster in input.resources_by_type["AWS::DocDB::DBCluster"]
	props := lib.props(cluster)
	lib.lacks_all(exports(props), {"audit", "profiler"})
	f := lib.finding(id, ["Properties", "EnableCloudwatchLogsExports"], sprintf("DocumentDB cluster %s exports neither audit nor profiler logs (EnableCloudwatchLogsExports)", [id]))
}

deny contains f if {
	some id, group in input.resources_by_type["AWS::DocDB::DBClusterParameterGroup"]
	v := lib.props(group).Parameters.audit_logs
	some off in ["disabled", "none"]
	lib.equals_ci(v, off)
	f := lib.finding(id, ["Properties", "Parameters", "audit_logs"], sprintf("parameter group %s turns DocumentDB audit logging off (audit_logs is %s)", [id, v]))
}

# A group that does not set audit_logs leaves it at its default, disabled.
deny contains f if {
	some id, group in input.resources_by_type["AWS::DocDB::DBClusterParameterGroup"]
	props := lib.props(group)
	no_audit_logs(props)
	f := lib.finding(id, ["Properties", "Parameters", "audit_logs"], sprintf("parameter group %s leaves DocumentDB audit logging off (audit_logs is not set; it defaults to disabled)", [id]))
}

no_audit_logs(props) if lib.absent(props, "Parameters")

no_audit_logs(props) if lib.absent(props.Parameters, "audit_logs")

exports(props) := props.EnableCloudwatchLogsExports if lib.has_key(props, "EnableCloudwatchLogsExports")

exports(props) := [] if lib.absent(props, "EnableCloudwatchLogsExports")
