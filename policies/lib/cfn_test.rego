package cfnvet.lib_test

import data.cfnvet.lib

unknown_ref := {"$unknown": "Ref", "ref": "Bucket"}

test_is_unknown if {
	lib.is_unknown(unknown_ref)
	not lib.is_unknown({"Ref": "x"})
	not lib.is_unknown("x")
}

test_booleans_are_cloudformation_booleans if {
	lib.is_true(true)
	lib.is_true("True")
	lib.is_true("true")
	lib.is_false(false)
	lib.is_false("FALSE")
	not lib.is_true("yes")
	not lib.is_true(unknown_ref)
	not lib.is_false(unknown_ref)
	not lib.is_false(null)
}

test_absent_only_for_known_mappings if {
	lib.absent({"a": 1}, "b")
	not lib.absent({"b": false}, "b")
	not lib.absent(unknown_ref, "b")
}

test_props if {
	lib.props({"Type": "T"}) == {}
	lib.props({"Type": "T", "Properties": {"a": 1}}) == {"a": 1}
	not lib.props({"Type": "T", "Properties": unknown_ref})
}

test_specified if {
	lib.specified("arn:aws:kms:us-east-1:1:key/x")
	lib.specified(unknown_ref)
	lib.specified(3)
	not lib.specified("")
	not lib.specified("  ")
	not lib.specified(null)
}

test_refers_to if {
	lib.refers_to(unknown_ref, "Bucket", "BucketName")
	lib.refers_to("logs", "Logs", "BucketName") with input as {"resources": {"Logs": {"Properties": {"BucketName": "logs"}}}}
	not lib.refers_to("other", "Logs", "BucketName") with input as {"resources": {"Logs": {"Properties": {"BucketName": "logs"}}}}
}

test_assume_aws_defaults if {
	lib.assume_aws_defaults with input as {}
	not lib.assume_aws_defaults with input as {"options": {"assume_aws_defaults": false}}
}

test_may_refer_to if {
	resources := {"Named": {"Properties": {"BucketName": "logs"}}, "Generated": {"Properties": {}}}
	lib.may_refer_to({"$unknown": "Ref", "ref": "SomeParameter"}, "Named", "BucketName") with input as {"resources": resources}
	lib.may_refer_to({"$unknown": "Ref", "ref": "SomeParameter"}, "Generated", "BucketName") with input as {"resources": resources}
	not lib.may_refer_to({"$unknown": "Fn::ImportValue"}, "Named", "BucketName") with input as {"resources": resources}
	not lib.may_refer_to({"$unknown": "Ref", "ref": "Generated"}, "Named", "BucketName") with input as {"resources": resources}
	not lib.may_refer_to("logs", "Named", "BucketName") with input as {"resources": resources}
}

test_refers_to_same_sub_text if {
	resources := {"Logs": {"Properties": {"BucketName": {"$unknown": "Fn::Sub", "partial": "${App}-logs"}}}}
	lib.refers_to({"$unknown": "Fn::Sub", "partial": "${App}-logs"}, "Logs", "BucketName") with input as {"resources": resources}
	not lib.refers_to({"$unknown": "Fn::Sub", "partial": "${App}-data"}, "Logs", "BucketName") with input as {"resources": resources}
}
