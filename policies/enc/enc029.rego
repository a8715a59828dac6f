# METADATA
# title: Data encrypted only with an AWS-owned/AWS-managed key (no customer-managed KMS key)
# description: |
#   Data that is encrypted only with an AWS-owned or AWS-managed key
#   (alias/aws/...) cannot be protected by your own key policy, cannot be
#   revoked by disabling the key, and its use is not separately auditable.
#   This rule looks only at resources that are otherwise encrypted
#   (unencrypted ones belong to the specific ENC rules) and reports when the
#   KMS key property is absent or an alias/aws/* key; an opaque value (Ref or
#   GetAtt of a key, an ImportValue) counts as a customer-managed key. S3
#   buckets are judged only when they configure BucketEncryption (a bucket
#   without it is ENC001). For SQS, a queue that sets no encryption at all
#   counts as encrypted with SSE-SQS only under --assume-aws-defaults (the
#   default); with --assume-aws-defaults=false such a queue is left to
#   ENC015. DynamoDB tables are always encrypted, with an AWS-owned key
#   unless SSESpecification names a KMS key. Lambda functions are judged only
#   when they have environment variables.
# custom:
#   id: ENC029
#   slug: no-customer-managed-key
#   family: ENC
#   severity: low
#   sets: [cmk]
#   remediation: |
#     Create an AWS::KMS::Key (with rotation) and reference it from the
#     resource's key property (KmsKeyId, KMSMasterKeyID, KmsMasterKeyId,
#     EncryptionKey, ...).
#   resource_types: [AWS::EC2::Volume, AWS::RDS::DBInstance, AWS::RDS::DBCluster, AWS::DocDB::DBCluster, AWS::Neptune::DBCluster, AWS::Redshift::Cluster, AWS::EFS::FileSystem, AWS::S3::Bucket, AWS::SNS::Topic, AWS::SQS::Queue, AWS::DynamoDB::Table, AWS::Logs::LogGroup, AWS::SecretsManager::Secret, AWS::CodeBuild::Project, AWS::AmazonMQ::Broker, AWS::SageMaker::NotebookInstance, AWS::SageMaker::EndpointConfig, AWS::SageMaker::Domain, AWS::SageMaker::DataQualityJobDefinition, AWS::Kendra::Index, AWS::ECR::Repository, AWS::Timestream::Database, AWS::Backup::BackupVault, AWS::Lambda::Function, AWS::ElastiCache::ReplicationGroup, AWS::MSK::Cluster, AWS::Kinesis::Stream, AWS::Bedrock::Agent, AWS::DynamoDB::GlobalTable, AWS::OpenSearchService::Domain, AWS::Elasticsearch::Domain]
#   aliases:
#     cfn_nag: [W32, W37, W53, W74, W77, W80, W84, W1200, W1201]
#     checkov: [CKV_AWS_119, CKV_AWS_136, CKV_AWS_149, CKV_AWS_158, CKV_AWS_160, CKV_AWS_166, CKV_AWS_173, CKV_AWS_187, CKV_AWS_367, CKV_AWS_368, CKV_AWS_373]
#     kics: [316278b3-87ac-444c-8f8f-a733a28da60f, d7467bb6-3ed1-4c82-8095-5e7a818d0aad, e52395b4-250b-4c60-81d5-2e58c1d37abc, 4bd21e68-38c1-4d58-acdc-6a14b203237f, c8dee387-a2e6-4a73-a942-183c975549ac, b7063015-6c31-4658-a8e7-14f98f37fd42, 6d087495-2a42-4735-abf7-02ef5660a7e6, de76a0d6-66d5-45c9-9022-f05545b85c78, 709e6da6-fa1f-44cc-8f17-7f25f96dadbe, 44034eda-1c3f-486a-831d-e09a7dd94354, c8ae9ba9-c2f7-4e5c-b32e-a4b7712d4d22, a7f8ac28-eed1-483d-87c8-4c325f022572]
#     trivy: [AVD-AWS-0017, AVD-AWS-0022, AVD-AWS-0025, AVD-AWS-0027, AVD-AWS-0033, AVD-AWS-0128, AVD-AWS-0078, AVD-AWS-0132, AVD-AWS-0136, AVD-AWS-0135, AVD-AWS-0098, AVD-AWS-0121, AVD-AWS-0084, AVD-AWS-0179]
package cfnvet.rules.enc029

