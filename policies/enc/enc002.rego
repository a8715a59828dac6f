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

# Policies and buckets are joined on lib.ref_keys/lib.name_keys: each side
# is read once, so the cost grows with the number of resources, not with
# buckets times policies.
policies := input.resources_by_type["AWS::S3::BucketPolicy"]

buckets := input.resources_by_type["AWS::S3::Bucket"]

# Each bucket's name keys and each policy's target keys are computed once:
# the rules below ask for them several times per resource.
bucket_name_keys := {id: lib.name_keys(id, "BucketName") | some id, _ in buckets}

policy_target_keys := {pid: lib.ref_keys(lib.props(pol).Bucket) | some pid, pol in policies}

# bucket_keys lists every key that names a bucket; bucket_ids_by_key
# indexes the buckets by them (OPA builds the inner comprehension's index
# once, keyed on k, instead of scanning the buckets for every key).
bucket_keys := [[id, k] | some id, keys in bucket_name_keys; some k in keys]

bucket_ids_by_key := {k: ids |
	some [_, k] in bucket_keys
	ids := {id | some [id, key] in bucket_keys; key == k}
}

# linked_keys name the buckets some policy targets; enforcing_keys those
# that some policy may protect with the TLS deny.
linked_keys := {k | some keys in policy_target_keys; some k in keys}

enforcing_keys := {k |
	some pid, pol in policies
	some st in statements(pol)
	maybe_tls_deny(st)
	some k in policy_target_keys[pid]
}

linked(bucket_id) if {
	some k in bucket_name_keys[bucket_id]
	linked_keys[k]
}

enforced(bucket_id) if {
	some k in bucket_name_keys[bucket_id]
	enforcing_keys[k]
}

# A policy whose target is opaque (a parameter without a value) may be any
# bucket's, so no bucket can be judged; likewise a policy whose properties
# are opaque. An import cannot name a bucket of this template.
every_bucket_unjudgeable if {
	some pol in policies
	v := lib.props(pol).Bucket
	lib.is_unknown(v)
	not lib.points_into_template(v)
	v["$unknown"] != "Fn::ImportValue"
}

every_bucket_unjudgeable if {
	some pol in policies
	lib.is_unknown(pol.Properties)
}

# A literal name that matches no known BucketName may still be a bucket
# whose BucketName is opaque.
unmatched_literal_target if {
	some pol in policies
	b := lib.props(pol).Bucket
	is_string(b)
	not bucket_names[b]
}

bucket_names := {name | some bucket in buckets; name := lib.props(bucket).BucketName; is_string(name)}

unjudgeable(_) if every_bucket_unjudgeable

unjudgeable(bucket_id) if {
	unmatched_literal_target
	lib.is_unknown(lib.props(input.resources[bucket_id]).BucketName)
}

deny contains f if {
	some id, _ in buckets
	not unjudgeable(id)
	not linked(id)
	f := lib.finding(id, [], sprintf("bucket %s has no bucket policy denying requests without TLS (Deny when aws:SecureTransport is false)", [id]))
}

deny contains f if {
	some pid, keys in policy_target_keys
	some k in keys
	some bucket_id in bucket_ids_by_key[k]
	not enforced(bucket_id)
	f := lib.finding(pid, ["Properties", "PolicyDocument"], sprintf("bucket policy %s does not deny requests to bucket %s made without TLS (Deny when aws:SecureTransport is false)", [pid, bucket_id]))
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
	st.Effect == "Deny"
	any_principal(st.Principal)
	some action in lib.as_list(st.Action)
	covers_object_access(action)
	some op, body in st.Condition
	insecure_transport(op, body)
}

# Last, as the dearest test: a statement holding an Unknown anywhere may be
# the deny (the specific test above settles the usual TLS deny first).
maybe_tls_deny(st) if {
	not st.Effect == "Allow"
	walk(st, [_, v])
	lib.is_unknown(v)
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
