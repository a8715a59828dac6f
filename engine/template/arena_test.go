package template_test

import (
	"runtime"
	"runtime/metrics"
	"testing"

	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/internal/synth"
)

func liveHeap() int64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64())
}

// TestReleasedPropertiesFreeTheirMemory: the reader allocates the nodes,
// entries and items of resources' Properties in chunks of their own, so
// releasing them (Template.ReleaseResourceProperties) frees those chunks
// whole. A node of the kept skeleton (a resource, its Type, a Metadata
// value) in a properties chunk would keep the chunk, and so most of the
// tree, alive: allocating each resource's mapping with its properties
// keeps all 3,000 KiB of this one.
func TestReleasedPropertiesFreeTheirMemory(t *testing.T) {
	data := synth.Template(2000)
	before := liveHeap()
	tpl, err := template.Parse("synth.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	parsed := liveHeap() - before
	tpl.ReleaseResourceProperties()
	released := liveHeap() - before
	runtime.KeepAlive(tpl)
	t.Logf("%d KiB parsed (the text %d KiB), %d KiB once the properties are released", parsed>>10, len(data)>>10, released>>10)
	if released*5 > parsed*2 {
		t.Errorf("%d KiB of %d KiB are still held once the resources' properties are released; want at most two fifths", released>>10, parsed>>10)
	}
}
