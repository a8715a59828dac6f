# METADATA
# title: VPC has no flow log
# description: |
#   VPC flow logs are the only record of which addresses talked to which
#   inside a VPC; without them lateral movement and exfiltration cannot
#   be reconstructed. A VPC counts as covered when an AWS::EC2::FlowLog
#   with ResourceType VPC points at it by Ref or GetAtt (or by a value
#   that cannot be resolved). Flow logs on subnets or network interfaces
#   only do not count, and neither do flow logs on a VPC the template does
#   not create: a literal vpc-… id, an Fn::ImportValue or an
#   AWS::EC2::VPC::Id parameter.
# custom:
#   id: LOG007
#   slug: vpc-flow-logs-disabled
#   family: LOG
#   severity: medium
#   sets: [logging]
#   remediation: |
#     Add an AWS::EC2::FlowLog with ResourceType: VPC, ResourceId:
#     !Ref <VPC>, TrafficType: ALL and a CloudWatch Logs or S3
#     destination.
#   resource_types: [AWS::EC2::VPC, AWS::EC2::FlowLog]
#   aliases:
#     cfn_nag: [W60]
#     kics: [f6d299d2-21eb-41cc-b1e1-fe12d857500b]
#     trivy: [AVD-AWS-0178]
package cfnvet.rules.log007

import data.cfnvet.lib

deny contains f if {
	some id, _ in input.resources_by_type["AWS::EC2::VPC"]
	not flow_logged(id)
	f := lib.finding(id, [], sprintf("VPC %s has no flow log (no AWS::EC2::FlowLog with ResourceType VPC points at it)", [id]))
}

# The flow logs are read once: the VPCs they name by Ref or GetAtt, and
# whether one of them may point at any VPC (unreadable properties, or an
# opaque ResourceId). Each VPC is then a lookup.
flow_logged(_) if some_flow_log_may_target_any

flow_logged(id) if flow_logged_vpcs[id]

some_flow_log_may_target_any if {
	some _, fl in input.resources_by_type["AWS::EC2::FlowLog"]
	lib.is_unknown(fl.Properties)
}

some_flow_log_may_target_any if {
	some props in vpc_flow_logs
	lib.is_unknown(props.ResourceId)
	not lib.names_resource(props.ResourceId) # opaque, or a parameter: may name it
	not existing_vpc(props.ResourceId)
}

flow_logged_vpcs := {props.ResourceId.ref | some props in vpc_flow_logs}

vpc_flow_logs := [props |
	some _, fl in input.resources_by_type["AWS::EC2::FlowLog"]
	props := lib.props(fl)
	vpc_type(props.ResourceType)
]

vpc_type(t) if t == "VPC"

vpc_type(t) if lib.is_unknown(t)

# existing_vpc holds for a ResourceId that names a VPC created outside
# this stack: an import (a stack cannot import its own exports) or an
# AWS::EC2::VPC::Id parameter, whose value must exist before the stack.
existing_vpc(v) if v["$unknown"] == "Fn::ImportValue"

existing_vpc(v) if input.parameter_types[v.ref] == "AWS::EC2::VPC::Id"
