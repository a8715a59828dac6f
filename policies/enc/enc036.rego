# METADATA
# title: ELBv2 HTTPS/TLS listener uses a policy allowing TLS < 1.2
# description: |
#   An HTTPS or TLS listener whose security policy still negotiates TLS 1.0
#   or 1.1 lets clients (or an attacker forcing a downgrade) use protocols
#   with known weaknesses. Policies pass when they allow only TLS 1.2 and
#   later: ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -TLS-1-2-* (including
#   -Ext), -FS-1-2-*. The TLS13-1-0 and TLS13-1-1 policies still accept old
#   versions and are reported. A listener without SslPolicy gets
#   ELBSecurityPolicy-2016-08, which allows TLS 1.0.
# custom:
#   id: ENC036
#   slug: elbv2-weak-tls-policy
#   family: ENC
#   severity: medium
#   remediation: |
#     Set SslPolicy to ELBSecurityPolicy-TLS13-1-2-2021-06 (or another TLS
#     1.2+ policy).
#   resource_types: [AWS::ElasticLoadBalancingV2::Listener]
#   aliases:
#     cfn_nag: [W55]
#     checkov: [CKV_AWS_103]
#     trivy: [AVD-AWS-0047]
package cfnvet.rules.enc036

import data.cfnvet.lib

strong := `^elbsecuritypolicy-(tls13-1-[23]|tls-1-2|fs-1-2)-`

deny contains f if {
	some id, r in input.resources_by_type["AWS::ElasticLoadBalancingV2::Listener"]
	p := lib.props(r)
	lib.value_in(p, ["Protocol"], ["HTTPS", "TLS"])
	name := weak_policy(p)
	f := lib.finding(id, ["Properties", "SslPolicy"], sprintf("listener %s allows TLS below 1.2 (SslPolicy %s)", [id, name]))
}

weak_policy(p) := "not set, defaults to ELBSecurityPolicy-2016-08" if lib.value_at(p, ["SslPolicy"]) == null

weak_policy(p) := v if {
	v := lib.value_at(p, ["SslPolicy"])
	is_string(v)
	not regex.match(strong, lower(v))
}
