# METADATA
# title: S3 bucket server access logging not configured
# description: |
#   Without server access logs there is no record of who read, wrote or deleted
#   objects, which leaves incident responders blind. Buckets that are
#   themselves log destinations are exempt: they cannot sensibly log to
#   themselves. A bucket that receives CloudTrail logs is reported by LOG002.
# custom:
#   id: LOG001
#   slug: s3-access-logging-disabled
#   family: LOG
#   severity: low
#   sets: [logging]
#   remediation: |
#     Add LoggingConfiguration with a DestinationBucketName pointing at a
#     dedicated log bucket (and a LogFilePrefix per source bucket), or enable
#     CloudTrail S3 data events for the bucket.
#   resource_types: [AWS::S3::Bucket]
#   aliases:
#     cfn_nag: [W35]
#     checkov: [CKV_AWS_18]
#     kics: [4552b71f-0a2a-4bc4-92dd-ed7ec1b4674c]
#     trivy: [AVD-AWS-0089]
#     cdk_nag: [AwsSolutions-S1]
#     guard: [S3_BUCKET_LOGGING_ENABLED]
package cfnvet.rules.log001

import data.cfnvet.lib

deny contains f if {
	some id, bucket in lib.resources("AWS::S3::Bucket")
	props := lib.props(bucket)
	lib.absent(props, "LoggingConfiguration")
	not log_target(id, props)
	not cloudtrail_destination(id)
	f := lib.finding(id, ["Properties", "LoggingConfiguration"], sprintf("bucket %s has no server access logging (LoggingConfiguration is not set)", [id]))
}

log_target(_, props) if props.AccessControl == "LogDeliveryWrite"

# An opaque canned ACL might be LogDeliveryWrite.
log_target(_, props) if lib.is_unknown(props.AccessControl)

log_target(id, _) if {
	some other_id, other in lib.resources("AWS::S3::Bucket")
	other_id != id
	names_bucket(other.Properties.LoggingConfiguration.DestinationBucketName, id)
}

# Another bucket's logging settings are opaque as a whole: they may point here.
log_target(id, _) if {
	some other_id, other in lib.resources("AWS::S3::Bucket")
	other_id != id
	lib.is_unknown(other.Properties.LoggingConfiguration)
}

log_target(id, _) if {
	some _, policy in lib.resources("AWS::S3::BucketPolicy")
	names_bucket(policy.Properties.Bucket, id)
	some statement in statements(policy.Properties.PolicyDocument)
	statement.Effect == "Allow"
	principal_is_log_delivery(statement.Principal)
}

names_bucket(v, id) if lib.refers_to(v, id, "BucketName")

names_bucket(v, id) if lib.may_refer_to(v, id, "BucketName")

statements(doc) := doc.Statement if is_array(doc.Statement)

statements(doc) := [doc.Statement] if is_object(doc.Statement)

principal_is_log_delivery(p) if p.Service == "logging.s3.amazonaws.com"

principal_is_log_delivery(p) if "logging.s3.amazonaws.com" in p.Service

cloudtrail_destination(id) if {
	some _, trail in lib.resources("AWS::CloudTrail::Trail")
	lib.refers_to(trail.Properties.S3BucketName, id, "BucketName")
}
