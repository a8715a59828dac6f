# METADATA
# title: EKS secrets not envelope-encrypted with a KMS key
# description: |
#   Kubernetes secrets of an EKS cluster are envelope-encrypted with a key
#   you control only when EncryptionConfig names a KMS key for the "secrets"
#   resource. Without it, anyone with access to the etcd data (or its
#   backups) depends on AWS's own key; recent Kubernetes versions get default
#   envelope encryption with an AWS-owned key (recalled, to verify), which
#   still gives no control over who may decrypt.
# custom:
#   id: ENC022
#   slug: eks-secrets-not-kms-encrypted
#   family: ENC
#   severity: medium
#   remediation: |
#     Add EncryptionConfig: [{Provider: {KeyArn: <KMS key ARN>}, Resources:
#     [secrets]}].
#   resource_types: [AWS::EKS::Cluster]
#   aliases:
#     cfn_nag: [W82]
#     checkov: [CKV_AWS_58]
#     trivy: [AVD-AWS-0039]
package cfnvet.rules.enc022

import data.cfnvet.lib

deny contains f if {
	some id, r in input.resources_by_type["AWS::EKS::Cluster"]
	p := lib.props(r)
	configs := lib.value_at(p, ["EncryptionConfig"])
	not covered(configs)
	f := lib.finding(id, ["Properties", "EncryptionConfig"], sprintf("EKS cluster %s does not envelope-encrypt secrets with a KMS key (no EncryptionConfig for secrets)", [id]))
}

covered(configs) if {
	some c in lib.as_list(configs)
	maybe_secrets_config(c)
}

maybe_secrets_config(c) if lib.is_unknown(c)

maybe_secrets_config(c) if {
	lib.present(c, ["Provider", "KeyArn"])
	lib.is_unknown(c.Resources)
}

maybe_secrets_config(c) if {
	lib.present(c, ["Provider", "KeyArn"])
	some x in lib.as_list(c.Resources)
	secrets_or_unknown(x)
}

secrets_or_unknown(x) if lib.is_unknown(x)

secrets_or_unknown("secrets")
