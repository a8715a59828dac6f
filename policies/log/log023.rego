# METADATA
# title: Route 53 public hosted zone has no query logging
# description: |
#   Query logs of a public hosted zone show who resolves which names,
#   which helps spot reconnaissance, subdomain takeover probes and DNS-
#   based exfiltration. Private zones (those with VPCs) use Resolver
#   query logging instead and are exempt.
# custom:
#   id: LOG023
#   slug: route53-query-logging-disabled
#   family: LOG
#   severity: low
#   sets: [logging]
#   remediation: |
#     Add QueryLoggingConfig.CloudWatchLogsLogGroupArn pointing at a
#     log group in us-east-1 with a resource policy that lets
#     route53.amazonaws.com write to it.
#   resource_types: [AWS::Route53::HostedZone]
#   aliases:
#     kics: [0f0fb06b-0f2f-4374-8588-f2c7c348c7a0]
package cfnvet.rules.log023

import data.cfnvet.lib

deny contains f if {
	some id, zone in input.resources_by_type["AWS::Route53::HostedZone"]
	props := lib.props(zone)
	lib.absent(props, "VPCs")
	lib.absent(props, "QueryLoggingConfig")
	f := lib.finding(id, ["Properties", "QueryLoggingConfig"], sprintf("public hosted zone %s has no query logging (QueryLoggingConfig is not set)", [id]))
}