import data.cfnvet.lib

# Each gap is [logical id, path of the key property, what uses the AWS key].
deny contains f if {
	some [id, path, what] in gaps
	f := lib.finding(id, path, sprintf("%s %s is encrypted only with an AWS-owned or AWS-managed key (%s)", [trim_prefix(input.resources[id].Type, "AWS::"), id, what]))
}

# Resources that name their key in KmsKeyId once a flag turns encryption on.
flagged_kms := {
	"AWS::EC2::Volume": "Encrypted",
	"AWS::RDS::DBInstance": "StorageEncrypted",
	"AWS::RDS::DBCluster": "StorageEncrypted",
	"AWS::DocDB::DBCluster": "StorageEncrypted",
	"AWS::Neptune::DBCluster": "StorageEncrypted",
	"AWS::Redshift::Cluster": "Encrypted",
	"AWS::EFS::FileSystem": "Encrypted",
	"AWS::ElastiCache::ReplicationGroup": "AtRestEncryptionEnabled",
}

gaps contains [id, ["Properties", "KmsKeyId"], "no KmsKeyId"] if {
	some type, flag in flagged_kms
	some id, r in input.resources_by_type[type]
	p := lib.props(r)
	lib.is_true(p[flag])
	lib.no_customer_key(p, ["KmsKeyId"])
}

gaps contains [id, ["Properties", "PerformanceInsightsKMSKeyId"], "Performance Insights data, no PerformanceInsightsKMSKeyId"] if {
	some id, r in input.resources_by_type["AWS::RDS::DBInstance"]
	p := lib.props(r)
	lib.is_true(p.EnablePerformanceInsights)
	lib.no_customer_key(p, ["PerformanceInsightsKMSKeyId"])
}

# Resources that are always encrypted and take an optional key.
key_props := {
	"AWS::Logs::LogGroup": ["KmsKeyId"],
	"AWS::SecretsManager::Secret": ["KmsKeyId"],
	"AWS::SageMaker::NotebookInstance": ["KmsKeyId"],
	"AWS::SageMaker::EndpointConfig": ["KmsKeyId"],
	"AWS::SageMaker::Domain": ["KmsKeyId"],
	"AWS::Timestream::Database": ["KmsKeyId"],
	"AWS::CodeBuild::Project": ["EncryptionKey"],
	"AWS::Kendra::Index": ["ServerSideEncryptionConfiguration", "KmsKeyId"],
	"AWS::Backup::BackupVault": ["EncryptionKeyArn"],
	"AWS::MSK::Cluster": ["EncryptionInfo", "EncryptionAtRest", "DataVolumeKMSKeyId"],
	"AWS::Bedrock::Agent": ["CustomerEncryptionKeyArn"],
}

gaps contains [id, array.concat(["Properties"], path), sprintf("no %s", [concat(".", path)])] if {
	some type, path in key_props
	some id, r in input.resources_by_type[type]
	lib.no_customer_key(lib.props(r), path)
}

gaps contains [id, array.concat(["Properties"], path), sprintf("no %s", [concat(".", path)])] if {
	some id, r in input.resources_by_type["AWS::SageMaker::DataQualityJobDefinition"]
	some path in [["DataQualityJobOutputConfig", "KmsKeyId"], ["JobResources", "ClusterConfig", "VolumeKmsKeyId"]]
	lib.no_customer_key(lib.props(r), path)
}

