# METADATA
# title: API Gateway custom domain allows TLS 1.0
# description: |
#   A custom domain with SecurityPolicy TLS_1_0 lets clients connect to the
#   API with TLS 1.0 and 1.1. For AWS::ApiGateway::DomainName an omitted
#   SecurityPolicy is reported too, since the REST API default has
#   historically been TLS_1_0 (to verify). API Gateway V2 domains are
#   reported only when TLS_1_0 is set explicitly. SAM domains are checked as
#   the domain resources SAM creates.
# custom:
#   id: ENC041
#   slug: apigateway-domain-tls10
#   family: ENC
#   severity: medium
#   remediation: |
#     Set SecurityPolicy: TLS_1_2.
#   resource_types: [AWS::ApiGateway::DomainName, AWS::ApiGatewayV2::DomainName]
#   aliases:
#     cfn_nag: [W62]
#     kics: [8275fab0-68ec-4705-bbf4-86975edb170e]
#     trivy: [AVD-AWS-0005, AVD-AWS-0112]
package cfnvet.rules.enc041

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::ApiGateway::DomainName"]
	p := lib.props(r)
	lib.value_at(p, ["SecurityPolicy"]) == null
	f := lib.finding(id, ["Properties", "SecurityPolicy"], sprintf("API Gateway domain %s does not set SecurityPolicy, so it may accept TLS 1.0", [id]))
}

deny contains f if {
	some [id, path] in tls10
	f := lib.finding(id, path, sprintf("API Gateway domain of %s accepts TLS 1.0 (SecurityPolicy TLS_1_0)", [id]))
}

tls10 contains [id, ["Properties", "SecurityPolicy"]] if {
	some id, r in input.resources_by_type["AWS::ApiGateway::DomainName"]
	lib.value_in(lib.props(r), ["SecurityPolicy"], ["TLS_1_0"])
}

tls10 contains [id, ["Properties", "DomainNameConfigurations", i, "SecurityPolicy"]] if {
	some id, r in input.resources_by_type["AWS::ApiGatewayV2::DomainName"]
	some i, c in items(lib.props(r).DomainNameConfigurations)
	lib.value_in(c, ["SecurityPolicy"], ["TLS_1_0"])
}

items(v) := v if is_array(v)
