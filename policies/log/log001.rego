# METADATA
# title: S3 bucket server access logging not configured
# description: |
#   Without server access logs there is no record of who read, wrote or deleted
#   objects, which leaves incident responders blind. Buckets that are
#   themselves log destinations are exempt: logging a log bucket into itself
#   loops, and into another log bucket only moves the question. A bucket is
#   a log destination when, in the same template, another bucket's access
#   logging, a VPC flow log, a load balancer (ELB, ALB, NLB), a CloudFront
#   distribution, a CloudTrail trail, an AWS Config delivery channel, a
#   Redshift cluster, an MSK cluster, an EMR cluster, a Network Firewall, a
#   WAF, a Route 53 Resolver query log or a CloudWatch Logs delivery
#   destination names it (by Ref, GetAtt, literal name, ARN or domain), when
#   its bucket policy lets a log delivery service write, or when its ACL is
#   LogDeliveryWrite. The trail's own bucket is LOG002's (CIS 3.6).
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
	some id, bucket in input.resources_by_type["AWS::S3::Bucket"]
	props := lib.props(bucket)
	lib.absent(props, "LoggingConfiguration")
	not log_target(id, props)
	f := lib.finding(id, ["Properties", "LoggingConfiguration"], sprintf("bucket %s has no server access logging (LoggingConfiguration is not set)", [id]))
}

# The log destinations of the whole template are collected once
# (lib.receives_logs): each bucket is one set lookup, never a comparison
# with every other bucket.
log_target(id, props) if lib.receives_logs(id, props)

log_target(_, props) if props.AccessControl == "LogDeliveryWrite"

# An opaque canned ACL might be LogDeliveryWrite.
log_target(_, props) if lib.is_unknown(props.AccessControl)
