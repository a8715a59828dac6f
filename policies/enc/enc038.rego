# METADATA
# title: CloudFront viewer protocol policy allows HTTP
# description: |
#   A cache behaviour with ViewerProtocolPolicy allow-all serves content and
#   accepts requests (and cookies) over plain HTTP. Both the default cache
#   behaviour and every additional cache behaviour are checked.
# custom:
#   id: ENC038
#   slug: cloudfront-viewer-allows-http
#   family: ENC
#   severity: medium
#   remediation: |
#     Set ViewerProtocolPolicy to redirect-to-https or https-only.
#   resource_types: [AWS::CloudFront::Distribution]
#   aliases:
#     checkov: [CKV_AWS_34]
#     kics: [31733ee2-fef0-4e87-9778-65da22a8ecf1]
#     trivy: [AVD-AWS-0012]
package cfnvet.rules.enc038

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::CloudFront::Distribution"]
	c := config(r)
	some [path, behaviour] in behaviours(c)
	lib.value_in(behaviour, ["ViewerProtocolPolicy"], ["allow-all"])
	f := lib.finding(id, array.concat(["Properties", "DistributionConfig"], array.concat(path, ["ViewerProtocolPolicy"])), sprintf("CloudFront distribution %s serves %s over plain HTTP (ViewerProtocolPolicy allow-all)", [id, label(path)]))
}

behaviours(c) := {[["DefaultCacheBehavior"], c.DefaultCacheBehavior]} | {[["CacheBehaviors", i], b] |
	some i, b in items(c.CacheBehaviors)
}

label(path) := "its default cache behaviour" if count(path) == 1

else := sprintf("cache behaviour %d", [path[1]])

items(v) := v if is_array(v)

else := []

config(r) := lib.value_at(lib.props(r), ["DistributionConfig"])
