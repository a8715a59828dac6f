# METADATA
# title: ELBv2 (ALB/NLB) access logging disabled
# description: |
#   An Application or Network Load Balancer without access logs keeps no
#   record of who connected and what they requested. Access logging is
#   off unless the attribute access_logs.s3.enabled is true. Gateway
#   Load Balancers have no access logs and are exempt; an attribute list
#   or value that cannot be resolved is not reported.
# custom:
#   id: LOG005
#   slug: elbv2-access-logging-disabled
#   family: LOG
#   severity: medium
#   sets: [logging]
#   remediation: |
#     Add the LoadBalancerAttributes entries access_logs.s3.enabled =
#     "true" and access_logs.s3.bucket = <log bucket> (with a bucket
#     policy that lets the regional ELB account write).
#   resource_types: [AWS::ElasticLoadBalancingV2::LoadBalancer]
#   aliases:
#     cfn_nag: [W52]
#     checkov: [CKV_AWS_91]
#     kics: [c62e8b7d-1fdf-4050-ac4c-76ba9e1d9621]
package cfnvet.rules.log005

import data.cfnvet.lib

key := "access_logs.s3.enabled"

deny contains f if {
	some id, lb in input.resources_by_type["AWS::ElasticLoadBalancingV2::LoadBalancer"]
	props := lib.props(lb)
	has_access_logs(props)
	attrs := attributes(props)
	lib.fully_known(attrs)
	not may_log(attrs)
	f := lib.finding(id, path(attrs), sprintf("load balancer %s has access logging turned off (attribute %s is not true)", [id, key]))
}

has_access_logs(props) if lib.absent(props, "Type")

has_access_logs(props) if lib.equals_ci(props.Type, "application")

has_access_logs(props) if lib.equals_ci(props.Type, "network")

attributes(props) := props.LoadBalancerAttributes if lib.has_key(props, "LoadBalancerAttributes")

attributes(props) := [] if lib.absent(props, "LoadBalancerAttributes")

may_log(attrs) if {
	some a in attrs
	not lib.known(a.Key)
}

may_log(attrs) if {
	some a in attrs
	a.Key == key
	not lib.known(a.Value)
}

may_log(attrs) if {
	some a in attrs
	a.Key == key
	lib.is_true(a.Value)
}

path(attrs) := ["Properties", "LoadBalancerAttributes", indices[0], "Value"] if {
	indices := [i | some i, a in attrs; a.Key == key]
	count(indices) > 0
} else := ["Properties", "LoadBalancerAttributes"]
