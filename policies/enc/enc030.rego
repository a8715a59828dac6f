# METADATA
# title: MSK cluster allows plaintext traffic
# description: |
#   An MSK cluster that lets clients connect in plaintext (ClientBroker
#   PLAINTEXT or TLS_PLAINTEXT), or turns off encryption between brokers
#   (InCluster false), exposes Kafka records on the network. The defaults
#   (TLS, InCluster true) are safe, so only explicit settings fire. MSK
#   always encrypts at rest; the key choice is ENC029.
# custom:
#   id: ENC030
#   slug: msk-plaintext-traffic
#   family: ENC
#   severity: medium
#   remediation: |
#     Set EncryptionInfo.EncryptionInTransit.ClientBroker: TLS and leave
#     InCluster true.
#   resource_types: [AWS::MSK::Cluster]
#   aliases:
#     checkov: [CKV_AWS_81]
#     kics: [a976d63f-af0e-46e8-b714-8c1a9c4bf768]
#     trivy: [AVD-AWS-0073]
package cfnvet.rules.enc030

import data.cfnvet.lib

deny contains f if {
	some id, p in clusters
	lib.value_in(p, ["EncryptionInfo", "EncryptionInTransit", "ClientBroker"], ["PLAINTEXT", "TLS_PLAINTEXT"])
	f := lib.finding(id, ["Properties", "EncryptionInfo", "EncryptionInTransit", "ClientBroker"], sprintf("MSK cluster %s accepts plaintext client connections (ClientBroker %s)", [id, p.EncryptionInfo.EncryptionInTransit.ClientBroker]))
}

deny contains f if {
	some id, p in clusters
	lib.explicitly_false(p, ["EncryptionInfo", "EncryptionInTransit", "InCluster"])
	f := lib.finding(id, ["Properties", "EncryptionInfo", "EncryptionInTransit", "InCluster"], sprintf("MSK cluster %s does not encrypt traffic between brokers (InCluster false)", [id]))
}

clusters[id] := lib.props(r) if some id, r in input.resources_by_type["AWS::MSK::Cluster"]
