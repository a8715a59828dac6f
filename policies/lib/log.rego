# Shared helpers for logging rules, in package cfnvet.lib (its annotation
# block lives in cfn.rego). Tri-state answers to the questions logging rules
# ask over and over: is a switch off, is a destination missing, does a list lack every wanted entry.
# Each helper holds only when the answer is known: an Unknown value (or a
# list with an Unknown item) never makes a helper hold, so no rule built on
# them fires on a value the resolver could not know.
package cfnvet.lib

# off holds when obj (a known mapping) has no key, or key is explicitly
# false. "Enabled: !GetAtt …" or an undecided Fn::If is neither.
off(obj, key) if absent(obj, key)

off(obj, key) if is_false(obj[key])

# blank holds when obj (a known mapping) has no key or key is an empty or
# whitespace-only string: nothing is configured there.
blank(obj, key) if absent(obj, key)

blank(obj, key) if {
	is_string(obj[key])
	trim_space(obj[key]) == ""
}

# fully_known holds for an array whose items are all known, so that "x is
# not in it" is a fact rather than a guess.
fully_known(list) if {
	is_array(list)
	every item in list {
		known(item)
	}
}

# lacks_all holds when list is a fully known array containing none of the
# strings in wanted (a set), compared case-insensitively.
lacks_all(list, wanted) if {
	fully_known(list)
	every item in list {
		not lower_in(item, wanted)
	}
}

# lacks_any is the set of strings of wanted (a set of lower-case strings)
# that a fully known list does not contain (case-insensitive).
lacks_any(list, wanted) := {w |
	fully_known(list)
	some w in wanted
	not contains_lower(list, w)
}

lower_in(item, wanted) if {
	is_string(item)
	lower(item) in wanted
}

contains_lower(list, w) if {
	some item in list
	is_string(item)
	lower(item) == w
}

# none_enabled holds when entries (a mapping or array of destination
# objects, each with an Enabled switch) is known, every entry is known, and
# no entry is enabled or might be: each Enabled is absent or false.
none_enabled(entries) if {
	is_object(entries)
	known(entries)
	every _, e in entries {
		entry_off(e)
	}
}

none_enabled(entries) if {
	fully_known(entries)
	every e in entries {
		entry_off(e)
	}
}

entry_off(e) if {
	is_object(e)
	known(e)
	off(e, "Enabled")
}

entry_off(e) if e == null

# names_resource holds when v is an Unknown Ref/GetAtt to a resource of this
# template. (A helper, because OPA hoists `v.ref` out of a negated
# `input.resources[v.ref]`, making the negation fail when v has no ref.)
names_resource(v) if input.resources[v.ref]

# equals_ci holds when v is a string equal to s ignoring case. Builtins such
# as lower() are strict about types (an Unknown object would abort the whole
# evaluation), so comparisons go through this guard.
equals_ci(v, s) if {
	is_string(v)
	lower(v) == lower(s)
}
