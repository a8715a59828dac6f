# METADATA
# title: CloudTrail log file validation disabled
# description: |
#   Without log file validation CloudTrail writes no signed digest
#   files, so nobody can prove that delivered log files were not altered
#   or deleted afterwards.
# custom:
#   id: LOG010
#   slug: cloudtrail-log-validation-disabled
#   family: LOG
#   severity: medium
#   remediation: |
#     Set EnableLogFileValidation: true.
#   resource_types: [AWS::CloudTrail::Trail]
#   aliases:
#     checkov: [CKV_AWS_36]
#     kics: [2a3560fe-52ca-4443-b34f-bf0ed5eb74c8]
#     trivy: [AVD-AWS-0016]
package cfnvet.rules.log010

import data.cfnvet.lib

deny contains f if {
	some id, trail in input.resources_by_type["AWS::CloudTrail::Trail"]
	lib.off(lib.props(trail), "EnableLogFileValidation")
	f := lib.finding(id, ["Properties", "EnableLogFileValidation"], sprintf("trail %s does not validate its log files (EnableLogFileValidation is not true)", [id]))
}
