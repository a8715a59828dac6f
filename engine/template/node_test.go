package template

import (
	"testing"
	"unsafe"
)

func TestNodeHoldsOneOfTextEntriesItems(t *testing.T) {
	at := Range{Line: 3, Col: 5, EndLine: 3, EndCol: 9}
	scalar := NewScalar(String, "text", at)
	if scalar.Value() != "text" || scalar.Entries() != nil || scalar.Items() != nil {
		t.Errorf("scalar: value %q, entries %v, items %v", scalar.Value(), scalar.Entries(), scalar.Items())
	}
	m := NewMap([]Entry{{Key: "A", Value: scalar}, {Key: "B", Value: scalar}}, Range{})
	if m.Value() != "" || len(m.Entries()) != 2 || m.Items() != nil || m.Get("B") != scalar {
		t.Errorf("map: value %q, entries %v, items %v", m.Value(), m.Entries(), m.Items())
	}
	m.Entries()[1].Value = m // elements are the node's own
	if m.Get("B") != m {
		t.Error("writing an entry did not change the node")
	}
	l := NewList([]*Node{scalar, m}, Range{})
	if l.Value() != "" || l.Entries() != nil || len(l.Items()) != 2 || l.Items()[1] != m {
		t.Errorf("list: value %q, entries %v, items %v", l.Value(), l.Entries(), l.Items())
	}
	scalar.SetValue("")
	if scalar.Value() != "" {
		t.Errorf("emptied scalar holds %q", scalar.Value())
	}
	m.SetValue("") // no text for a mapping: nothing to clear, entries kept
	if len(m.Entries()) != 2 {
		t.Errorf("clearing a mapping's text dropped its entries: %v", m.Entries())
	}
	var none *Node
	if none.Value() != "" || none.Entries() != nil || none.Items() != nil {
		t.Error("a nil node holds something")
	}
}

func TestNodeRefusesASecondKindOfContent(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("giving text to a mapping with entries did not panic")
		}
	}()
	m := NewMap([]Entry{{Key: "A"}}, Range{})
	m.SetValue("text")
}

// TestNodeIsSmall guards the size that keeps a large template's tree small
// (see Node).
func TestNodeIsSmall(t *testing.T) {
	if size := unsafe.Sizeof(Node{}); size > 32 {
		t.Errorf("Node is %d bytes, want at most 32", size)
	}
}
