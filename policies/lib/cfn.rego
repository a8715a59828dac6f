# METADATA
# title: Shared helpers for cfnvet rule policies
# description: |
#   The recurring questions of property rules, answered once: is a value known,
#   is it a CloudFormation boolean, is a property absent, is a key specified.
#   Unknown values arrive as {"$unknown": "<intrinsic>", "ref": "<logical id>"}.
package cfnvet.lib

# is_unknown holds for a value the resolver could not know (GetAtt,
# ImportValue, a parameter without value, an undecided Fn::If, …).
is_unknown(v) if {
	is_object(v)
	v["$unknown"]
}

# known holds for a present value that is not Unknown.
known(v) if not is_unknown(v)

# CloudFormation booleans: true/false or the strings "true"/"false" in any case.
is_true(v) if v == true

is_true(v) if {
	is_string(v)
	lower(v) == "true"
}

is_false(v) if v == false

is_false(v) if {
	is_string(v)
	lower(v) == "false"
}

# has_key holds when obj has key, whatever its value (even false or null).
has_key(obj, key) if {
	is_object(obj)
	_ = obj[key]
}

# absent holds when obj is a known mapping without key. An Unknown container
# is never "missing" anything.
absent(obj, key) if {
	is_object(obj)
	known(obj)
	not has_key(obj, key)
}

# props is a resource's Properties: {} when there are none, undefined when
# the whole block is Unknown (so no rule fires on it).
props(r) := p if {
	p := r.Properties
	known(p)
}

props(r) := {} if not has_key(r, "Properties")

# resources of one type, {logical id: resource}, for user policies; built-ins skip the call.
resources(type) := input.resources_by_type[type]

# specified holds when a value is present: a literal that is not empty, or
# an opaque intrinsic (a GetAtt or ImportValue of a key counts as a key).
specified(v) if is_unknown(v)

specified(v) if {
	is_string(v)
	trim_space(v) != ""
}

specified(v) if {
	not is_string(v)
	not is_unknown(v)
	v != null
}

# refers_to holds when v points at the resource with logical id: a Ref or
# GetAtt to it, or its literal name property.
refers_to(v, id, _) if v.ref == id

# The same Fn::Sub/Join text on both sides (`${AppName}-logs-${AWS::Region}`)
# names the same resource even though neither value is known.
refers_to(v, id, name_prop) if {
	is_unknown(v)
	v.partial
	v.partial == input.resources[id].Properties[name_prop].partial
}

refers_to(v, id, name_prop) if {
	is_string(v)
	v == input.resources[id].Properties[name_prop]
}

# ref_keys and name_keys turn refers_to into a join on keys: v refers to
# the resource with logical id exactly when the two sets share a key. A
# policy collects the keys of one side once into a set or an index and
# looks the other side up, instead of comparing every pair of resources.
# Keys: ["id", logical id] for a Ref/GetAtt, ["name", text] for a literal
# name, ["partial", text] for the unresolved text of an Fn::Sub/Join.
ref_keys(v) := (_id_key(v) | _partial_key(v)) | _name_key(v)

name_keys(id, name_prop) := ({["id", id]} | _partial_key(nv)) | _name_key(nv) if {
	nv := _name_value(id, name_prop)
}

_name_value(id, name_prop) := v if {
	v := input.resources[id].Properties[name_prop]
} else := null

_id_key(v) := {["id", v.ref]} if v.ref

else := set()

_partial_key(v) := {["partial", v.partial]} if {
	is_unknown(v)
	v.partial
}

else := set()

_name_key(v) := {["name", v]} if is_string(v)

else := set()

# may_refer_to holds when v is opaque and could still name the resource
# with logical id: it points at no resource of the template and it is not
# an import (a stack cannot import its own exports). A parameter without a
# value may hold any name, even the generated name of an existing stack's
# resource on update. Exemptions ("this bucket is a log target") use it so
# that Unknown never produces a finding.
may_refer_to(v, id, _) if {
	is_unknown(v)
	not points_into_template(v)
	v["$unknown"] != "Fn::ImportValue"
	input.resources[id]
}

# A helper, not an inline `not input.resources[v.ref]`: OPA evaluates an
# undefined v.ref outside the negation, so the inline form never holds.
points_into_template(v) if input.resources[v.ref]

# finding builds one report.
finding(id, path, msg) := {"resource": id, "path": path, "msg": msg}

finding_severity(id, path, msg, severity) := {"resource": id, "path": path, "msg": msg, "severity": severity}

# assume_aws_defaults is the --assume-aws-defaults switch (rules.md §0.5).
default assume_aws_defaults := true

assume_aws_defaults := input.options.assume_aws_defaults
