// Package hostile generates templates shaped to make a linter work out of
// proportion to their size: values that double at each level of nesting,
// references that rebuild the same value per use, searches over
// combinations, expansions and deep nesting. The hostile-input suite
// (engine/scan) scans each at two sizes and holds time and memory to the
// size; the fuzz targets start from each.
package hostile

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Shape is one kind of hostile template.
type Shape struct {
	Name string
	// File is the name it is scanned under; its extension tells YAML from
	// JSON for the reader.
	File string
	// Generate returns the template at scale n ≥ 1; its size in bytes is
	// about proportional to n.
	Generate func(n int) []byte
	// Scale is the n at which the template is about 16 KB.
	Scale int
	// Want is text that the scan's error or one of its warnings contains
	// at twice Scale: the guard that keeps the shape bounded took effect.
	// Empty when the shape is bounded without one.
	Want string
}

// Shapes lists every hostile shape.
func Shapes() []Shape {
	return []Shape{
		{Name: "sub-doubling", File: "sub.json", Generate: subDoubling, Scale: 12, Want: "treated as unknown"},
		{Name: "findinmap-doubling", File: "findinmap.json", Generate: findInMapDoubling, Scale: 6, Want: "treated as unknown"},
		{Name: "if-doubling", File: "ifdoubling.json", Generate: ifDoubling, Scale: 20, Want: "treated as unknown"},
		{Name: "if-combinations", File: "ifcombinations.json", Generate: ifCombinations, Scale: 120},
		{Name: "condition-tree", File: "conditiontree.json", Generate: conditionTree, Scale: 200},
		{Name: "split-doubling", File: "split.json", Generate: splitDoubling, Scale: 24, Want: "treated as unknown"},
		{Name: "list-parameter-refs", File: "listparam.json", Generate: listParameterRefs, Scale: 120, Want: "treated as unknown"},
		{Name: "sub-parameter-refs", File: "subparam.json", Generate: subParameterRefs, Scale: 30, Want: "treated as unknown"},
		{Name: "condition-chain", File: "conditions.json", Generate: conditionChain, Scale: 70},
		{Name: "if-variants", File: "variants.json", Generate: ifVariants, Scale: 40},
		{Name: "sam-globals", File: "globals.json", Generate: samGlobals, Scale: 160, Want: "Globals.Function"},
		{Name: "foreach-nested", File: "foreach.yaml", Generate: forEachNested, Scale: 1600, Want: "Fn::ForEach expands to more than"},
		{Name: "alias-bomb", File: "aliases.yaml", Generate: aliasBomb, Scale: 200, Want: "not expanded"},
		{Name: "yaml-flow-deep", File: "flow.yaml", Generate: func(n int) []byte { return YAMLFlow(n, true) }, Scale: 8000, Want: "nesting deeper than"},
		{Name: "yaml-flow-unclosed", File: "unclosed.yaml", Generate: func(n int) []byte { return YAMLFlow(n, false) }, Scale: 16000, Want: "nesting deeper than"},
		{Name: "yaml-block-deep", File: "block.yaml", Generate: yamlBlockDeep, Scale: 8000, Want: "depth"},
		{Name: "json-deep", File: "deep.json", Generate: jsonDeep, Scale: 3200, Want: "nesting deeper than"},
		{Name: "json-minified", File: "minified.json", Generate: MinifiedJSON, Scale: 110},
		{Name: "json-minified-policies", File: "policies.json", Generate: MinifiedPolicies, Scale: 85},
	}
}

// Seed is a shape at an eighth of its Scale, small enough for a fuzz
// target to start from and still past the limit that bounds it.
func (s Shape) Seed() []byte { return s.Generate(max(1, s.Scale/8)) }

// Plain is an ordinary template of n buckets (about 140 bytes each), the
// baseline the shapes' times are compared with.
func Plain(n int) []byte {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n")
	for i := range n {
		fmt.Fprintf(&b, "  Bucket%d:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub 'b-%d-${AWS::Region}'\n      Tags: [{Key: k, Value: v}]\n", i, i)
	}
	return []byte(b.String())
}

func mustJSON(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps, slices and strings: cannot fail
	}
	return data
}

