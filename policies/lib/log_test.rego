package cfnvet.lib_test

import data.cfnvet.lib

unk := {"$unknown": "Fn::GetAtt", "ref": "X"}

test_off_absent if lib.off({}, "Enabled")

test_off_false_string if lib.off({"Enabled": "False"}, "Enabled")

test_off_not_true if not lib.off({"Enabled": "true"}, "Enabled")

test_off_not_unknown if not lib.off({"Enabled": unk}, "Enabled")

test_off_not_unknown_container if not lib.off(unk, "Enabled")

test_blank if {
	lib.blank({}, "Bucket")
	lib.blank({"Bucket": "  "}, "Bucket")
	not lib.blank({"Bucket": "logs"}, "Bucket")
	not lib.blank({"Bucket": unk}, "Bucket")
}

test_lacks_all if {
	lib.lacks_all(["slowquery"], {"audit", "profiler"})
	lib.lacks_all([], {"audit"})
	not lib.lacks_all(["Audit"], {"audit"})
	not lib.lacks_all(["slowquery", unk], {"audit"})
	not lib.lacks_all(unk, {"audit"})
}

test_lacks_any if {
	lib.lacks_any(["api", "AUDIT"], {"api", "audit", "authenticator"}) == {"authenticator"}
	lib.lacks_any(["api", unk], {"api", "audit"}) == set()
}

test_none_enabled_map if {
	lib.none_enabled({"AUDIT_LOGS": {"Enabled": false}, "INDEX_SLOW_LOGS": {}})
	not lib.none_enabled({"AUDIT_LOGS": {"Enabled": false}, "INDEX_SLOW_LOGS": {"Enabled": "true"}})
	not lib.none_enabled({"AUDIT_LOGS": {"Enabled": unk}})
	not lib.none_enabled({"AUDIT_LOGS": unk})
	not lib.none_enabled(unk)
}

test_none_enabled_list if {
	lib.none_enabled([{"Enabled": "false"}])
	not lib.none_enabled([{"Enabled": true}])
}

test_names_resource if {
	lib.names_resource({"$unknown": "Ref", "ref": "Vpc"}) with input as {"resources": {"Vpc": {}}}
	not lib.names_resource({"$unknown": "Ref", "ref": "Param"}) with input as {"resources": {"Vpc": {}}}
	not lib.names_resource({"$unknown": "Fn::Sub"}) with input as {"resources": {"Vpc": {}}}
}

test_equals_ci if {
	lib.equals_ci("ActiveMQ", "ACTIVEMQ")
	not lib.equals_ci({"$unknown": "Ref"}, "ACTIVEMQ")
	not lib.equals_ci(3, "3")
}
