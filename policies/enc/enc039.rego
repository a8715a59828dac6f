# METADATA
# title: CloudFront minimum viewer TLS version below 1.2
# description: |
#   Viewers can negotiate old TLS versions with a distribution whose
#   MinimumProtocolVersion is below TLSv1.2 (TLSv1, TLSv1_2016, TLSv1.1_2016,
#   SSLv3), or that uses the default *.cloudfront.net certificate, which
#   always allows TLSv1. A distribution with no Aliases can only be served on
#   the cloudfront.net name and cannot raise the minimum, so it is reported
#   at low severity. TLSv1.2_* and TLSv1.3_* pass.
# custom:
#   id: ENC039
#   slug: cloudfront-min-tls-below-12
#   family: ENC
#   severity: medium
#   remediation: |
#     Attach an ACM certificate (ViewerCertificate.AcmCertificateArn with
#     SslSupportMethod sni-only) and set MinimumProtocolVersion to
#     TLSv1.2_2021 or later.
#   resource_types: [AWS::CloudFront::Distribution]
#   aliases:
#     cfn_nag: [W70]
#     checkov: [CKV_AWS_174]
#     kics: [dc17ee4b-ddf2-4e23-96e8-7a36abad1303, b4d9c12b-bfba-4aeb-9cb8-2358546d8041]
#     trivy: [AVD-AWS-0013]
package cfnvet.rules.enc039

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::CloudFront::Distribution"]
	c := config(r)
	default_certificate(c)
	f := lib.finding_severity(id, ["Properties", "DistributionConfig", "ViewerCertificate"], sprintf("CloudFront distribution %s uses the default cloudfront.net certificate, which allows TLSv1", [id]), severity(c))
}

deny contains f if {
	some id, r in input.resources_by_type["AWS::CloudFront::Distribution"]
	c := config(r)
	not default_certificate(c)
	cert := lib.value_at(c, ["ViewerCertificate"])
	is_object(cert)
	version := weak_version(cert)
	f := lib.finding(id, ["Properties", "DistributionConfig", "ViewerCertificate", "MinimumProtocolVersion"], sprintf("CloudFront distribution %s allows viewer TLS below 1.2 (MinimumProtocolVersion %s)", [id, version]))
}

default_certificate(c) if lib.value_at(c, ["ViewerCertificate"]) == null

default_certificate(c) if lib.is_true(c.ViewerCertificate.CloudFrontDefaultCertificate)

weak_version(cert) := "not set, defaults to TLSv1" if lib.value_at(cert, ["MinimumProtocolVersion"]) == null

weak_version(cert) := v if {
	v := lib.value_at(cert, ["MinimumProtocolVersion"])
	is_string(v)
	not regex.match(`^tlsv1\.[23]_`, lower(v))
}

severity(c) := "low" if lib.missing(c, ["Aliases"])

else := "medium"

config(r) := lib.value_at(lib.props(r), ["DistributionConfig"])