func resources(n int, props func(i int) map[string]any) map[string]any {
	res := map[string]any{}
	for i := range n {
		res[fmt.Sprintf("R%d", i)] = map[string]any{"Type": "AWS::S3::Bucket", "Properties": props(i)}
	}
	return res
}

// SubChain nests {"Fn::Sub": ["${V}${V}", {"V": …}]} depth times around
// leaf: the string doubles at each level.
func SubChain(depth int, leaf any) any {
	v := leaf
	for range depth {
		v = map[string]any{"Fn::Sub": []any{"${V}${V}", map[string]any{"V": v}}}
	}
	return v
}

// subDoubling: n buckets, each named by a 40-level Fn::Sub doubling chain
// (a trillion characters if resolved; the 40 levels never
// finished, 28 took minutes).
func subDoubling(n int) []byte {
	return mustJSON(map[string]any{"Resources": resources(n, func(int) map[string]any {
		return map[string]any{"BucketName": SubChain(40, "a")}
	})})
}

// ifDoubling: n buckets named by a 24-level chain whose every level is an
// Fn::If on a condition no default decides, choosing between the doubled
// value below and a constant: both variants double.
func ifDoubling(n int) []byte {
	v := any("a")
	for range 24 {
		v = map[string]any{"Fn::If": []any{"C", map[string]any{"Fn::Sub": []any{"${V}${V}", map[string]any{"V": v}}}, "b"}}
	}
	return mustJSON(map[string]any{
		"Parameters": map[string]any{"E": map[string]any{"Type": "String", "AllowedValues": []any{"x", "y"}}},
		"Conditions": map[string]any{"C": map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "E"}, "x"}}},
		"Resources": resources(n, func(int) map[string]any {
			return map[string]any{"BucketName": v}
		})})
}

// ifCombinations: one bucket whose name joins n Fn::If, each on its own
// condition that no default decides: 2^n combinations of values.
func ifCombinations(n int) []byte {
	params, conds := map[string]any{}, map[string]any{}
	parts := []any{}
	for i := range n {
		params[fmt.Sprintf("E%d", i)] = map[string]any{"Type": "String", "AllowedValues": []any{"x", "y"}}
		conds[fmt.Sprintf("C%d", i)] = map[string]any{"Fn::Equals": []any{map[string]any{"Ref": fmt.Sprintf("E%d", i)}, "x"}}
		parts = append(parts, map[string]any{"Fn::If": []any{fmt.Sprintf("C%d", i), "a", "b"}})
	}
	return mustJSON(map[string]any{"Parameters": params, "Conditions": conds,
		"Resources": resources(1, func(int) map[string]any {
			return map[string]any{"BucketName": map[string]any{"Fn::Join": []any{"", parts}}}
		})})
}

// conditionTree: n conditions, each the Fn::Or of the one before and its
// negation (2^n evaluations unless each is evaluated once), on a parameter
// no default decides; a bucket on the last.
func conditionTree(n int) []byte {
	conds := map[string]any{"C0": map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "E"}, "x"}}}
	for i := 1; i < n; i++ {
		prev := map[string]any{"Condition": fmt.Sprintf("C%d", i-1)}
		conds[fmt.Sprintf("C%d", i)] = map[string]any{"Fn::Or": []any{prev, map[string]any{"Fn::Not": []any{prev}}}}
	}
	return mustJSON(map[string]any{
		"Parameters": map[string]any{"E": map[string]any{"Type": "String", "AllowedValues": []any{"x", "y"}}},
		"Conditions": conds,
		"Resources": map[string]any{"B": map[string]any{"Type": "AWS::S3::Bucket", "Condition": fmt.Sprintf("C%d", n-1),
			"Properties": map[string]any{"BucketName": "x"}}}})
}

