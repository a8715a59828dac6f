# METADATA
# title: S3 bucket policy does not deny non-TLS requests
# description: |
#   A bucket accepts plain-HTTP requests unless its bucket policy denies
#   them. Without a Deny statement for any principal conditioned on
#   aws:SecureTransport false (or on s3:TlsVersion below 1.2), object reads
#   and writes can travel unencrypted. Only bucket policies in the same
#   template are seen; they are linked by a Ref to the bucket or by its
#   literal BucketName. When a bucket policy's target cannot be resolved, no
#   bucket is reported. A bucket without any policy is reported on its
#   logical id; a linked policy without the deny is reported on its
#   PolicyDocument.
# custom:
#   id: ENC002
#   slug: s3-tls-not-enforced
#   family: ENC
#   severity: medium
#   remediation: |
#     Add an AWS::S3::BucketPolicy for the bucket with a statement Effect
#     Deny, Principal "*", Action "s3:*", Resource the bucket and its
#     objects, and Condition Bool aws:SecureTransport "false".
#   resource_types: [AWS::S3::Bucket, AWS::S3::BucketPolicy]
#   aliases:
#     kics: [38c64e76-c71e-4d92-a337-60174d1de1c9]
package cfnvet.rules.enc002

import data.cfnvet.lib

policies := lib.resources("AWS::S3::BucketPolicy")

targets(pol, bucket_id) if lib.refers_to(lib.props(pol).Bucket, bucket_id, "BucketName")

# A policy whose target is opaque (a parameter without a value) may be a
# bucket's; such a bucket cannot be judged. An import cannot name a bucket
# of this template, and a literal name that matches no known BucketName may
# still be a bucket whose BucketName is opaque.
unjudgeable(bucket_id) if {
	some pol in policies
	lib.may_refer_to(lib.props(pol).Bucket, bucket_id, "BucketName")
}

unjudgeable(bucket_id) if {
	some pol in policies
	lib.is_unknown(pol.Properties)
	bucket_id
}

unjudgeable(bucket_id) if {
	some pol in policies
	b := lib.props(pol).Bucket
	is_string(b)
	not names_a_bucket(b)
	lib.is_unknown(lib.props(input.resources[bucket_id]).BucketName)
}

names_a_bucket(name) if {
	some _, bucket in lib.resources("AWS::S3::Bucket")
	lib.props(bucket).BucketName == name
}

deny contains f if {
	some id, _ in lib.resources("AWS::S3::Bucket")
	not unjudgeable(id)
	not linked(id)
	f := lib.finding(id, [], sprintf("bucket %s has no bucket policy denying requests without TLS (Deny when aws:SecureTransport is false)", [id]))
}

deny contains f if {
	some bucket_id, _ in lib.resources("AWS::S3::Bucket")
	some pid, pol in policies
	targets(pol, bucket_id)
	not enforced(bucket_id)
	f := lib.finding(pid, ["Properties", "PolicyDocument"], sprintf("bucket policy %s does not deny requests to bucket %s made without TLS (Deny when aws:SecureTransport is false)", [pid, bucket_id]))
}

linked(bucket_id) if {
	some pol in policies
	targets(pol, bucket_id)
}

enforced(bucket_id) if {
	some pol in policies
	targets(pol, bucket_id)
	some st in statements(pol)
	maybe_tls_deny(st)
}

document(pol) := d if {
	d := lib.props(pol).PolicyDocument
	not is_string(d)
}

document(pol) := json.unmarshal(d) if {
	d := lib.props(pol).PolicyDocument
	is_string(d)
	json.is_valid(d)
}

statements(pol) := [document(pol)] if lib.is_unknown(document(pol))

statements(pol) := lib.as_list(document(pol).Statement) if lib.known(document(pol))

# A statement we cannot read might be the deny.
maybe_tls_deny(st) if lib.is_unknown(st)

maybe_tls_deny(st) if {
	not st.Effect == "Allow"
	walk(st, [_, v])
	lib.is_unknown(v)
}

maybe_tls_deny(st) if {
	st.Effect == "Deny"
	any_principal(st.Principal)
	some action in lib.as_list(st.Action)
	covers_object_access(action)
	some op, body in st.Condition
	insecure_transport(op, body)
}

any_principal("*")

any_principal(p) if "*" in lib.as_list(p.AWS)

covers_object_access(action) if {
	is_string(action)
	some target in ["s3:getobject", "s3:putobject"]
	glob.match(lower(action), [":"], target)
}

insecure_transport(op, body) if {
	op in {"Bool", "BoolIfExists"}
	some key, v in body
	lower(key) == "aws:securetransport"
	some x in lib.as_list(v)
	lib.is_false(x)
}

insecure_transport(op, body) if {
	op in {"NumericLessThan", "NumericLessThanIfExists"}
	some key, v in body
	lower(key) == "s3:tlsversion"
	some x in lib.as_list(v)
	regex.match(`^[0-9]+(\.[0-9]+)?$`, sprintf("%v", [x]))
	to_number(x) >= 1.2
}
