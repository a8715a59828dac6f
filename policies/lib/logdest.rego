# Shared knowledge of log destinations, in package cfnvet.lib (its METADATA
# block lives in cfn.rego). Which S3 buckets of a template receive logs from
# an AWS service, found through the resource graph: every property that
# names a log bucket (another bucket's server access logging, VPC flow logs,
# load balancer and CloudFront access logs, CloudTrail, Config, …) is read
# once into a set of bucket keys, and a bucket is then one set lookup. The
# cost is linear in the number of resources, however many buckets there are.
#
# A bucket key is ["id", logical id] for a Ref/GetAtt (or an Fn::Sub/Join
# text that is exactly one bucket's name, ARN or domain), or ["name", text]
# for a literal name or the unresolved text of a name (`${AppName}-logs`),
# which equals the same text in a bucket's BucketName.
package cfnvet.lib

# log_destination_paths lists, per resource type, the property paths (below
# Properties) that name the bucket receiving the resource's logs.
log_destination_paths := [
	["AWS::S3::Bucket", ["LoggingConfiguration", "DestinationBucketName"]],
	["AWS::ElasticLoadBalancing::LoadBalancer", ["AccessLoggingPolicy", "S3BucketName"]],
	["AWS::CloudFront::Distribution", ["DistributionConfig", "Logging", "Bucket"]],
	["AWS::CloudTrail::Trail", ["S3BucketName"]],
	["AWS::Config::DeliveryChannel", ["S3BucketName"]],
	["AWS::Redshift::Cluster", ["LoggingProperties", "BucketName"]],
	["AWS::MSK::Cluster", ["LoggingInfo", "BrokerLogs", "S3", "Bucket"]],
	["AWS::EMR::Cluster", ["LogUri"]],
	["AWS::Route53Resolver::ResolverQueryLoggingConfig", ["DestinationArn"]],
	["AWS::Logs::DeliveryDestination", ["DestinationResourceArn"]],
]

# log_delivery_principals are the service principals that write logs into
# a bucket; a bucket policy allowing one of them marks a log bucket even
# when the logs come from another stack.
log_delivery_principals := {
	"logging.s3.amazonaws.com",
	"delivery.logs.amazonaws.com",
	"logdelivery.elasticloadbalancing.amazonaws.com",
	"cloudtrail.amazonaws.com",
	"config.amazonaws.com",
}

# elbv2_log_attributes are the load balancer attributes naming a log bucket.
elbv2_log_attributes := {"access_logs.s3.bucket", "connection_logs.s3.bucket", "health_check_logs.s3.bucket"}

# log_destinations is every value that names a bucket receiving logs. An
# Unknown container on the way to such a value stands for the value.
log_destinations contains v if {
	some [type, path] in log_destination_paths
	some _, r in input.resources_by_type[type]
	v := destination_at(r.Properties, path)
}

# VPC flow logs go to S3 only with LogDestinationType s3 (the default is
# CloudWatch Logs, whose LogDestination is a log group).
log_destinations contains v if {
	some _, r in input.resources_by_type["AWS::EC2::FlowLog"]
	is_unknown(r.Properties.LogDestinationType)
	v := destination_at(r.Properties, ["LogDestination"])
}

log_destinations contains v if {
	some _, r in input.resources_by_type["AWS::EC2::FlowLog"]
	equals_ci(r.Properties.LogDestinationType, "s3")
	v := destination_at(r.Properties, ["LogDestination"])
}

log_destinations contains v if {
	some _, r in input.resources_by_type["AWS::ElasticLoadBalancingV2::LoadBalancer"]
	some attr in as_list(destination_at(r.Properties, ["LoadBalancerAttributes"]))
	may_be_log_attribute(attr)
	v := destination_at(attr, ["Value"])
}

may_be_log_attribute(attr) if attr.Key in elbv2_log_attributes

may_be_log_attribute(attr) if is_unknown(attr)

may_be_log_attribute(attr) if is_unknown(attr.Key)

log_destinations contains v if {
	some _, r in input.resources_by_type["AWS::NetworkFirewall::LoggingConfiguration"]
	some dest in as_list(destination_at(r.Properties, ["LoggingConfiguration", "LogDestinationConfigs"]))
	may_go_to_s3(dest)
	v := destination_at(dest, ["LogDestination", "bucketName"])
}

# A helper, not `not is_string(dest.LogDestinationType)`: OPA would
# evaluate an undefined reference outside the negation.
may_go_to_s3(dest) if is_unknown(dest)

may_go_to_s3(dest) if is_unknown(dest.LogDestinationType)

may_go_to_s3(dest) if equals_ci(dest.LogDestinationType, "S3")

# WAF logs go to a bucket, log group or Firehose ARN; only a bucket ARN can
# match a bucket of the template.
log_destinations contains v if {
	some _, r in input.resources_by_type["AWS::WAFv2::LoggingConfiguration"]
	some v in as_list(destination_at(r.Properties, ["LogDestinationConfigs"]))
}

# The properties of a resource with special paths below are opaque as a
# whole: they may name any destination.
log_destinations contains r.Properties if {
	some type in {
		"AWS::EC2::FlowLog", "AWS::ElasticLoadBalancingV2::LoadBalancer",
		"AWS::NetworkFirewall::LoggingConfiguration", "AWS::WAFv2::LoggingConfiguration",
		"AWS::S3::BucketPolicy",
	}
	some _, r in input.resources_by_type[type]
	is_unknown(r.Properties)
}