// findInMapDoubling: n mappings whose entry lK joins two Fn::FindInMap of
// lK-1, 24 levels each, and a bucket named by each top entry.
func findInMapDoubling(n int) []byte {
	mappings := map[string]any{}
	for m := range n {
		name := fmt.Sprintf("M%d", m)
		entries := map[string]any{"l0": "a"}
		for i := 1; i <= 24; i++ {
			prev := map[string]any{"Fn::FindInMap": []any{name, "k", fmt.Sprintf("l%d", i-1)}}
			entries[fmt.Sprintf("l%d", i)] = map[string]any{"Fn::Join": []any{"", []any{prev, prev}}}
		}
		mappings[name] = map[string]any{"k": entries}
	}
	return mustJSON(map[string]any{"Mappings": mappings, "Resources": resources(n, func(i int) map[string]any {
		return map[string]any{"BucketName": map[string]any{"Fn::FindInMap": []any{fmt.Sprintf("M%d", i), "k", "l24"}}}
	})})
}

// splitDoubling: n buckets whose tags split a doubled "a," on commas.
func splitDoubling(n int) []byte {
	return mustJSON(map[string]any{"Resources": resources(n, func(int) map[string]any {
		return map[string]any{"Tags": map[string]any{"Fn::Split": []any{",", SubChain(20, "a,")}}}
	})})
}

// listParameterRefs: a CommaDelimitedList parameter of 2000 items and n
// buckets referring to it (a list built per use).
func listParameterRefs(n int) []byte {
	return mustJSON(map[string]any{
		"Parameters": map[string]any{"L": map[string]any{"Type": "CommaDelimitedList", "Default": strings.Repeat("a,", 1999) + "a"}},
		"Resources": resources(n, func(int) map[string]any {
			return map[string]any{"Tags": map[string]any{"Ref": "L"}}
		})})
}

// subParameterRefs: a 4000-character parameter and n buckets whose name
// substitutes it 50 times.
func subParameterRefs(n int) []byte {
	return mustJSON(map[string]any{
		"Parameters": map[string]any{"P": map[string]any{"Type": "String", "Default": strings.Repeat("p", 4000)}},
		"Resources": resources(n, func(int) map[string]any {
			return map[string]any{"BucketName": map[string]any{"Fn::Sub": strings.Repeat("${P}", 50)}}
		})})
}

// conditionChain: n conditions, each true only when its own parameter and
// every earlier condition's are changed from the default, and a bucket on
// each: the search for parameter values that switch them on.
func conditionChain(n int) []byte {
	params, conds := map[string]any{}, map[string]any{}
	res := map[string]any{}
	for i := range n {
		params[fmt.Sprintf("P%d", i)] = map[string]any{"Type": "String", "Default": "a"}
		eq := map[string]any{"Fn::Equals": []any{map[string]any{"Ref": fmt.Sprintf("P%d", i)}, "b"}}
		cond := any(eq)
		if i > 0 {
			cond = map[string]any{"Fn::And": []any{eq, map[string]any{"Condition": fmt.Sprintf("C%d", i-1)}}}
		}
		conds[fmt.Sprintf("C%d", i)] = cond
		res[fmt.Sprintf("R%d", i)] = map[string]any{"Type": "AWS::S3::Bucket", "Condition": fmt.Sprintf("C%d", i),
			"Properties": map[string]any{"BucketName": "x"}}
	}
	return mustJSON(map[string]any{"Parameters": params, "Conditions": conds, "Resources": res})
}

// ifVariants: n security groups, each with three Fn::If on conditions no
// default decides (parameters with AllowedValues only): 8 variants each.
func ifVariants(n int) []byte {
	params := map[string]any{}
	conds := map[string]any{}
	for i := range 3 {
		params[fmt.Sprintf("E%d", i)] = map[string]any{"Type": "String", "AllowedValues": []any{"x", "y"}}
		conds[fmt.Sprintf("C%d", i)] = map[string]any{"Fn::Equals": []any{map[string]any{"Ref": fmt.Sprintf("E%d", i)}, "x"}}
	}
	res := map[string]any{}
	for i := range n {
		ingress := []any{}
		for c := range 3 {
			ingress = append(ingress, map[string]any{"Fn::If": []any{fmt.Sprintf("C%d", c),
				map[string]any{"CidrIp": "0.0.0.0/0", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22},
				map[string]any{"CidrIp": "10.0.0.0/8", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22}}})
		}
		res[fmt.Sprintf("SG%d", i)] = map[string]any{"Type": "AWS::EC2::SecurityGroup",
			"Properties": map[string]any{"GroupDescription": "g", "SecurityGroupIngress": ingress}}
	}
	return mustJSON(map[string]any{"Parameters": params, "Conditions": conds, "Resources": res})
}

