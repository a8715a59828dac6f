# METADATA
# title: Amazon MQ broker logging disabled
# description: |
#   An Amazon MQ broker without general logs leaves broker errors and
#   connection problems unrecorded; an ActiveMQ broker without audit
#   logs leaves no record of management actions (creating, deleting or
#   purging destinations, changing users). RabbitMQ supports general
#   logs only, so Audit is required only when EngineType is ACTIVEMQ.
# custom:
#   id: LOG019
#   slug: mq-broker-logging-disabled
#   family: LOG
#   severity: medium
#   sets: [logging]
#   remediation: |
#     Set Logs.General: true, and for ActiveMQ also Logs.Audit: true.
#   resource_types: [AWS::AmazonMQ::Broker]
#   aliases:
#     checkov: [CKV_AWS_197]
#     kics: [e519ed6a-8328-4b69-8eb7-8fa549ac3050]
#     trivy: [AVD-AWS-0070, AVD-AWS-0071]
package cfnvet.rules.log019

import data.cfnvet.lib

deny contains f if {
	some id, broker in input.resources_by_type["AWS::AmazonMQ::Broker"]
	props := lib.props(broker)
	lib.absent(props, "Logs")
	f := lib.finding(id, ["Properties", "Logs"], sprintf("broker %s has logging turned off (Logs is not set)", [id]))
}

deny contains f if {
	some id, broker in input.resources_by_type["AWS::AmazonMQ::Broker"]
	props := lib.props(broker)
	some kind in off_kinds(props)
	f := lib.finding(id, ["Properties", "Logs", kind], sprintf("broker %s has %s logging turned off (Logs.%s is not true)", [id, lower(kind), kind]))
}

off_kinds(props) := {kind |
	some kind in ["General", "Audit"]
	lib.off(props.Logs, kind)
	required(props, kind)
}

required(_, "General")

required(props, "Audit") if lib.equals_ci(props.EngineType, "ACTIVEMQ")
