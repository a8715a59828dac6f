# METADATA
# title: OpenSearch/Elasticsearch domain log publishing disabled
# description: |
#   An OpenSearch or Elasticsearch domain that publishes no logs leaves
#   no record of errors, slow or abusive queries, or (with fine-grained
#   access control) of who accessed which index. At least one
#   LogPublishingOptions entry must be enabled; an entry whose Enabled
#   cannot be resolved is not reported.
# custom:
#   id: LOG017
#   slug: opensearch-log-publishing-disabled
#   family: LOG
#   severity: medium
#   sets: [logging]
#   remediation: |
#     Add LogPublishingOptions entries (AUDIT_LOGS,
#     ES_APPLICATION_LOGS, SEARCH_SLOW_LOGS, INDEX_SLOW_LOGS) with
#     Enabled: true and a CloudWatchLogsLogGroupArn, plus a log
#     resource policy for the service.
#   resource_types: [AWS::OpenSearchService::Domain, AWS::Elasticsearch::Domain]
#   aliases:
#     checkov: [CKV_AWS_84, CKV_AWS_317]
#     kics: [edbd62d4-8700-41de-b000-b3cfebb5e996, 086ea2eb-14a6-4fd4-914b-38e0bc8703e8]
#     trivy: [AVD-AWS-0042]
package cfnvet.rules.log017

import data.cfnvet.lib

types := ["AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"]

deny contains f if {
	some t in types
	some id, domain in input.resources_by_type[t]
	lib.absent(lib.props(domain), "LogPublishingOptions")
	f := lib.finding(id, ["Properties", "LogPublishingOptions"], sprintf("domain %s publishes no logs (LogPublishingOptions is not set)", [id]))
}

# When no entry is enabled, each entry is reported at its Enabled switch:
# the written false, or the entry itself when Enabled is not set.
deny contains f if {
	some t in types
	some id, domain in input.resources_by_type[t]
	opts := lib.props(domain).LogPublishingOptions
	lib.none_enabled(opts)
	some f in off_entries(id, opts)
}

off_entries(id, opts) := {lib.finding(id, ["Properties", "LogPublishingOptions"], sprintf("domain %s publishes no logs (LogPublishingOptions has no entries)", [id]))} if count(opts) == 0

else := {f |
	some name, entry in opts
	f := lib.finding(id, ["Properties", "LogPublishingOptions", name, "Enabled"], sprintf("domain %s publishes no logs: LogPublishingOptions %v %s", [id, name, entry_state(entry)]))
}

entry_state(entry) := "has Enabled false" if lib.is_false(entry.Enabled)

else := "does not set Enabled"
