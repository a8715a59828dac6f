package model

import (
	"testing"
	"unsafe"
)

func TestDescribe(t *testing.T) {
	for _, c := range []struct {
		v    *Value
		want string
	}{
		{nil, "absent"},
		{(&Value{Kind: String}).WithScalar("0.0.0.0/0"), `"0.0.0.0/0"`},
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

func TestValueHoldsOneOfTextFieldsItems(t *testing.T) {
	s := (&Value{Kind: String}).WithScalar("text")
	if s.Scalar() != "text" || s.Fields() != nil || s.Items() != nil {
		t.Errorf("string: scalar %q, fields %v, items %v", s.Scalar(), s.Fields(), s.Items())
	}
	m := (&Value{Kind: Map}).WithFields([]Field{{Key: "A", Value: s}})
	if m.Scalar() != "" || len(m.Fields()) != 1 || m.Items() != nil || m.Get("A") != s {
		t.Errorf("map: scalar %q, fields %v, items %v", m.Scalar(), m.Fields(), m.Items())
	}
	m.Fields()[0].Value = m
	if m.Get("A") != m {
		t.Error("writing a field did not change the value")
	}
	l := (&Value{Kind: List}).WithItems([]*Value{s, m})
	if l.Scalar() != "" || l.Fields() != nil || len(l.Items()) != 2 || l.List()[1] != m {
		t.Errorf("list: scalar %q, fields %v, items %v", l.Scalar(), l.Fields(), l.Items())
	}
	var none *Value
	if none.Scalar() != "" || none.Fields() != nil || none.Items() != nil {
		t.Error("a nil value holds something")
	}
	defer func() {
		if recover() == nil {
			t.Error("giving text to a list with items did not panic")
		}
	}()
	l.SetScalar("text")
}

// TestValueIsSmall guards the size that keeps a large template's model
// small (see Value).
func TestValueIsSmall(t *testing.T) {
	if size := unsafe.Sizeof(Value{}); size > 48 {
		t.Errorf("Value is %d bytes, want at most 48", size)
	}
}
