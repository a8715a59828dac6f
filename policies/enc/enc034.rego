# METADATA
# title: ECS task definition EFS volume without transit encryption
# description: |
#   An ECS task that mounts an EFS file system without TransitEncryption
#   ENABLED reads and writes file data over NFS in clear text. Every EFS
#   volume of the task definition is checked.
# custom:
#   id: ENC034
#   slug: ecs-efs-volume-transit-unencrypted
#   family: ENC
#   severity: medium
#   remediation: |
#     Set EFSVolumeConfiguration.TransitEncryption: ENABLED on every EFS
#     volume.
#   resource_types: [AWS::ECS::TaskDefinition]
#   aliases:
#     checkov: [CKV_AWS_97]
#     kics: [c1282e03-b285-4637-aee7-eefe3a7bb658, 6c131358-c54d-419b-9dd6-1f7dd41d180c]
#     trivy: [AVD-AWS-0035]
package cfnvet.rules.enc034

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::ECS::TaskDefinition"]
	some i, volume in items(lib.props(r).Volumes)
	efs := lib.value_at(volume, ["EFSVolumeConfiguration"])
	efs != null
	transit_off(efs)
	f := lib.finding(id, ["Properties", "Volumes", i, "EFSVolumeConfiguration", "TransitEncryption"], sprintf("task definition %s mounts EFS volume %s without transit encryption", [id, name(volume)]))
}

transit_off(efs) if lib.value_at(efs, ["TransitEncryption"]) == null

transit_off(efs) if lib.value_in(efs, ["TransitEncryption"], ["DISABLED"])

name(volume) := volume.Name if is_string(volume.Name)

else := "(unnamed)"

items(v) := v if is_array(v)
