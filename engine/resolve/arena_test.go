package resolve

import (
	"fmt"
	"testing"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/internal/arena"
	"github.com/cfnvet/cfnvet/internal/synth"
)

// sameValue describes the first difference between two resolved values, or
// returns "".
func sameValue(want, got *model.Value, path string) string {
	switch {
	case (want == nil) != (got == nil):
		return fmt.Sprintf("%s: %v, want %v", path, got, want)
	case want == nil:
		return ""
	case want.Kind != got.Kind || want.Scalar() != got.Scalar() || want.Src != got.Src || want.Describe() != got.Describe():
		return fmt.Sprintf("%s: %s at %v, want %s at %v", path, got.Describe(), got.Src, want.Describe(), want.Src)
	case len(want.Fields()) != len(got.Fields()) || len(want.Items()) != len(got.Items()):
		return fmt.Sprintf("%s: %d fields and %d items, want %d and %d", path, len(got.Fields()), len(got.Items()), len(want.Fields()), len(want.Items()))
	}
	for i, f := range want.Fields() {
		g := got.Fields()[i]
		if f.Key != g.Key || f.KeyRange != g.KeyRange {
			return fmt.Sprintf("%s: field %q at %v, want %q at %v", path, g.Key, g.KeyRange, f.Key, f.KeyRange)
		}
		if d := sameValue(f.Value, g.Value, path+"."+f.Key); d != "" {
			return d
		}
	}
	for i, it := range want.Items() {
		if d := sameValue(it, got.Items()[i], fmt.Sprintf("%s[%d]", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// TestArenaChangesNoValue resolves a template large enough for the arena
// (arena.MinDocument) with it and without, and compares every resource's values.
func TestArenaChangesNoValue(t *testing.T) {
	data := synth.Template(400)
	if len(data) < arena.MinDocument {
		t.Fatalf("the template is %d bytes, under the arena's %d", len(data), arena.MinDocument)
	}
	tpl, err := template.Parse("synth.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	with := New(tpl, Inputs{})
	without := New(tpl, Inputs{})
	if with.alloc == nil {
		t.Fatal("no arena for a large template")
	}
	without.alloc = nil
	a, b := with.views(), without.views()
	if len(a) != len(b) || len(a[0].Resources) != len(b[0].Resources) {
		t.Fatalf("views differ: %d and %d", len(a), len(b))
	}
	for j := range a {
		for i, r := range b[j].Resources {
			if d := sameValue(r.Properties, a[j].Resources[i].Properties, r.ID); d != "" {
				t.Errorf("view %d: %s", j, d)
			}
		}
	}
}
