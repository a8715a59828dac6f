# METADATA
# title: EMR cluster has no security configuration
# description: |
#   An EMR cluster without a SecurityConfiguration runs with EMR's defaults:
#   no at-rest encryption of local disks and no TLS between nodes. A literal
#   name or a Ref to a configuration defined elsewhere counts as configured.
# custom:
#   id: ENC024
#   slug: emr-cluster-no-security-config
#   family: ENC
#   severity: medium
#   remediation: |
#     Create an AWS::EMR::SecurityConfiguration with at-rest and in-transit
#     encryption and reference it in the cluster's SecurityConfiguration.
#   resource_types: [AWS::EMR::Cluster]
#   aliases:
#     cfn_nag: [W63]
#     kics: [48af92a5-c89b-4936-bc62-1086fe2bab23]
package cfnvet.rules.enc024

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::EMR::Cluster"]
	p := lib.props(r)
	lib.missing(p, ["SecurityConfiguration"])
	f := lib.finding(id, ["Properties", "SecurityConfiguration"], sprintf("EMR cluster %s has no security configuration (no encryption settings)", [id]))
}
