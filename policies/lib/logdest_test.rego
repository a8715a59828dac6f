package cfnvet.lib_test

import data.cfnvet.lib

buckets := {
	"Logs": {"Type": "AWS::S3::Bucket", "Properties": {}},
	"Named": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "named-logs"}},
	"Data": {"Type": "AWS::S3::Bucket", "Properties": {}},
}

graph_input(extra) := {"resources": object.union(buckets, extra), "resources_by_type": by_type(object.union(buckets, extra))}

by_type(rs) := {t: {id: r | some id, r in rs; r.Type == t} | some r in rs; t := r.Type}

test_bucket_name_in if {
	lib.bucket_name_in("arn:aws:s3:::named-logs") == "named-logs"
	lib.bucket_name_in("arn:aws-cn:s3:::named-logs/AWSLogs/") == "named-logs"
	lib.bucket_name_in("arn:${AWS::Partition}:s3:::${Logs}/flows") == "${Logs}"
	lib.bucket_name_in("named-logs.s3.amazonaws.com") == "named-logs"
	lib.bucket_name_in("named-logs.s3.eu-west-1.amazonaws.com") == "named-logs"
	lib.bucket_name_in("s3://named-logs/emr/") == "named-logs"
	lib.bucket_name_in("${Logs.Arn}/prefix") == "${Logs.Arn}"
	lib.bucket_name_in("named-logs") == "named-logs"
}

test_destination_key if {
	inp := graph_input({})
	lib.destination_key({"$unknown": "Fn::GetAtt", "ref": "Logs", "attr": "Arn"}) == ["id", "Logs"] with input as inp
	lib.destination_key({"$unknown": "Fn::Sub", "partial": "arn:${AWS::Partition}:s3:::${Logs}/x"}) == ["id", "Logs"] with input as inp
	lib.destination_key({"$unknown": "Fn::Join", "partial": "${Fn::GetAtt Logs}/x"}) == ["id", "Logs"] with input as inp
	lib.destination_key({"$unknown": "Fn::Sub", "partial": "${Logs.RegionalDomainName}"}) == ["id", "Logs"] with input as inp
	lib.destination_key("arn:aws:s3:::named-logs/x") == ["name", "named-logs"] with input as inp

	# A name derived from a bucket's name is another bucket.
	lib.destination_key({"$unknown": "Fn::Sub", "partial": "${Logs}-archive"}) == ["name", "${Logs}-archive"] with input as inp

	# A Ref to a resource that is not a bucket names no bucket.
	not lib.destination_key({"$unknown": "Fn::GetAtt", "ref": "Stream", "attr": "Arn"}) with input as inp
}

test_receives_logs_by_graph if {
	inp := graph_input({
		"Flow": {"Type": "AWS::EC2::FlowLog", "Properties": {"LogDestinationType": "s3", "LogDestination": {"$unknown": "Fn::GetAtt", "ref": "Logs", "attr": "Arn"}}},
		"Cdn": {"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": {"Logging": {"Bucket": "named-logs.s3.amazonaws.com"}}}},
	})
	lib.receives_logs("Logs", {}) with input as inp
	lib.receives_logs("Named", {"BucketName": "named-logs"}) with input as inp
	not lib.receives_logs("Data", {}) with input as inp
}

test_flow_logs_to_cloudwatch_name_no_bucket if {
	inp := graph_input({"Flow": {"Type": "AWS::EC2::FlowLog", "Properties": {"LogDestination": {"$unknown": "Ref", "ref": "Param"}}}})
	not lib.receives_logs("Data", {}) with input as inp
}

test_opaque_destination_may_be_any_bucket if {
	param := graph_input({"Elb": {"Type": "AWS::ElasticLoadBalancing::LoadBalancer", "Properties": {"AccessLoggingPolicy": {"S3BucketName": {"$unknown": "Ref", "ref": "LogBucketName"}}}}})
	lib.receives_logs("Data", {}) with input as param

	whole := graph_input({"Other": {"Type": "AWS::S3::Bucket", "Properties": {"LoggingConfiguration": {"$unknown": "Fn::If"}}}})
	lib.receives_logs("Data", {}) with input as whole

	placeholders := graph_input({"Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": {"S3BucketName": {"$unknown": "Fn::Sub", "partial": "${Prefix}${Suffix}"}}}})
	lib.receives_logs("Data", {}) with input as placeholders
}

test_literal_text_narrows_an_opaque_destination if {
	inp := graph_input({"Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": {"S3BucketName": {"$unknown": "Fn::Sub", "partial": "${AWS::AccountId}-trail"}}}})
	not lib.receives_logs("Data", {}) with input as inp
	lib.receives_logs("Trailed", {"BucketName": {"$unknown": "Fn::Sub", "partial": "${AWS::AccountId}-trail"}}) with input as inp
}

test_imported_destination_is_not_this_stack if {
	inp := graph_input({"Channel": {"Type": "AWS::Config::DeliveryChannel", "Properties": {"S3BucketName": {"$unknown": "Fn::ImportValue"}}}})
	not lib.receives_logs("Data", {}) with input as inp
}

log_policy(service) := {"Type": "AWS::S3::BucketPolicy", "Properties": {
	"Bucket": {"$unknown": "Ref", "ref": "Data"},
	"PolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "s3:PutObject"}]},
}}

test_bucket_policy_for_log_delivery if {
	lib.receives_logs("Data", {}) with input as graph_input({"P": log_policy("logging.s3.amazonaws.com")})
	lib.receives_logs("Data", {}) with input as graph_input({"P": log_policy(["ec2.amazonaws.com", "delivery.logs.amazonaws.com"])})
	not lib.receives_logs("Data", {}) with input as graph_input({"P": log_policy("cloudfront.amazonaws.com")})
}

test_opaque_policy_properties_may_grant_log_delivery if {
	lib.receives_logs("Data", {}) with input as graph_input({"P": {"Type": "AWS::S3::BucketPolicy", "Properties": {"$unknown": "Fn::If"}}})
}
