# METADATA
# title: Block device mapping creates an unencrypted EBS volume
# description: |
#   Block device mappings in launch templates, launch configurations and
#   instances can create new EBS volumes; without Encrypted true those
#   volumes are unencrypted (unless account-level EBS encryption by default
#   is on, which a template cannot see). A mapping that only resizes the
#   AMI's root device (/dev/xvda, /dev/sda1) or names a SnapshotId inherits
#   the snapshot's encryption and is reported only when it sets Encrypted
#   false explicitly.
# custom:
#   id: ENC004
#   slug: block-device-unencrypted
#   family: ENC
#   severity: medium
#   remediation: |
#     Set Ebs.Encrypted: true on every block device mapping that creates a
#     volume.
#   resource_types: [AWS::EC2::LaunchTemplate, AWS::AutoScaling::LaunchConfiguration, AWS::EC2::Instance]
#   aliases:
#     checkov: [CKV_AWS_8]
#     trivy: [AVD-AWS-0008, AVD-AWS-0131]
package cfnvet.rules.enc004

import data.cfnvet.lib

root_devices := {"/dev/xvda", "/dev/sda1", "/dev/sda"}

mappings contains [id, ["Properties", "LaunchTemplateData", "BlockDeviceMappings"], lib.props(r).LaunchTemplateData.BlockDeviceMappings] if {
	some id, r in input.resources_by_type["AWS::EC2::LaunchTemplate"]
}

mappings contains [id, ["Properties", "BlockDeviceMappings"], lib.props(r).BlockDeviceMappings] if {
	some id, r in input.resources_by_type["AWS::AutoScaling::LaunchConfiguration"]
}

mappings contains [id, ["Properties", "BlockDeviceMappings"], lib.props(r).BlockDeviceMappings] if {
	some id, r in input.resources_by_type["AWS::EC2::Instance"]
}

deny contains f if {
	some [id, base, list] in mappings
	is_array(list)
	some i, m in list
	is_object(m)
	unencrypted(m)
	f := lib.finding(id, array.concat(base, [i, "Ebs", "Encrypted"]), sprintf("block device %s of %s creates an unencrypted EBS volume", [device(m), id]))
}

unencrypted(m) if lib.explicitly_false(m, ["Ebs", "Encrypted"])

unencrypted(m) if {
	lib.value_at(m, ["Ebs", "Encrypted"]) == null
	lib.specified(lib.value_at(m, ["Ebs", "VolumeSize"]))
	lib.value_at(m, ["Ebs", "SnapshotId"]) == null
	not lib.is_unknown(m.DeviceName)
	not lower(m.DeviceName) in root_devices
}

device(m) := m.DeviceName if is_string(m.DeviceName)

else := "(unnamed)"
