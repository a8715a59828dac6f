# METADATA
# title: Firehose Direct PUT delivery stream without server-side encryption
# description: |
#   A Firehose delivery stream fed by Direct PUT buffers records unencrypted
#   unless DeliveryStreamEncryptionConfigurationInput selects a key type.
#   Streams that read from Kinesis Data Streams or MSK rely on the source's
#   encryption and are not judged.
# custom:
#   id: ENC017
#   slug: firehose-direct-put-unencrypted
#   family: ENC
#   severity: low
#   remediation: |
#     Add DeliveryStreamEncryptionConfigurationInput with KeyType
#     CUSTOMER_MANAGED_CMK (and KeyARN) or AWS_OWNED_CMK.
#   resource_types: [AWS::KinesisFirehose::DeliveryStream]
#   aliases:
#     cfn_nag: [W88]
package cfnvet.rules.enc017

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::KinesisFirehose::DeliveryStream"]
	p := lib.props(r)
	direct_put(p)
	lib.missing(p, ["DeliveryStreamEncryptionConfigurationInput", "KeyType"])
	f := lib.finding(id, ["Properties", "DeliveryStreamEncryptionConfigurationInput"], sprintf("Firehose delivery stream %s accepts Direct PUT records without server-side encryption", [id]))
}

direct_put(p) if lib.value_at(p, ["DeliveryStreamType"]) == null

direct_put(p) if lib.value_in(p, ["DeliveryStreamType"], ["DirectPut"])
