# Shared helpers for encryption rules (package cfnvet.lib; its METADATA
# block lives in cfn.rego, a package may declare it only once).
#
# Questions the ENC policies ask over and over: is a switch off (absent or
# explicitly false), is a setting missing, is a customer-managed KMS key
# named. Paths are lists of object keys below a resource's Properties; an
# Unknown value anywhere along a path makes every answer undefined, so no
# rule built on these helpers can fire on something it cannot see.
package cfnvet.lib

# opaque_along holds when obj is a mapping and it, or any value on the way
# down path, is Unknown. cfnvet evaluates it natively (the Rego would be an
# object.get of every prefix of path; engine/policy/builtins.go).
opaque_along(obj, path) if cfnvet.opaque_along(obj, path)

# value_at is the value at path, or null when any step is missing. Undefined
# when obj is not a mapping or something along the path is Unknown.
value_at(obj, path) := cfnvet.value_at(obj, path)

# switch_off holds when a boolean setting is absent or explicitly false
# ("disabled unless set" services: EFS, RDS, ElastiCache …).
switch_off(obj, path) if value_at(obj, path) == null

switch_off(obj, path) if is_false(value_at(obj, path))

# not_on holds when a known setting at path is anything but true (absent,
# false, or a literal CloudFormation would reject as a boolean).
not_on(obj, path) if {
	v := value_at(obj, path)
	not is_true(v)
}

# explicitly_false holds only for a written false, never for absence.
explicitly_false(obj, path) if is_false(value_at(obj, path))

# missing holds when the setting at path is absent or an empty string.
missing(obj, path) if not specified(value_at(obj, path))

# present holds when the setting at path is specified or opaque: the
# counterpart of missing for "is a key named" questions.
present(obj, path) if opaque_along(obj, path)

present(obj, path) if specified(value_at(obj, path))

# value_in holds when the (known) string at path equals one of values,
# compared case-insensitively.
value_in(obj, path, values) if {
	v := value_at(obj, path)
	is_string(v)
	some x in values
	lower(v) == lower(x)
}

# aws_managed_key holds for the AWS-managed key aliases (alias/aws/s3, or
# an ARN ending in :alias/aws/…): they do not give the customer control
# over the key policy or rotation.
aws_managed_key(v) if {
	is_string(v)
	regex.match(`(^|:)alias/aws/`, lower(trim_space(v)))
}

# customer_key holds when v names a customer-managed KMS key: a literal key
# id, ARN or non-AWS alias, or an opaque value (a Ref/GetAtt to a key or an
# ImportValue counts as a key).
customer_key(v) if {
	specified(v)
	not aws_managed_key(v)
}

# no_customer_key holds for a known value that is absent, empty or an
# AWS-managed alias.
no_customer_key(obj, path) if {
	v := value_at(obj, path)
	not customer_key(v)
}

# as_list turns a property that may be a single item into a list.
as_list(v) := v if is_array(v)

as_list(v) := [v] if not is_array(v)
