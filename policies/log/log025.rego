# METADATA
# title: RDS database logs not exported to CloudWatch Logs
# description: |
#   An RDS DB instance or Aurora/Multi-AZ DB cluster keeps its database
#   logs on the host, where they rotate away within days and are lost with
#   the instance, unless EnableCloudwatchLogsExports publishes them. The
#   rule asks for the one log each engine writes without extra
#   configuration and that records failed logins, crashes and errors:
#   "error" for MySQL, MariaDB and Aurora MySQL (their audit log needs an
#   option group or the server_audit_logging parameter first, so it is
#   not required here), "postgresql" for PostgreSQL and Aurora PostgreSQL
#   (the only log they export), "alert" for Oracle (its alert log is the
#   error log; audit needs audit_trail settings), "error" for SQL Server
#   and "diag.log" for Db2. The same minimal rule as LOG014-LOG016 for
#   DocumentDB, Neptune and Redshift. An instance that belongs to a
#   cluster (DBClusterIdentifier set) is judged at its cluster, which
#   owns the exports, and so is an Aurora instance without one (Aurora
#   instances cannot set the exports). Aurora Serverless v1 clusters (EngineMode
#   serverless) are not judged: they cannot set the exports and publish
#   the logs their parameter group turns on by themselves. Engines the rule does not know, and an Engine or
#   export list that cannot be resolved, are not judged.
# custom:
#   id: LOG025
#   slug: rds-logs-not-exported
#   family: LOG
#   severity: low
#   sets: [logging]
#   remediation: |
#     Add the engine's log to EnableCloudwatchLogsExports (for example
#     [error, slowquery] for MySQL, [postgresql] for PostgreSQL, [alert,
#     audit] for Oracle, [error, agent] for SQL Server), and give its log
#     group a retention.
#   resource_types: [AWS::RDS::DBInstance, AWS::RDS::DBCluster]
package cfnvet.rules.log025

import data.cfnvet.lib

deny contains f if {
	some kind in ["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"]
	some id, db in input.resources_by_type[kind]
	props := lib.props(db)
	not judged_elsewhere(kind, props)
	is_string(props.Engine)
	engine := lower(trim_space(props.Engine))
	some log in required_log(engine)
	lib.absent(props, "EnableCloudwatchLogsExports")
	f := lib.finding(id, ["Properties", "EnableCloudwatchLogsExports"], sprintf("%s %s (%s) does not export its %s log to CloudWatch Logs (EnableCloudwatchLogsExports is not set)", [what(kind), id, engine, log]))
}

deny contains f if {
	some kind in ["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"]
	some id, db in input.resources_by_type[kind]
	props := lib.props(db)
	not judged_elsewhere(kind, props)
	is_string(props.Engine)
	engine := lower(trim_space(props.Engine))
	some log in required_log(engine)
	some _ in lib.lacks_any(props.EnableCloudwatchLogsExports, {log})
	f := lib.finding(id, ["Properties", "EnableCloudwatchLogsExports"], sprintf("%s %s (%s) does not export its %s log to CloudWatch Logs (EnableCloudwatchLogsExports lacks %q)", [what(kind), id, engine, log, log]))
}

what("AWS::RDS::DBInstance") := "DB instance"

what("AWS::RDS::DBCluster") := "DB cluster"

judged_elsewhere("AWS::RDS::DBInstance", props) if lib.has_key(props, "DBClusterIdentifier")

# An Aurora instance takes no EnableCloudwatchLogsExports (its cluster owns
# them), even when a template leaves its DBClusterIdentifier out.
judged_elsewhere("AWS::RDS::DBInstance", props) if {
	is_string(props.Engine)
	startswith(lower(trim_space(props.Engine)), "aurora")
}

# Aurora Serverless v1 publishes logs without EnableCloudwatchLogsExports.
judged_elsewhere("AWS::RDS::DBCluster", props) if lib.equals_ci(props.EngineMode, "serverless")

judged_elsewhere("AWS::RDS::DBCluster", props) if lib.is_unknown(props.EngineMode)

# required_log is the set holding the one log an engine must export.
required_log(engine) := {"error"} if engine in {"mysql", "mariadb", "aurora", "aurora-mysql"}

required_log(engine) := {"postgresql"} if engine in {"postgres", "aurora-postgresql"}

required_log(engine) := {"alert"} if startswith(engine, "oracle-")

required_log(engine) := {"error"} if startswith(engine, "sqlserver-")

required_log(engine) := {"diag.log"} if startswith(engine, "db2-")
