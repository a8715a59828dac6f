# METADATA
# title: S3 bucket has no explicit default encryption configuration
# description: |
#   A bucket without BucketEncryption relies on the account's defaults. Since
#   5 January 2023 S3 encrypts every new object with SSE-S3 anyway, so with
#   --assume-aws-defaults (the default) this is a low-severity explicitness
#   finding; with --assume-aws-defaults=false it is reported at high severity,
#   as compliance audits written before that change expect. Choosing a KMS key
#   is a separate rule.
# custom:
#   id: ENC001
#   slug: s3-default-encryption-missing
#   family: ENC
#   severity: low
#   sets: [hygiene]
#   remediation: |
#     Add BucketEncryption.ServerSideEncryptionConfiguration with a
#     ServerSideEncryptionByDefault rule (SSEAlgorithm aws:kms with a
#     KMSMasterKeyID, or AES256).
#   resource_types: [AWS::S3::Bucket]
#   aliases:
#     cfn_nag: [W41]
#     checkov: [CKV_AWS_19]
#     kics: [b2e8752c-3497-4255-98d2-e4ae5b46bbf5]
#     trivy: [AVD-AWS-0088]
package cfnvet.rules.enc001

import data.cfnvet.lib

deny contains f if {
	some id, bucket in input.resources_by_type["AWS::S3::Bucket"]
	props := lib.props(bucket)
	not encryption_configured(props)
	f := lib.finding_severity(id, ["Properties", "BucketEncryption"], sprintf("bucket %s has no default encryption rule (BucketEncryption with an SSEAlgorithm)", [id]), severity)
}

severity := "low" if lib.assume_aws_defaults

else := "high"

encryption_configured(props) if lib.is_unknown(props.BucketEncryption)

encryption_configured(props) if lib.is_unknown(props.BucketEncryption.ServerSideEncryptionConfiguration)

encryption_configured(props) if {
	some sse_rule in props.BucketEncryption.ServerSideEncryptionConfiguration
	lib.specified(sse_rule.ServerSideEncryptionByDefault.SSEAlgorithm)
}

encryption_configured(props) if {
	some sse_rule in props.BucketEncryption.ServerSideEncryptionConfiguration
	lib.is_unknown(sse_rule)
}

encryption_configured(props) if {
	some sse_rule in props.BucketEncryption.ServerSideEncryptionConfiguration
	lib.is_unknown(sse_rule.ServerSideEncryptionByDefault)
}
