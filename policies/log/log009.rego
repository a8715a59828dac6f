# METADATA
# title: CloudTrail trail is single-region
# description: |
#   A single-region trail records nothing in the other regions, which is
#   exactly where an intruder starts resources to avoid notice. A multi-
#   region trail also covers regions enabled later.
# custom:
#   id: LOG009
#   slug: cloudtrail-single-region
#   family: LOG
#   severity: medium
#   remediation: |
#     Set IsMultiRegionTrail: true.
#   resource_types: [AWS::CloudTrail::Trail]
#   aliases:
#     checkov: [CKV_AWS_67]
#     kics: [058ac855-989f-4378-ba4d-52d004020da7]
#     trivy: [AVD-AWS-0014]
package cfnvet.rules.log009

import data.cfnvet.lib

deny contains f if {
	some id, trail in input.resources_by_type["AWS::CloudTrail::Trail"]
	lib.off(lib.props(trail), "IsMultiRegionTrail")
	f := lib.finding(id, ["Properties", "IsMultiRegionTrail"], sprintf("trail %s records one region only (IsMultiRegionTrail is not true)", [id]))
}
