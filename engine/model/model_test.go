package model_test

import (
	"testing"

	"github.com/cfnvet/cfnvet/engine/model"
)

func TestOfTypeAndDerived(t *testing.T) {
	rs := []*model.Resource{{ID: "A", Type: "T1"}, {ID: "B", Type: "T2"}, {ID: "C", Type: "T1"}}
	v := model.NewView(nil, rs)
	got := v.OfType("T1")
	if len(got) != 2 || got[0].ID != "A" || got[1].ID != "C" || len(v.OfType("T3")) != 0 {
		t.Fatalf("OfType(T1) = %v", got)
	}
	// Appending to the result must not write into the index.
	_ = append(got, &model.Resource{ID: "X", Type: "T1"})
	if again := v.OfType("T1"); len(again) != 2 {
		t.Fatalf("the index changed: %v", again)
	}
	type key struct{}
	builds := 0
	build := func(*model.View) any { builds++; return builds }
	if a, b := v.Derived(key{}, build), v.Derived(key{}, build); a != 1 || b != 1 || builds != 1 {
		t.Fatalf("Derived built %d times (values %v, %v), want once", builds, a, b)
	}
	if other := model.NewView(nil, rs).Derived(key{}, build); other != 2 {
		t.Fatalf("a new view reused another view's index: %v", other)
	}
}
