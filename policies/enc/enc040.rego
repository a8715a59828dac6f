# METADATA
# title: CloudFront origin connection not HTTPS-only or allows old SSL/TLS
# description: |
#   CloudFront talks to custom origins over HTTP when OriginProtocolPolicy is
#   http-only, or whenever the viewer did with match-viewer, and it accepts
#   SSLv3, TLSv1 or TLSv1.1 to the origin when OriginSSLProtocols lists them.
#   Content and forwarded credentials then travel unprotected (or weakly)
#   between the edge and the origin. S3 origins are not affected.
# custom:
#   id: ENC040
#   slug: cloudfront-origin-not-https
#   family: ENC
#   severity: medium
#   remediation: |
#     Set CustomOriginConfig.OriginProtocolPolicy: https-only and
#     OriginSSLProtocols: [TLSv1.2].
#   resource_types: [AWS::CloudFront::Distribution]
#   aliases:
#     checkov: [CKV2_AWS_72]
#     kics: [a5366a50-932f-4085-896b-41402714a388, be96849c-3df6-49c2-bc16-778a7be2519c]
package cfnvet.rules.enc040

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::CloudFront::Distribution"]
	some i, origin in items(config(r).Origins)
	custom := lib.value_at(origin, ["CustomOriginConfig"])
	lib.value_in(custom, ["OriginProtocolPolicy"], ["http-only", "match-viewer"])
	f := lib.finding(id, ["Properties", "DistributionConfig", "Origins", i, "CustomOriginConfig", "OriginProtocolPolicy"], sprintf("CloudFront distribution %s can reach origin %s over HTTP (OriginProtocolPolicy %s)", [id, origin_id(origin), custom.OriginProtocolPolicy]))
}

deny contains f if {
	some id, r in input.resources_by_type["AWS::CloudFront::Distribution"]
	some i, origin in items(config(r).Origins)
	custom := lib.value_at(origin, ["CustomOriginConfig"])
	weak := [v | some v in items(custom.OriginSSLProtocols); is_string(v); lower(v) in {"sslv3", "tlsv1", "tlsv1.1"}]
	count(weak) > 0
	f := lib.finding(id, ["Properties", "DistributionConfig", "Origins", i, "CustomOriginConfig", "OriginSSLProtocols"], sprintf("CloudFront distribution %s allows %s to origin %s", [id, concat(", ", weak), origin_id(origin)]))
}

origin_id(origin) := origin.Id if is_string(origin.Id)

else := "(unnamed)"

items(v) := v if is_array(v)

config(r) := lib.value_at(lib.props(r), ["DistributionConfig"])
