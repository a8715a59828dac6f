# METADATA
# title: CloudFront distribution access logging not configured
# description: |
#   Without access logs a CloudFront distribution leaves no record of
#   the requests it served, which hides scraping, credential stuffing
#   and data exfiltration through the edge. Logging counts as configured
#   when DistributionConfig.Logging names a bucket, or when an
#   AWS::Logs::DeliverySource (standard logging v2) in the template may
#   point at the distribution; a delivery source whose ResourceArn
#   cannot be resolved is given the benefit of the doubt. A Logging.Bucket
#   that is not an S3 bucket domain name (a literal bucket name or ARN, a
#   Ref to a bucket, a GetAtt of a bucket's Arn) is reported: CloudFront
#   takes only bucket.s3.amazonaws.com-style names (GetAtt DomainName or
#   RegionalDomainName). A value that cannot be resolved is not judged.
# custom:
#   id: LOG003
#   slug: cloudfront-access-logging-disabled
#   family: LOG
#   severity: medium
#   sets: [logging]
#   remediation: |
#     Set DistributionConfig.Logging.Bucket to a log bucket's regional
#     domain name, or add an AWS::Logs::DeliverySource with LogType
#     ACCESS_LOGS for the distribution and a delivery to a
#     destination.
#   resource_types: [AWS::CloudFront::Distribution, AWS::Logs::DeliverySource]
#   aliases:
#     cfn_nag: [W10]
#     checkov: [CKV_AWS_86]
#     kics: [de77cd9f-0e8b-46cc-b4a4-b6b436838642]
#     trivy: [AVD-AWS-0010]
package cfnvet.rules.log003

import data.cfnvet.lib

deny contains f if {
	some id, dist in input.resources_by_type["AWS::CloudFront::Distribution"]
	dc := lib.props(dist).DistributionConfig
	is_object(dc)
	lib.known(dc)
	some path in missing(dc)
	not delivery_source_for(id)
	f := lib.finding(id, path, sprintf("distribution %s has no access logging (DistributionConfig.Logging.Bucket is not set and no log delivery source points at it)", [id]))
}

# A Logging.Bucket that is not an S3 bucket domain name (a bucket name,
# an ARN) is rejected by CloudFront: the distribution keeps no logs, or
# the stack fails. Unknown values count only when they are a Ref or a
# GetAtt other than a domain-name attribute of a bucket of the template.
deny contains f if {
	some id, dist in input.resources_by_type["AWS::CloudFront::Distribution"]
	bucket := lib.props(dist).DistributionConfig.Logging.Bucket
	problem := not_domain_name(bucket)
	f := lib.finding(id, ["Properties", "DistributionConfig", "Logging", "Bucket"], sprintf("distribution %s logs to %s, which is not an S3 bucket domain name (bucket.s3.amazonaws.com), so CloudFront cannot deliver its access logs", [id, problem]))
}

bucket_domain := `\.s3([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?\.?$`

not_domain_name(v) := sprintf("%q", [v]) if {
	is_string(v)
	trim_space(v) != ""
	not regex.match(bucket_domain, lower(trim_space(v)))
}

not_domain_name(v) := sprintf("bucket %s (Ref gives its name)", [v.ref]) if {
	v["$unknown"] == "Ref"
	input.resources[v.ref].Type == "AWS::S3::Bucket"
}

not_domain_name(v) := sprintf("%s.%s", [v.ref, v.attr]) if {
	v["$unknown"] == "Fn::GetAtt"
	input.resources[v.ref].Type == "AWS::S3::Bucket"
	not v.attr in {"DomainName", "RegionalDomainName", "DualStackDomainName"}
}

missing(dc) := {["Properties", "DistributionConfig", "Logging"]} if lib.absent(dc, "Logging")

missing(dc) := {["Properties", "DistributionConfig", "Logging", "Bucket"]} if {
	is_object(dc.Logging)
	lib.blank(dc.Logging, "Bucket")
}

# The delivery sources are read once: the distributions they name by Ref or
# GetAtt, and whether one of them may name any distribution (unreadable
# properties, or an opaque ResourceArn). Each distribution is then a lookup.
delivery_source_for(_) if some_source_may_name_any

delivery_source_for(id) if named_by_sources[id]

some_source_may_name_any if {
	some _, src in input.resources_by_type["AWS::Logs::DeliverySource"]
	not lib.props(src)
}

some_source_may_name_any if {
	some props in access_log_sources
	lib.is_unknown(props.ResourceArn)
	not lib.names_resource(props.ResourceArn) # opaque, or a parameter: may name it
}

named_by_sources := {props.ResourceArn.ref | some props in access_log_sources}

access_log_sources := [props |
	some _, src in input.resources_by_type["AWS::Logs::DeliverySource"]
	props := lib.props(src)
	access_logs(props.LogType)
]

access_logs(t) if t == "ACCESS_LOGS"

access_logs(t) if lib.is_unknown(t)
