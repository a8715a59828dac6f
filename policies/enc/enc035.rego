# METADATA
# title: ELBv2 listener serves plaintext HTTP without redirecting to HTTPS
# description: |
#   An HTTP listener on an Application Load Balancer serves requests, cookies
#   and credentials in clear text. A listener whose default action redirects
#   to HTTPS is the standard way to upgrade clients and is not reported.
#   Listener rules are not considered.
# custom:
#   id: ENC035
#   slug: elbv2-http-listener
#   family: ENC
#   severity: medium
#   remediation: |
#     Serve the application on an HTTPS listener and make the HTTP listener's
#     default action a redirect with RedirectConfig.Protocol HTTPS.
#   resource_types: [AWS::ElasticLoadBalancingV2::Listener]
#   aliases:
#     cfn_nag: [W56]
#     checkov: [CKV_AWS_2]
#     kics: [275a3217-ca37-40c1-a6cf-bb57d245ab32]
#     trivy: [AVD-AWS-0054]
package cfnvet.rules.enc035

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::ElasticLoadBalancingV2::Listener"]
	p := lib.props(r)
	lib.value_in(p, ["Protocol"], ["HTTP"])
	actions := lib.value_at(p, ["DefaultActions"])
	not redirects_to_https(actions)
	f := lib.finding(id, ["Properties", "Protocol"], sprintf("load balancer listener %s serves plain HTTP without redirecting to HTTPS", [id]))
}

redirects_to_https(actions) if {
	some action in lib.as_list(actions)
	lib.is_unknown(action)
}

redirects_to_https(actions) if {
	some action in lib.as_list(actions)
	lib.opaque_along(action, ["Type"])
}

redirects_to_https(actions) if {
	some action in lib.as_list(actions)
	lib.value_in(action, ["Type"], ["redirect"])
	https_target(action)
}

https_target(action) if lib.value_in(action, ["RedirectConfig", "Protocol"], ["HTTPS"])

https_target(action) if lib.opaque_along(action, ["RedirectConfig", "Protocol"])
