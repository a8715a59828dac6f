# METADATA
# title: EKS control plane logging not enabled
# description: |
#   The EKS control plane logs record every Kubernetes API call (api),
#   who made it (audit) and how they authenticated (authenticator).
#   Without them a compromised cluster credential leaves no trail. All
#   three types must be enabled; an EnabledTypes list with an entry that
#   cannot be resolved is not reported.
# custom:
#   id: LOG020
#   slug: eks-control-plane-logging-disabled
#   family: LOG
#   severity: medium
#   sets: [logging]
#   remediation: |
#     Set Logging.ClusterLogging.EnabledTypes to include api, audit
#     and authenticator (controllerManager and scheduler are useful
#     too).
#   resource_types: [AWS::EKS::Cluster]
#   aliases:
#     trivy: [AVD-AWS-0038]
package cfnvet.rules.log020

import data.cfnvet.lib

wanted := {"api", "audit", "authenticator"}

deny contains f if {
	some id, cluster in input.resources_by_type["AWS::EKS::Cluster"]
	props := lib.props(cluster)
	types := enabled_types(props) # undefined when an entry cannot be resolved
	missing := lib.lacks_any(types, wanted)
	count(missing) > 0
	f := lib.finding(id, ["Properties", "Logging", "ClusterLogging", "EnabledTypes"], sprintf("EKS cluster %s does not log %s control plane events (Logging.ClusterLogging.EnabledTypes)", [id, concat(", ", sort(missing))]))
}

enabled_types(props) := [] if lib.absent(props, "Logging")

enabled_types(props) := [] if lib.absent(props.Logging, "ClusterLogging")

enabled_types(props) := [] if lib.absent(props.Logging.ClusterLogging, "EnabledTypes")

enabled_types(props) := [t.Type | some t in entries] if {
	entries := props.Logging.ClusterLogging.EnabledTypes
	lib.fully_known(entries)
	every t in entries {
		is_object(t)
		lib.known(t.Type)
	}
}
