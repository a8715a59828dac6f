# METADATA
# title: CloudTrail destination bucket has no access logging
# description: |
#   A bucket that receives CloudTrail logs holds the account's audit
#   record. Without server access logging on it there is no record of
#   who read or deleted those logs, so tampering with the evidence
#   leaves no trace (CIS AWS 3.6). Only buckets defined in the same
#   template are linked, by Ref or by a literal BucketName.
# custom:
#   id: LOG002
#   slug: cloudtrail-bucket-access-logging-disabled
#   family: LOG
#   severity: medium
#   remediation: |
#     Add LoggingConfiguration to the trail's bucket, pointing at a
#     separate log bucket.
#   resource_types: [AWS::S3::Bucket, AWS::CloudTrail::Trail]
#   aliases:
#     kics: [c3ce69fd-e3df-49c6-be78-1db3f802261c]
#     trivy: [AVD-AWS-0163]
package cfnvet.rules.log002

import data.cfnvet.lib

deny contains f if {
	some id, bucket in input.resources_by_type["AWS::S3::Bucket"]
	props := lib.props(bucket)
	lib.absent(props, "LoggingConfiguration")
	trails := sort({tid | some key in lib.bucket_keys(id, props); some tid in trails_by_key[key]})
	count(trails) > 0
	f := lib.finding(id, ["Properties", "LoggingConfiguration"], sprintf("bucket %s receives CloudTrail logs (trail %s) but has no server access logging (LoggingConfiguration is not set)", [id, concat(", ", trails)]))
}

# trail_buckets pairs each trail's bucket key with the trail, built once
# (complete rules) so that each bucket is a set lookup rather than a scan of
# every trail.
trail_buckets := {[key, tid] |
	some tid, trail in input.resources_by_type["AWS::CloudTrail::Trail"]
	key := lib.destination_key(trail.Properties.S3BucketName)
}

# trails_by_key groups the trails by bucket key. OPA indexes the inner
# comprehension on key, so the grouping is built in one pass.
trails_by_key := {key: tids |
	some [key, _] in trail_buckets
	tids := {tid | some [k, tid] in trail_buckets; k == key}
}
