package model

import "testing"

func TestDescribe(t *testing.T) {
	for _, c := range []struct {
		v    *Value
		want string
	}{
		{nil, "absent"},
		{&Value{Kind: String, Scalar: "0.0.0.0/0"}, `"0.0.0.0/0"`},
		{&Value{Kind: Unknown, Detail: &Detail{Fn: "Ref", Target: "CidrParam"}}, "Ref CidrParam"},
		// Fn::Sub/Join text with unresolved parts names what is known.
		{&Value{Kind: Unknown, Detail: &Detail{Fn: "Fn::Sub", Partial: "arn:aws:iam::${AWS::AccountId}:role/Admin"}},
			`Fn::Sub "arn:aws:iam::${AWS::AccountId}:role/Admin"`},
		{&Value{Kind: Unknown, Detail: &Detail{Fn: "Fn::ImportValue"}}, "Fn::ImportValue"},
		{&Value{Kind: Map}, "{…}"},
	} {
		if got := c.v.Describe(); got != c.want {
			t.Errorf("Describe(%+v) = %s, want %s", c.v, got, c.want)
		}
	}
}
