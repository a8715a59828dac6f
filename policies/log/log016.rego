# METADATA
# title: Redshift audit logging disabled
# description: |
#   Redshift audit logging records connections, user changes and (with
#   the user activity log) queries. Without it there is no trace of who
#   read the warehouse. Either destination counts: an S3 BucketName, or
#   LogDestinationType cloudwatch with at least one LogExports entry.
# custom:
#   id: LOG016
#   slug: redshift-audit-logging-disabled
#   family: LOG
#   severity: medium
#   sets: [logging]
#   remediation: |
#     Add LoggingProperties with a BucketName (S3), or
#     LogDestinationType: cloudwatch and LogExports: [connectionlog,
#     userlog, useractivitylog].
#   resource_types: [AWS::Redshift::Cluster]
#   aliases:
#     checkov: [CKV_AWS_71]
#     kics: [3de2d4ff-fe53-4fc9-95d3-2f8a69bf90d6]
package cfnvet.rules.log016

import data.cfnvet.lib

deny contains f if {
	some id, cluster in input.resources_by_type["AWS::Redshift::Cluster"]
	lib.absent(lib.props(cluster), "LoggingProperties")
	f := lib.finding(id, ["Properties", "LoggingProperties"], sprintf("Redshift cluster %s has no audit logging (LoggingProperties is not set)", [id]))
}

deny contains f if {
	some id, cluster in input.resources_by_type["AWS::Redshift::Cluster"]
	lp := lib.props(cluster).LoggingProperties
	is_object(lp)
	lib.known(lp)
	lib.blank(lp, "BucketName")
	not cloudwatch(lp)
	f := lib.finding(id, ["Properties", "LoggingProperties"], sprintf("Redshift cluster %s has no audit log destination (no BucketName, and not LogDestinationType cloudwatch with LogExports)", [id]))
}

cloudwatch(lp) if lib.is_unknown(lp.LogDestinationType)

cloudwatch(lp) if {
	lib.equals_ci(lp.LogDestinationType, "cloudwatch")
	lib.is_unknown(lp.LogExports)
}

cloudwatch(lp) if {
	lib.equals_ci(lp.LogDestinationType, "cloudwatch")
	is_array(lp.LogExports)
	count(lp.LogExports) > 0
}
