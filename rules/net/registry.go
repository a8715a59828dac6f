package net

import "github.com/cfnvet/cfnvet/engine/rule"

// Rules returns the family's rules in id order.
func Rules() []*rule.Rule {
	return []*rule.Rule{
		IngressOpenToWorld, AdminPortsOpenToWorld, AllTrafficFromWorld, SensitivePortOpenToWorld,
		IngressAllProtocols, EgressOpenToWorld, EgressAllProtocols, NoExplicitEgress, IngressBroaderThanHost,
		PortRange, RuleWithoutDescription, NACLAllowsEverything, NACLAdminFromWorld, RDSPublic, DMSPublic,
		RedshiftPublic, MQPublic, MSKPublic, EKSEndpointPublic, EKSNodegroupSSHFromWorld, SubnetPublicIP,
		PublicIPRequested, SearchDomainPublic, TransferPublicEndpoint,
	}
}
