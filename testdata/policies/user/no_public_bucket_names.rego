# METADATA
# title: Bucket names must carry the team prefix
# description: An example user policy; buckets outside the team prefix are hard to attribute.
# custom:
#   id: ACME001
#   slug: acme-bucket-prefix
#   family: LOG
#   severity: low
#   remediation: Name buckets acme-<team>-<purpose>.
#   resource_types: [AWS::S3::Bucket]
package cfnvet.rules.acme001

import data.cfnvet.lib

deny contains f if {
	some id, bucket in lib.resources("AWS::S3::Bucket")
	name := lib.props(bucket).BucketName
	is_string(name)
	not startswith(name, "acme-")
	f := lib.finding(id, ["Properties", "BucketName"], sprintf("bucket name %q lacks the acme- prefix", [name]))
}
