# METADATA
# title: Glue encryption not configured
# description: |
#   Glue writes job output, CloudWatch logs and job bookmarks, and keeps the
#   Data Catalog (including connection passwords). It encrypts them with
#   your KMS keys only when a security configuration or the catalog
#   encryption settings say so; otherwise S3 output gets only the target
#   bucket's default encryption, logs only CloudWatch Logs' own, and the
#   catalog and bookmarks none of Glue's. Security configurations with a mode absent or DISABLED, catalog settings
#   that leave the catalog or connection passwords unencrypted, and jobs,
#   crawlers and development endpoints without a security configuration are
#   reported.
# custom:
#   id: ENC033
#   slug: glue-encryption-missing
#   family: ENC
#   severity: medium
#   remediation: |
#     Give every Glue job, crawler and dev endpoint a SecurityConfiguration
#     whose S3, CloudWatch and job-bookmark encryption modes are enabled, and
#     set DataCatalogEncryptionSettings with CatalogEncryptionMode SSE-KMS
#     and ReturnConnectionPasswordEncrypted true.
#   resource_types: [AWS::Glue::SecurityConfiguration, AWS::Glue::DataCatalogEncryptionSettings, AWS::Glue::Job, AWS::Glue::Crawler, AWS::Glue::DevEndpoint]
#   aliases:
#     checkov: [CKV_AWS_94, CKV_AWS_99, CKV_AWS_195]
package cfnvet.rules.enc033

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::Glue::SecurityConfiguration"]
	enc := lib.value_at(lib.props(r), ["EncryptionConfiguration"])
	some [path, what] in security_config_gaps(enc)
	f := lib.finding(id, array.concat(["Properties", "EncryptionConfiguration"], path), sprintf("Glue security configuration %s sets no encryption for %s", [id, what]))
}

security_config_gaps(enc) := {[[], "S3 data, CloudWatch logs or job bookmarks (no EncryptionConfiguration)"]} if enc == null

else := {[path, what] |
	some [path, what] in [
		[["CloudWatchEncryption", "CloudWatchEncryptionMode"], "CloudWatch logs (CloudWatch Logs' default encryption still applies)"],
		[["JobBookmarksEncryption", "JobBookmarksEncryptionMode"], "job bookmarks"],
	]
	mode_off(enc, path)
} | s3_gaps(enc)

# Glue writes S3 data unencrypted by itself; the bucket's default
# encryption (SSE-S3 since January 2023) still applies.
s3_data := "S3 data (only the target bucket's default encryption applies)"

s3_gaps(enc) := {[["S3Encryptions"], s3_data]} if lib.value_at(enc, ["S3Encryptions"]) == null

else := {[["S3Encryptions", i, "S3EncryptionMode"], s3_data] |
	some i, s3 in lib.as_list(enc.S3Encryptions)
	mode_off(s3, ["S3EncryptionMode"])
}

mode_off(obj, path) if lib.value_at(obj, path) == null

mode_off(obj, path) if lib.value_in(obj, path, ["DISABLED"])

deny contains f if {
	some id, r in input.resources_by_type["AWS::Glue::DataCatalogEncryptionSettings"]
	settings := lib.value_at(lib.props(r), ["DataCatalogEncryptionSettings"])
	mode_off(settings, ["EncryptionAtRest", "CatalogEncryptionMode"])
	f := lib.finding(id, ["Properties", "DataCatalogEncryptionSettings", "EncryptionAtRest", "CatalogEncryptionMode"], sprintf("Glue Data Catalog encryption settings %s leave the catalog's encryption at rest disabled (CatalogEncryptionMode is not SSE-KMS)", [id]))
}

deny contains f if {
	some id, r in input.resources_by_type["AWS::Glue::DataCatalogEncryptionSettings"]
	settings := lib.value_at(lib.props(r), ["DataCatalogEncryptionSettings"])
	lib.not_on(settings, ["ConnectionPasswordEncryption", "ReturnConnectionPasswordEncrypted"])
	f := lib.finding(id, ["Properties", "DataCatalogEncryptionSettings", "ConnectionPasswordEncryption", "ReturnConnectionPasswordEncrypted"], sprintf("Glue Data Catalog encryption settings %s return connection passwords unencrypted (ReturnConnectionPasswordEncrypted is not true)", [id]))
}

config_props := {
	"AWS::Glue::Job": "SecurityConfiguration",
	"AWS::Glue::DevEndpoint": "SecurityConfiguration",
	"AWS::Glue::Crawler": "CrawlerSecurityConfiguration",
}

deny contains f if {
	some type, key in config_props
	some id, r in input.resources_by_type[type]
	lib.missing(lib.props(r), [key])
	f := lib.finding(id, ["Properties", key], sprintf("%s %s has no security configuration (%s): Glue sets no encryption for what it writes, which gets only its destinations' default encryption", [trim_prefix(type, "AWS::"), id, key]))
}