# A bucket policy that lets a log delivery service write (or may: an opaque
# document, statement or principal) names a log bucket.
log_destinations contains r.Properties.Bucket if {
	some _, r in input.resources_by_type["AWS::S3::BucketPolicy"]
	some statement in policy_statements(r.Properties.PolicyDocument)
	may_allow_log_delivery(statement)
}

policy_statements(doc) := [doc] if is_unknown(doc)

policy_statements(doc) := as_list(doc.Statement) if known(doc)

may_allow_log_delivery(statement) if is_unknown(statement)

may_allow_log_delivery(statement) if {
	may_allow(statement.Effect)
	is_unknown(statement.Principal)
}

may_allow_log_delivery(statement) if {
	may_allow(statement.Effect)
	some service in as_list(statement.Principal.Service)
	may_be_log_delivery(service)
}

may_allow(effect) if effect == "Allow"

may_allow(effect) if is_unknown(effect)

may_be_log_delivery(service) if is_unknown(service)

may_be_log_delivery(service) if {
	is_string(service)
	lower(trim_space(service)) in log_delivery_principals
}

# destination_at is the value at path, or the first Unknown container on the
# way to it (it may hold a destination); undefined when nothing is there.
destination_at(obj, path) := v if {
	v := object.get(obj, path, null)
	v != null
} else := object.get(obj, array.slice(path, 0, i), null) if {
	some i in numbers.range(0, count(path) - 1)
	is_unknown(object.get(obj, array.slice(path, 0, i), null))
}

# log_target_keys are the bucket keys of every log destination. A complete
# rule, so that it is built once per evaluation: a partial set looked up
# with a ground key is re-evaluated for each lookup.
log_target_keys := {key |
	some v in log_destinations
	key := destination_key(v)
}

# destination_key is the bucket key under which a value names a bucket.
destination_key(v) := ["id", v.ref] if {
	is_unknown(v)
	input.resources_by_type["AWS::S3::Bucket"][v.ref]
}

destination_key(v) := destination_text_key(v)

# log_target_opaque holds when some destination is opaque and may name any
# bucket of the template (as lib.may_refer_to): it points at no resource of
# the template, is not an import (a stack cannot import its own exports),
# and no literal text narrows the name: a parameter, or text made only of
# placeholders. Text with literal parts (`${AWS::AccountId}-flow-logs`)
# names only a bucket whose BucketName is the same text; comparing it as a
# pattern with every bucket would make the cost quadratic.
log_target_opaque if {
	some v in log_destinations
	is_unknown(v)
	not names_resource(v)
	v["$unknown"] != "Fn::ImportValue"
	may_name_any_bucket(v)
}

may_name_any_bucket(v) if not destination_text(v)

may_name_any_bucket(v) if {
	key := destination_text_key(v)
	key[0] == "name"
	name := key[1]
	regex.replace(name, `\$\{[^}]*\}`, "") == ""
}

# receives_logs holds when the bucket with logical id (and properties
# props) is, or may be, a log destination.
receives_logs(id, props) if {
	some key in bucket_keys(id, props)
	log_target_keys[key]
}

receives_logs(_, _) if log_target_opaque

# A bucket whose name is opaque may have any name that a destination gives.
receives_logs(_, props) if {
	is_unknown(props.BucketName)
	not props.BucketName.partial
	log_target_named
}

log_target_named if {
	some key in log_target_keys
	key[0] == "name"
}

# bucket_keys are the keys under which other resources may name a bucket:
# its logical id, and its BucketName as a literal or as unresolved text.
bucket_keys(id, props) := {["id", id]} | {["name", name] |
	some name in [props.BucketName, object.get(props, ["BucketName", "partial"], null)]
	is_string(name)
}

# destination_text_key is the key of a destination given as text: a
# literal, or Fn::Sub/Join text with ${…} placeholders. The bucket name is
# taken from an S3 ARN, an s3:// URI or a bucket domain name; a name that is
# exactly one placeholder for one of the template's buckets (`${Logs}`,
# `${Logs.Arn}`, `${Fn::GetAtt Logs}`) is that bucket's id.
destination_text_key(v) := key if {
	text := destination_text(v)
	name := bucket_name_in(text)
	key := placeholder_key(name)
}

destination_text(v) := trim_space(v) if is_string(v)

destination_text(v) := trim_space(v.partial) if {
	is_unknown(v)
	is_string(v.partial)
}

bucket_name_in(text) := m[0][1] if {
	m := regex.find_all_string_submatch_n(`^(?:arn:(?:\$\{[^}]*\}|[^:]*):s3:::|s3://)?([^/]+?)(?:\.s3[.-][^/]*)?(?:/.*)?$`, text, 1)
	count(m) == 1
}

placeholder_key(name) := ["id", m[0][1]] if {
	m := regex.find_all_string_submatch_n(`^\$\{(?:Ref |Fn::GetAtt )?([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}$`, name, 1)
	count(m) == 1
	input.resources_by_type["AWS::S3::Bucket"][m[0][1]]
} else := ["name", name]
