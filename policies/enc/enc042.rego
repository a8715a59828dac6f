# METADATA
# title: Database parameter group does not enforce TLS
# description: |
#   Database engines accept unencrypted client connections unless a parameter
#   forces TLS. A parameter group that sets rds.force_ssl 0,
#   require_secure_transport 0/OFF (RDS, Aurora), tls disabled (DocumentDB)
#   or require_ssl false (Redshift) turns enforcement off explicitly and is
#   always reported. A custom Redshift parameter group that omits require_ssl
#   (default false) is reported when a cluster in the template uses it.
#   Omissions in RDS groups are not reported: whether the engine default
#   enforces TLS depends on engine and version (PostgreSQL 15 and later
#   default rds.force_ssl to 1).
# custom:
#   id: ENC042
#   slug: db-parameter-group-tls-not-enforced
#   family: ENC
#   severity: medium
#   remediation: |
#     Set rds.force_ssl: 1 (PostgreSQL, SQL Server),
#     require_secure_transport: ON (MySQL, MariaDB), tls: enabled
#     (DocumentDB) or require_ssl: true (Redshift).
#   resource_types: [AWS::RDS::DBParameterGroup, AWS::RDS::DBClusterParameterGroup, AWS::DocDB::DBClusterParameterGroup, AWS::Redshift::ClusterParameterGroup]
#   aliases:
#     checkov: [CKV_AWS_90, CKV_AWS_105, CKV2_AWS_69]
package cfnvet.rules.enc042

import data.cfnvet.lib

off_values := {
	"rds.force_ssl": {"0", "false", "off"},
	"require_secure_transport": {"0", "false", "off"},
}

deny contains f if {
	some type in ["AWS::RDS::DBParameterGroup", "AWS::RDS::DBClusterParameterGroup"]
	some id, r in input.resources_by_type[type]
	some name, value in object.get(lib.props(r), "Parameters", {})
	values := off_values[lower(name)]
	lower(sprintf("%v", [value])) in values
	f := lib.finding(id, ["Properties", "Parameters", name], sprintf("parameter group %s does not enforce TLS (%s = %v)", [id, name, value]))
}

deny contains f if {
	some id, r in input.resources_by_type["AWS::DocDB::DBClusterParameterGroup"]
	some name, value in object.get(lib.props(r), "Parameters", {})
	lower(name) == "tls"
	lower(sprintf("%v", [value])) == "disabled"
	f := lib.finding(id, ["Properties", "Parameters", name], sprintf("DocumentDB parameter group %s turns TLS off (tls = disabled)", [id]))
}

deny contains f if {
	some id, r in input.resources_by_type["AWS::Redshift::ClusterParameterGroup"]
	some i, param in items(lib.props(r).Parameters)
	is_require_ssl(param)
	lib.is_false(param.ParameterValue)
	f := lib.finding(id, ["Properties", "Parameters", i, "ParameterValue"], sprintf("Redshift parameter group %s does not require SSL (require_ssl = false)", [id]))
}

deny contains f if {
	some id, r in input.resources_by_type["AWS::Redshift::ClusterParameterGroup"]
	# value_at is undefined when Parameters is Unknown: no finding then.
	params := lib.value_at(lib.props(r), ["Parameters"])
	not mentions_require_ssl(params)
	some k in lib.name_keys(id, "ParameterGroupName")
	used_group_keys[k]
	f := lib.finding(id, ["Properties", "Parameters"], sprintf("Redshift parameter group %s does not set require_ssl, which defaults to false", [id]))
}

# used_group_keys name the parameter groups some cluster uses, collected
# once so that each group is a lookup (lib.ref_keys).
used_group_keys := {k |
	some cluster in input.resources_by_type["AWS::Redshift::Cluster"]
	some k in lib.ref_keys(lib.props(cluster).ClusterParameterGroupName)
}

mentions_require_ssl(params) if {
	some param in items(params)
	not is_string(param.ParameterName)
}

mentions_require_ssl(params) if {
	some param in items(params)
	is_require_ssl(param)
}

mentions_require_ssl(params) if {
	some param in items(params)
	lib.is_unknown(param)
}

# An Unknown ParameterName (a Ref to a parameter without value) is an
# object; lower() on it would abort the whole policy with a type error.
is_require_ssl(param) if {
	is_string(param.ParameterName)
	lower(param.ParameterName) == "require_ssl"
}

items(v) := v if is_array(v)

else := []
