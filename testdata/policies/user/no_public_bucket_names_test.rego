package cfnvet.rules.acme001_test

import data.cfnvet.rules.acme001

test_flags_unprefixed if {
	count(acme001.deny) == 1 with input as {"resources_by_type": {"AWS::S3::Bucket": {"B": {"Properties": {"BucketName": "logs"}}}}}
}

test_accepts_prefixed if {
	count(acme001.deny) == 0 with input as {"resources_by_type": {"AWS::S3::Bucket": {"B": {"Properties": {"BucketName": "acme-logs"}}}}}
}
