# METADATA
# title: CodeBuild artifact/report encryption disabled
# description: |
#   CodeBuild encrypts build artifacts and exported test reports in S3 unless
#   told not to; EncryptionDisabled true stores them unencrypted. Primary and
#   secondary S3 artifacts of projects and the S3 export of report groups are
#   checked.
# custom:
#   id: ENC031
#   slug: codebuild-encryption-disabled
#   family: ENC
#   severity: medium
#   remediation: |
#     Remove EncryptionDisabled: true (or set it to false).
#   resource_types: [AWS::CodeBuild::Project, AWS::CodeBuild::ReportGroup]
#   aliases:
#     checkov: [CKV_AWS_78]
#     trivy: [AVD-AWS-0018]
package cfnvet.rules.enc031

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::CodeBuild::Project"]
	p := lib.props(r)
	some [path, artifact] in artifacts(p)
	lib.value_in(artifact, ["Type"], ["S3"])
	lib.is_true(artifact.EncryptionDisabled)
	f := lib.finding(id, array.concat(path, ["EncryptionDisabled"]), sprintf("CodeBuild project %s stores artifacts unencrypted (EncryptionDisabled true)", [id]))
}

artifacts(p) := {[["Properties", "Artifacts"], p.Artifacts]} | {[["Properties", "SecondaryArtifacts", i], a] |
	some i, a in items(p.SecondaryArtifacts)
}

deny contains f if {
	some id, r in input.resources_by_type["AWS::CodeBuild::ReportGroup"]
	p := lib.props(r)
	lib.is_true(p.ExportConfig.S3Destination.EncryptionDisabled)
	f := lib.finding(id, ["Properties", "ExportConfig", "S3Destination", "EncryptionDisabled"], sprintf("CodeBuild report group %s exports reports unencrypted (EncryptionDisabled true)", [id]))
}

items(v) := v if is_array(v)

else := []