# Keys that are only reported when set to an AWS-managed alias; absence is
# the specific rule's business (ENC014 SNS, ENC016 Kinesis).
gaps contains [id, ["Properties", "KmsMasterKeyId"], "KmsMasterKeyId is an alias/aws key"] if {
	some id, r in input.resources_by_type["AWS::SNS::Topic"]
	lib.aws_managed_key(lib.props(r).KmsMasterKeyId)
}

# A stream with EncryptionType NONE is not encrypted at all (ENC016), so
# its key is only judged when the stream encrypts with KMS.
gaps contains [id, ["Properties", "StreamEncryption", "KeyId"], "StreamEncryption.KeyId is an alias/aws key"] if {
	some id, r in input.resources_by_type["AWS::Kinesis::Stream"]
	p := lib.props(r)
	lib.value_in(p, ["StreamEncryption", "EncryptionType"], ["KMS"])
	lib.aws_managed_key(p.StreamEncryption.KeyId)
}

gaps contains [id, ["Properties", "KmsMasterKeyId"], what] if {
	some id, r in input.resources_by_type["AWS::SQS::Queue"]
	p := lib.props(r)
	lib.no_customer_key(p, ["KmsMasterKeyId"])
	what := sqs_default_key(p)
}

sqs_default_key(p) := "KmsMasterKeyId is an alias/aws key" if lib.aws_managed_key(p.KmsMasterKeyId)

sqs_default_key(p) := "SSE-SQS, no KmsMasterKeyId" if {
	lib.missing(p, ["KmsMasterKeyId"])
	lib.is_true(p.SqsManagedSseEnabled)
}

sqs_default_key(p) := "SSE-SQS by default, no KmsMasterKeyId" if {
	lib.assume_aws_defaults
	lib.missing(p, ["KmsMasterKeyId"])
	lib.value_at(p, ["SqsManagedSseEnabled"]) == null
}

gaps contains [id, array.concat(["Properties", "BucketEncryption", "ServerSideEncryptionConfiguration", i, "ServerSideEncryptionByDefault"], at), what] if {
	some id, r in input.resources_by_type["AWS::S3::Bucket"]
	some i, sse in items(lib.props(r).BucketEncryption.ServerSideEncryptionConfiguration)
	by_default := lib.value_at(sse, ["ServerSideEncryptionByDefault"])
	some [at, what] in s3_default_key(by_default)
}

# Each S3 gap names the setting that is wrong: the algorithm, or the
# missing or AWS-managed key.
s3_default_key(d) := {[["SSEAlgorithm"], "SSE-S3 (AES256)"]} if lib.value_in(d, ["SSEAlgorithm"], ["AES256"])

s3_default_key(d) := {[["KMSMasterKeyID"], "aws:kms without a customer-managed KMSMasterKeyID"]} if {
	lib.value_in(d, ["SSEAlgorithm"], ["aws:kms", "aws:kms:dsse"])
	lib.no_customer_key(d, ["KMSMasterKeyID"])
}

gaps contains [id, path, what] if {
	some id, r in input.resources_by_type["AWS::DynamoDB::Table"]
	some [path, what] in dynamodb_default_key(lib.props(r))
}

gaps contains [id, path, what] if {
	some id, r in input.resources_by_type["AWS::DynamoDB::GlobalTable"]
	some [path, what] in dynamodb_owned_key(lib.props(r))
	path != ["Properties", "SSESpecification", "KMSMasterKeyId"]
}

# A DynamoDB table uses an AWS-owned key unless SSEEnabled is true; each
# case is reported at the setting that says so.
dynamodb_default_key(p) := dynamodb_owned_key(p)

dynamodb_default_key(p) := {[["Properties", "SSESpecification", "KMSMasterKeyId"], "SSEEnabled without a customer-managed KMSMasterKeyId"]} if {
	lib.is_true(p.SSESpecification.SSEEnabled)
	lib.no_customer_key(p, ["SSESpecification", "KMSMasterKeyId"])
}

