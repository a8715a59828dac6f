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

# Each gap is reported at the setting that is wrong: the explicit false
# value when the template writes one, else the missing key's path, which
# the engine places at its nearest existing ancestor.
deny contains f if {
	some id, r in input.resources_by_type["AWS::EMR::SecurityConfiguration"]
	doc := document(lib.props(r).SecurityConfiguration)
	some [path, what] in gaps(doc)
	f := lib.finding(id, array.concat(["Properties", "SecurityConfiguration"], path), sprintf("EMR security configuration %s lacks encryption: %s", [id, what]))
}

document(v) := v if is_object(v)

document(v) := json.unmarshal(v) if {
	is_string(v)
	json.is_valid(v)
}

gaps(doc) := {[["EncryptionConfiguration"], "no EncryptionConfiguration"]} if lib.value_at(doc, ["EncryptionConfiguration"]) == null

gaps(doc) := g if {
	enc := lib.value_at(doc, ["EncryptionConfiguration"])
	enc != null
	g := {[array.concat(["EncryptionConfiguration"], path), what] | some [path, what] in at_rest_gaps(enc) | in_transit_gaps(enc)}
}

at_rest_gaps(enc) := {[["EnableAtRestEncryption"], switch_gap(enc, "EnableAtRestEncryption", "at-rest")]} if lib.not_on(enc, ["EnableAtRestEncryption"])

else := {[path, msg] |
	lib.is_true(enc.EnableAtRestEncryption)
	some [path, msg] in [
		[["AtRestEncryptionConfiguration", "S3EncryptionConfiguration", "EncryptionMode"], "no S3 encryption mode"],
		[["AtRestEncryptionConfiguration", "LocalDiskEncryptionConfiguration", "EncryptionKeyProviderType"], "no local-disk key provider"],
	]
	lib.missing(enc, path)
}

in_transit_gaps(enc) := {[["EnableInTransitEncryption"], switch_gap(enc, "EnableInTransitEncryption", "in-transit")]} if lib.not_on(enc, ["EnableInTransitEncryption"])

else := {[path, "no TLS certificate provider"] |
	lib.is_true(enc.EnableInTransitEncryption)
	path := ["InTransitEncryptionConfiguration", "TLSCertificateConfiguration", "CertificateProviderType"]
	lib.missing(enc, path)
}

# switch_gap says how an encryption switch is off: written false (or a
# value that is not a boolean), or not set.
switch_gap(enc, key, kind) := sprintf("%s encryption disabled (%s is not set)", [kind, key]) if lib.value_at(enc, [key]) == null

else := sprintf("%s encryption disabled (%s is %v)", [kind, key, enc[key]])
