# METADATA
# title: EMR security configuration lacks at-rest or in-transit encryption
# description: |
#   An EMR security configuration decides whether cluster data is encrypted
#   in S3, on local disks and between nodes. A configuration without an
#   EncryptionConfiguration, with at-rest or in-transit encryption turned
#   off, or turned on without saying how (S3 encryption mode, local-disk key
#   provider, TLS certificate provider), leaves that data unencrypted. The
#   SecurityConfiguration document may be given as an object or as a JSON
#   string.
# custom:
#   id: ENC023
#   slug: emr-security-config-encryption-gaps
#   family: ENC
#   severity: medium
#   remediation: |
#     In SecurityConfiguration.EncryptionConfiguration set
#     EnableAtRestEncryption and EnableInTransitEncryption to true and fill
#     in AtRestEncryptionConfiguration
#     (S3EncryptionConfiguration.EncryptionMode,
#     LocalDiskEncryptionConfiguration.EncryptionKeyProviderType) and
#     InTransitEncryptionConfiguration.TLSCertificateConfiguration.
#   resource_types: [AWS::EMR::SecurityConfiguration]
#   aliases:
#     cfn_nag: [W61]
#     kics: [5b033ec8-f079-4323-b5c8-99d4620433a9]
#     trivy: [AVD-AWS-0137, AVD-AWS-0138, AVD-AWS-0139]
package cfnvet.rules.enc023

import data.cfnvet.lib

deny contains f if {
	some id, r in lib.resources("AWS::EMR::SecurityConfiguration")
	p := lib.props(r)
	doc := document(p.SecurityConfiguration)
	found := [g | some g in gaps(doc)]
	count(found) > 0
	f := lib.finding(id, location(p.SecurityConfiguration), sprintf("EMR security configuration %s lacks encryption: %s", [id, concat("; ", sort(found))]))
}

document(v) := v if is_object(v)

document(v) := json.unmarshal(v) if {
	is_string(v)
	json.is_valid(v)
}

location(v) := ["Properties", "SecurityConfiguration", "EncryptionConfiguration"] if is_object(v)

location(v) := ["Properties", "SecurityConfiguration"] if is_string(v)

gaps(doc) := {"no EncryptionConfiguration"} if lib.value_at(doc, ["EncryptionConfiguration"]) == null

gaps(doc) := g if {
	enc := lib.value_at(doc, ["EncryptionConfiguration"])
	enc != null
	g := at_rest_gaps(enc) | in_transit_gaps(enc)
}

at_rest_gaps(enc) := {"at-rest encryption disabled"} if lib.not_on(enc, ["EnableAtRestEncryption"])

else := {msg |
	lib.is_true(enc.EnableAtRestEncryption)
	some [path, msg] in [
		[["AtRestEncryptionConfiguration", "S3EncryptionConfiguration", "EncryptionMode"], "no S3 encryption mode"],
		[["AtRestEncryptionConfiguration", "LocalDiskEncryptionConfiguration", "EncryptionKeyProviderType"], "no local-disk key provider"],
	]
	lib.missing(enc, path)
}

in_transit_gaps(enc) := {"in-transit encryption disabled"} if lib.not_on(enc, ["EnableInTransitEncryption"])

else := {msg |
	lib.is_true(enc.EnableInTransitEncryption)
	lib.missing(enc, ["InTransitEncryptionConfiguration", "TLSCertificateConfiguration", "CertificateProviderType"])
	msg := "no TLS certificate provider"
}
