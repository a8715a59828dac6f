# METADATA
# title: Classic ELB listener without TLS or with an insecure policy
# description: |
#   A Classic Load Balancer listener that accepts HTTP or TCP serves traffic
#   in clear text, and an HTTPS/SSL listener whose negotiation policy still
#   enables SSLv3, TLS 1.0/1.1 or weak ciphers (RC4, DES, 3DES, export or
#   NULL suites), or references a predefined policy older than
#   ELBSecurityPolicy-TLS-1-2-2017-01, allows broken protocols. Listener
#   policies are resolved through the load balancer's Policies by name, or
#   read as the predefined policy they name (ELBSecurityPolicy-*). An
#   HTTPS/SSL listener none of whose PolicyNames is an SSL negotiation
#   policy (no PolicyNames, or only its own stickiness and other policies) gets
#   ELBSecurityPolicy-2016-08, which allows TLS 1.0 and 1.1, and is
#   reported like an ELBv2 listener without SslPolicy (ENC036): the same
#   insecure-policy finding, on the other load balancer generation, unless
#   an SSL negotiation policy lists the listener's port in its
#   LoadBalancerPorts (which may attach it without PolicyNames). A
#   listener whose policy names or Policies cannot be resolved, that
#   names a policy the load balancer does not define, or whose named
#   policy has an unknown type, is not judged.
# custom:
#   id: ENC037
#   slug: classic-elb-insecure-listener
#   family: ENC
#   severity: medium
#   remediation: |
#     Terminate clients on HTTPS or SSL listeners and attach an
#     SSLNegotiationPolicyType policy whose Reference-Security-Policy is
#     ELBSecurityPolicy-TLS-1-2-2017-01, or migrate to an Application or
#     Network Load Balancer.
#   resource_types: [AWS::ElasticLoadBalancing::LoadBalancer]
#   aliases:
#     kics: [80908a75-586b-4c61-ab04-490f4f4525b8, 61a94903-3cd3-4780-88ec-fc918819b9c8, 809f77f8-d10e-4842-a84f-3be7b6ff1190]
package cfnvet.rules.enc037

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::ElasticLoadBalancing::LoadBalancer"]
	some i, l in items(lib.props(r).Listeners)
	lib.value_in(l, ["Protocol"], ["HTTP", "TCP"])
	f := lib.finding(id, ["Properties", "Listeners", i, "Protocol"], sprintf("classic load balancer %s listener on port %v accepts unencrypted %s", [id, l.LoadBalancerPort, upper(l.Protocol)]))
}

deny contains f if {
	some id, r in input.resources_by_type["AWS::ElasticLoadBalancing::LoadBalancer"]
	p := lib.props(r)
	some i, l in items(p.Listeners)
	lib.value_in(l, ["Protocol"], ["HTTPS", "SSL"])
	some name in items(l.PolicyNames)
	some policy in items(p.Policies)
	policy.PolicyName == name
	some problem in weaknesses(policy)
	f := lib.finding(id, ["Properties", "Listeners", i, "PolicyNames"], sprintf("classic load balancer %s listener on port %v uses policy %s, which %s", [id, l.LoadBalancerPort, name, problem]))
}

deny contains f if {
	some id, r in input.resources_by_type["AWS::ElasticLoadBalancing::LoadBalancer"]
	p := lib.props(r)
	some i, l in items(p.Listeners)
	lib.value_in(l, ["Protocol"], ["HTTPS", "SSL"])
	names := policy_names(l)
	every name in names {
		not_negotiation(p, name)
	}
	not may_apply_by_port(p, l)
	f := lib.finding(id, ["Properties", "Listeners", i, "PolicyNames"], sprintf("classic load balancer %s listener on port %v has no SSL negotiation policy, so it gets ELBSecurityPolicy-2016-08, which allows TLS 1.0 and 1.1", [id, l.LoadBalancerPort]))
}