// samGlobals: n Globals.Function variables inherited by n functions.
func samGlobals(n int) []byte {
	vars := map[string]any{}
	res := map[string]any{}
	for i := range n {
		vars[fmt.Sprintf("V%d", i)] = "x"
		res[fmt.Sprintf("F%d", i)] = map[string]any{"Type": "AWS::Serverless::Function",
			"Properties": map[string]any{"CodeUri": "s3://b/k"}}
	}
	return mustJSON(map[string]any{"Transform": "AWS::Serverless-2016-10-31",
		"Globals":   map[string]any{"Function": map[string]any{"Runtime": "python3.12", "Handler": "a.h", "Environment": map[string]any{"Variables": vars}}},
		"Resources": res})
}

// forEachNested: two nested Fn::ForEach loops over n/2 items: (n/2)²
// buckets from a file of about 5n bytes.
func forEachNested(n int) []byte {
	items := make([]string, max(n/2, 1))
	for i := range items {
		items[i] = fmt.Sprintf("i%d", i)
	}
	list := "[" + strings.Join(items, ", ") + "]"
	return []byte("Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::A:\n    - X\n    - " + list +
		"\n    - Fn::ForEach::B:\n        - Y\n        - " + list +
		"\n        - B${X}${Y}:\n            Type: AWS::S3::Bucket\n            Properties: {BucketName: x}\n")
}

// aliasBomb: n levels of anchors, each aliasing the one before ten times
// (10^n values if expanded).
func aliasBomb(n int) []byte {
	var b strings.Builder
	b.WriteString("Resources:\n  B:\n    Type: AWS::S3::Bucket\nMetadata:\n  l0: &l0 [x]\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  l%d: &l%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d,", i-1), 10), ","))
	}
	return []byte(b.String())
}

// YAMLFlow is a property nested in depth flow sequences, closed or never
// closed (invalid, so the error is worded by the second parser).
func YAMLFlow(depth int, closed bool) []byte {
	closing := ""
	if closed {
		closing = strings.Repeat("]", depth)
	}
	return []byte("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: " +
		strings.Repeat("[", depth) + closing + "\n")
}

// yamlBlockDeep: n block sequences nested on one line ("- - - x").
func yamlBlockDeep(n int) []byte {
	return []byte("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n        " + strings.Repeat("- ", n) + "x\n")
}

// jsonDeep: a property nested in n JSON objects.
func jsonDeep(n int) []byte {
	return []byte(`{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"Tags": ` +
		strings.Repeat(`{"a": `, n) + "1" + strings.Repeat("}", n) + "}}}}")
}

// MinifiedJSON is n security groups on one line, the way tools write JSON
// (about 175 bytes each).
func MinifiedJSON(n int) []byte {
	res := map[string]any{}
	for i := range n {
		res[fmt.Sprintf("SG%d", i)] = map[string]any{"Type": "AWS::EC2::SecurityGroup", "Properties": map[string]any{
			"GroupDescription": "g", "SecurityGroupIngress": []any{map[string]any{"CidrIp": "0.0.0.0/0", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22}}}}
	}
	return mustJSON(map[string]any{"Resources": res})
}

// MinifiedPolicies is n IAM policies on one line, each document written as
// a JSON string (about 190 bytes each): a finding inside one is located by
// decoding that string's source text.
func MinifiedPolicies(n int) []byte {
	document := string(mustJSON(map[string]any{"Version": "2012-10-17",
		"Statement": []any{map[string]any{"Effect": "Allow", "Action": "*", "Resource": "*"}}}))
	res := map[string]any{}
	for i := range n {
		res[fmt.Sprintf("P%d", i)] = map[string]any{"Type": "AWS::IAM::ManagedPolicy", "Properties": map[string]any{"PolicyDocument": document}}
	}
	return mustJSON(map[string]any{"Resources": res})
}
