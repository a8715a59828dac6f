# METADATA
# title: OpenSearch/Elasticsearch endpoint does not enforce HTTPS with TLS 1.2
# description: |
#   A search domain endpoint that accepts plain HTTP, or TLS 1.0/1.1, lets
#   queries and credentials cross the network readably or with broken
#   protocols. EnforceHTTPS must be true and TLSSecurityPolicy must be a TLS
#   1.2 (or later) policy; when TLSSecurityPolicy is omitted the domain gets
#   Policy-Min-TLS-1-0-2019-07.
# custom:
#   id: ENC021
#   slug: opensearch-https-tls12-not-enforced
#   family: ENC
#   severity: medium
#   remediation: |
#     Set DomainEndpointOptions.EnforceHTTPS: true and TLSSecurityPolicy:
#     Policy-Min-TLS-1-2-PFS-2023-10 (or Policy-Min-TLS-1-2-2019-07).
#   resource_types: [AWS::OpenSearchService::Domain, AWS::Elasticsearch::Domain]
#   aliases:
#     checkov: [CKV_AWS_83]
#     kics: [4cdc88e6-c0c8-4081-a639-bb3a557cbedf]
#     trivy: [AVD-AWS-0046, AVD-AWS-0126]
package cfnvet.rules.enc021

import data.cfnvet.lib

deny contains f if {
	some id, p in domains
	lib.not_on(p, ["DomainEndpointOptions", "EnforceHTTPS"])
	f := lib.finding(id, ["Properties", "DomainEndpointOptions", "EnforceHTTPS"], sprintf("search domain %s does not enforce HTTPS (DomainEndpointOptions.EnforceHTTPS is not true)", [id]))
}

deny contains f if {
	some id, p in domains
	not lib.not_on(p, ["DomainEndpointOptions", "EnforceHTTPS"])
	weak_policy(p)
	f := lib.finding(id, ["Properties", "DomainEndpointOptions", "TLSSecurityPolicy"], sprintf("search domain %s allows TLS below 1.2 (TLSSecurityPolicy %s)", [id, policy_name(p)]))
}

domains[id] := p if {
	some type in ["AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"]
	some id, r in input.resources_by_type[type]
	p := lib.props(r)
}

weak_policy(p) if lib.value_at(p, ["DomainEndpointOptions", "TLSSecurityPolicy"]) == null

weak_policy(p) if lib.value_in(p, ["DomainEndpointOptions", "TLSSecurityPolicy"], ["Policy-Min-TLS-1-0-2019-07"])

policy_name(p) := v if {
	v := p.DomainEndpointOptions.TLSSecurityPolicy
	is_string(v)
} else := "not set, defaults to Policy-Min-TLS-1-0-2019-07"