# A listener that names a predefined weak policy directly.
deny contains f if {
	some id, r in input.resources_by_type["AWS::ElasticLoadBalancing::LoadBalancer"]
	p := lib.props(r)
	some i, l in items(p.Listeners)
	lib.value_in(l, ["Protocol"], ["HTTPS", "SSL"])
	some name in items(l.PolicyNames)
	not defined_policy(p, name)
	predefined(name)
	not modern_predefined(name)
	f := lib.finding(id, ["Properties", "Listeners", i, "PolicyNames"], sprintf("classic load balancer %s listener on port %v uses predefined policy %s, which allows TLS below 1.2", [id, l.LoadBalancerPort, name]))
}

# policy_names is a listener's PolicyNames when it and every entry are
# known strings ([] when absent); undefined otherwise.
policy_names(l) := [] if lib.absent(l, "PolicyNames")

policy_names(l) := l.PolicyNames if {
	is_array(l.PolicyNames)
	every n in l.PolicyNames {
		is_string(n)
	}
}

# not_negotiation holds when name is a Policies entry of a known type other
# than SSLNegotiationPolicyType (a stickiness or backend policy). A name
# the load balancer does not define is not judged.
not_negotiation(p, name) if {
	some policy in items(p.Policies)
	policy.PolicyName == name
	is_string(policy.PolicyType)
	policy.PolicyType != "SSLNegotiationPolicyType"
}

# may_apply_by_port holds when a Policies entry that is or may be an SSL
# negotiation policy lists, or may list, the listener's port in its
# LoadBalancerPorts: the policy may reach the listener that way rather than
# through PolicyNames, so the listener is not known to get the default.
may_apply_by_port(p, l) if {
	some policy in items(p.Policies)
	not other_policy_type(policy)
	lib.has_key(policy, "LoadBalancerPorts")
	not port_not_listed(policy.LoadBalancerPorts, l.LoadBalancerPort)
}

may_apply_by_port(p, _) if lib.is_unknown(p.Policies)

may_apply_by_port(p, _) if {
	some policy in items(p.Policies)
	lib.is_unknown(policy)
}

other_policy_type(policy) if {
	is_string(policy.PolicyType)
	policy.PolicyType != "SSLNegotiationPolicyType"
}

# port_not_listed holds when ports and port are known and port is not
# among them (ports may be written as strings or numbers).
port_not_listed(ports, port) if {
	is_array(ports)
	lib.known(port)
	every listed in ports {
		lib.known(listed)
		sprintf("%v", [listed]) != sprintf("%v", [port])
	}
}

defined_policy(p, name) if {
	some policy in items(p.Policies)
	policy.PolicyName == name
}

defined_policy(p, _) if not policies_known(p)

policies_known(p) if lib.absent(p, "Policies")

policies_known(p) if {
	is_array(p.Policies)
	every policy in p.Policies {
		is_object(policy)
		lib.known(policy)
		is_string(policy.PolicyName)
	}
}

predefined(name) if startswith(lower(name), "elbsecuritypolicy-")

modern_predefined(name) if startswith(lower(name), "elbsecuritypolicy-tls-1-2-")

weak_protocols := {"protocol-sslv2", "protocol-sslv3", "protocol-tlsv1", "protocol-tlsv1.1"}

weak_cipher := `(^|-)(rc4|des|3des|exp|null|anull|enull|md5)(-|$)|des-cbc3`

weaknesses(policy) := {w |
	some a in items(policy.Attributes)
	w := weakness(a)
}

weakness(a) := sprintf("enables %s", [a.Name]) if {
	is_string(a.Name)
	lower(a.Name) in weak_protocols
	lib.is_true(a.Value)
}

weakness(a) := sprintf("enables weak cipher %s", [a.Name]) if {
	is_string(a.Name)
	regex.match(weak_cipher, lower(a.Name))
	lib.is_true(a.Value)
}

weakness(a) := sprintf("references %s, which allows TLS below 1.2", [a.Value]) if {
	is_string(a.Name)
	lower(a.Name) == "reference-security-policy"
	is_string(a.Value)
	not startswith(lower(a.Value), "elbsecuritypolicy-tls-1-2-")
}

items(v) := v if is_array(v)
