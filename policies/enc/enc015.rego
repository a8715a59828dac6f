# METADATA
# title: SQS queue encryption explicitly disabled
# description: |
#   A queue with server-side encryption turned off stores messages in clear
#   text. SqsManagedSseEnabled false without a KmsMasterKeyId is always
#   reported. Since late 2022 new queues use SSE-SQS by default, so with
#   --assume-aws-defaults (the default) a queue that sets neither property is
#   not reported; with --assume-aws-defaults=false it is, matching audits
#   written before that change. Choosing a customer-managed key is ENC029.
# custom:
#   id: ENC015
#   slug: sqs-encryption-disabled
#   family: ENC
#   severity: medium
#   remediation: |
#     Remove SqsManagedSseEnabled: false, or set KmsMasterKeyId to a KMS key.
#   resource_types: [AWS::SQS::Queue]
#   aliases:
#     cfn_nag: [W48]
#     checkov: [CKV_AWS_27]
#     kics: [12726829-93ed-4d51-9cbe-13423f4299e1]
#     trivy: [AVD-AWS-0096]
package cfnvet.rules.enc015

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::SQS::Queue"]
	p := lib.props(r)
	lib.missing(p, ["KmsMasterKeyId"])
	lib.explicitly_false(p, ["SqsManagedSseEnabled"])
	f := lib.finding(id, ["Properties", "SqsManagedSseEnabled"], sprintf("SQS queue %s has server-side encryption disabled (SqsManagedSseEnabled false, no KmsMasterKeyId)", [id]))
}

deny contains f if {
	not lib.assume_aws_defaults
	some id, r in input.resources_by_type["AWS::SQS::Queue"]
	p := lib.props(r)
	lib.missing(p, ["KmsMasterKeyId"])
	lib.value_at(p, ["SqsManagedSseEnabled"]) == null
	f := lib.finding(id, ["Properties", "KmsMasterKeyId"], sprintf("SQS queue %s does not configure server-side encryption (no KmsMasterKeyId or SqsManagedSseEnabled)", [id]))
}
