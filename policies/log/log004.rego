# METADATA
# title: Classic ELB access logging disabled
# description: |
#   A Classic Load Balancer without access logs keeps no record of
#   client addresses, request paths or backend responses, which are
#   needed to investigate attacks on the service behind it. Enabled
#   accepts the boolean and the strings "true"/"false".
# custom:
#   id: LOG004
#   slug: elb-access-logging-disabled
#   family: LOG
#   severity: medium
#   sets: [logging]
#   remediation: |
#     Add AccessLoggingPolicy with Enabled: true, an S3BucketName and
#     an EmitInterval.
#   resource_types: [AWS::ElasticLoadBalancing::LoadBalancer]
#   aliases:
#     cfn_nag: [W26]
#     checkov: [CKV_AWS_92]
#     kics: [ee12ad32-2863-4c0f-b13f-28272d115028]
package cfnvet.rules.log004

import data.cfnvet.lib

deny contains f if {
	some id, lb in input.resources_by_type["AWS::ElasticLoadBalancing::LoadBalancer"]
	props := lib.props(lb)
	lib.absent(props, "AccessLoggingPolicy")
	f := lib.finding(id, ["Properties", "AccessLoggingPolicy"], sprintf("load balancer %s has no access logging (AccessLoggingPolicy is not set)", [id]))
}

deny contains f if {
	some id, lb in input.resources_by_type["AWS::ElasticLoadBalancing::LoadBalancer"]
	policy := lib.props(lb).AccessLoggingPolicy
	lib.off(policy, "Enabled")
	f := lib.finding(id, ["Properties", "AccessLoggingPolicy", "Enabled"], sprintf("load balancer %s has access logging turned off (AccessLoggingPolicy.Enabled is not true)", [id]))
}