dynamodb_owned_key(p) := {[["Properties", "SSESpecification"], "no SSESpecification, AWS-owned key"]} if lib.value_at(p, ["SSESpecification"]) == null

dynamodb_owned_key(p) := {[["Properties", "SSESpecification", "SSEEnabled"], "SSESpecification without SSEEnabled, AWS-owned key"]} if {
	lib.value_at(p, ["SSESpecification"]) != null
	lib.value_at(p, ["SSESpecification", "SSEEnabled"]) == null
}

dynamodb_owned_key(p) := {[["Properties", "SSESpecification", "SSEEnabled"], "SSEEnabled is false, AWS-owned key"]} if lib.explicitly_false(p, ["SSESpecification", "SSEEnabled"])

gaps contains [id, ["Properties", "Replicas", i, "SSESpecification", "KMSMasterKeyId"], sprintf("replica %d has no customer-managed KMSMasterKeyId", [i])] if {
	some id, r in input.resources_by_type["AWS::DynamoDB::GlobalTable"]
	p := lib.props(r)
	lib.is_true(p.SSESpecification.SSEEnabled)
	some i, replica in items(p.Replicas)
	lib.no_customer_key(replica, ["SSESpecification", "KMSMasterKeyId"])
}

gaps contains [id, array.concat(["Properties", "EncryptionOptions"], at), what] if {
	some id, r in input.resources_by_type["AWS::AmazonMQ::Broker"]
	some [at, what] in mq_default_key(lib.props(r))
}

mq_default_key(p) := {[[], "no EncryptionOptions, AWS-owned key"]} if lib.value_at(p, ["EncryptionOptions"]) == null

mq_default_key(p) := {[["UseAwsOwnedKey"], "UseAwsOwnedKey is true"]} if lib.is_true(p.EncryptionOptions.UseAwsOwnedKey)

mq_default_key(p) := {[["KmsKeyId"], "no customer-managed KmsKeyId"]} if {
	lib.explicitly_false(p, ["EncryptionOptions", "UseAwsOwnedKey"])
	lib.no_customer_key(p, ["EncryptionOptions", "KmsKeyId"])
}

gaps contains [id, array.concat(["Properties", "EncryptionConfiguration"], at), what] if {
	some id, r in input.resources_by_type["AWS::ECR::Repository"]
	some [at, what] in ecr_default_key(lib.props(r))
}

ecr_default_key(p) := {[[], "no EncryptionConfiguration, AES256"]} if lib.value_at(p, ["EncryptionConfiguration"]) == null

ecr_default_key(p) := {[["EncryptionType"], "EncryptionType AES256"]} if lib.value_in(p, ["EncryptionConfiguration", "EncryptionType"], ["AES256"])

ecr_default_key(p) := {[["KmsKey"], "KMS without a customer-managed KmsKey"]} if {
	lib.value_in(p, ["EncryptionConfiguration", "EncryptionType"], ["KMS", "KMS_DSSE"])
	lib.no_customer_key(p, ["EncryptionConfiguration", "KmsKey"])
}

gaps contains [id, ["Properties", "KmsKeyArn"], "environment variables, no KmsKeyArn"] if {
	some id, r in input.resources_by_type["AWS::Lambda::Function"]
	p := lib.props(r)
	vars := lib.value_at(p, ["Environment", "Variables"])
	is_object(vars)
	count(vars) > 0
	lib.no_customer_key(p, ["KmsKeyArn"])
}

gaps contains [id, ["Properties", "EncryptionAtRestOptions", "KmsKeyId"], "no EncryptionAtRestOptions.KmsKeyId"] if {
	some type in ["AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"]
	some id, r in input.resources_by_type[type]
	p := lib.props(r)
	lib.is_true(p.EncryptionAtRestOptions.Enabled)
	lib.no_customer_key(p, ["EncryptionAtRestOptions", "KmsKeyId"])
}

items(v) := v if is_array(v)
