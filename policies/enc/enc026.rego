# METADATA
# title: API Gateway cache not encrypted
# description: |
#   API Gateway response caches can hold personal or secret data; a method
#   setting that enables caching without CacheDataEncrypted true stores it
#   unencrypted. Stage MethodSettings, a Deployment's StageDescription (and
#   its MethodSettings) and SAM Api MethodSettings are checked.
# custom:
#   id: ENC026
#   slug: apigateway-cache-unencrypted
#   family: ENC
#   severity: medium
#   remediation: |
#     Set CacheDataEncrypted: true wherever CachingEnabled is true.
#   resource_types: [AWS::ApiGateway::Stage, AWS::ApiGateway::Deployment]
#   aliases:
#     cfn_nag: [W87]
#     kics: [37cca703-b74c-48ba-ac81-595b53398e9b]
#     trivy: [AVD-AWS-0002, AVD-AWS-0110]
package cfnvet.rules.enc026

import data.cfnvet.lib

sites contains [id, ["Properties", "MethodSettings", i], s] if {
	some id, r in input.resources_by_type["AWS::ApiGateway::Stage"]
	some i, s in items(lib.props(r).MethodSettings)
}

sites contains [id, ["Properties", "StageDescription"], lib.props(r).StageDescription] if {
	some id, r in input.resources_by_type["AWS::ApiGateway::Deployment"]
}

sites contains [id, ["Properties", "StageDescription", "MethodSettings", i], s] if {
	some id, r in input.resources_by_type["AWS::ApiGateway::Deployment"]
	some i, s in items(lib.props(r).StageDescription.MethodSettings)
}

deny contains f if {
	some [id, path, s] in sites
	lib.is_true(s.CachingEnabled)
	lib.not_on(s, ["CacheDataEncrypted"])
	f := lib.finding(id, array.concat(path, ["CacheDataEncrypted"]), sprintf("API Gateway cache of %s is enabled but not encrypted (CacheDataEncrypted is not true)", [id]))
}

items(v) := v if is_array(v)
