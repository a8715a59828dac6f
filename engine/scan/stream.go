package scan

import (
	"bytes"
	"context"
	"github.com/cfnvet/cfnvet/engine/finding"
	"os"
	"sync"

	"github.com/cfnvet/cfnvet/engine/nested"
)

// orderedEmitter hands finished file results to a callback in input order:
// a file that finishes early waits for the files before it, and each
// completed prefix is handed over at once. It stays closed (nothing is
// handed over before the scan ends) until open is called, and for good if
// shut is: a scan whose files may nest stacks cannot know a file's final
// result before every parent is scanned.
type orderedEmitter struct {
	mu      sync.Mutex
	each    func(finding.FileResult) finding.FileResult
	results []finding.FileResult
	done    []bool
	next    int
	state   emitState
}

type emitState int

const (
	emitUndecided emitState = iota
	emitOpen
	emitShut
)

func newOrderedEmitter(n int, each func(finding.FileResult) finding.FileResult) *orderedEmitter {
	return &orderedEmitter{each: each, results: make([]finding.FileResult, n), done: make([]bool, n)}
}

// finish records file i's result and hands over what it completes.
func (o *orderedEmitter) finish(i int, res finding.FileResult) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.results[i], o.done[i] = res, true
	o.flush()
}

// decide opens or shuts the stream.
func (o *orderedEmitter) decide(open bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.state != emitUndecided {
		return
	}
	o.state = emitShut
	if open {
		o.state = emitOpen
		o.flush()
	}
}

// flush hands over the completed prefix, keeping of each result what the
// callback returns; the caller holds mu, so the callback is never called
// concurrently.
func (o *orderedEmitter) flush() {
	if o.state != emitOpen {
		return
	}
	for o.next < len(o.done) && o.done[o.next] {
		o.results[o.next] = o.each(o.results[o.next])
		o.next++
	}
}

// collect shuts the stream for good and returns every result (what was
// kept of those handed over) and how many were handed over.
func (o *orderedEmitter) collect() ([]finding.FileResult, int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.state = emitShut
	return o.results, o.next
}

// mayNestStacks reports whether any of the files could nest a stack, read
// from their bytes before they are parsed: one that names a nesting
// resource type, or that could spell one without writing it out (an
// escape sequence in a quoted string, a line continuation, Fn::ForEach
// building the type), or that cannot be read now. Standard input can
// neither nest nor be nested (its children have no folder to be in).
func mayNestStacks(ctx context.Context, files []Input) bool {
	for _, in := range files {
		if ctx.Err() != nil {
			return true // the scan ended first: nothing is left to stream
		}
		if in.Path == "-" || in.Err != "" || in.Skip != "" {
			continue
		}
		info, err := os.Stat(in.Path)
		if err != nil || !info.Mode().IsRegular() {
			return true
		}
		f, err := os.Open(in.Path)
		if err != nil {
			return true
		}
		data, err := readSized(f, info.Size())
		f.Close()
		if err != nil || len(data) > MaxFileSize || couldNest(data) {
			return true
		}
	}
	return false
}

// spellingMarkers are what a template needs to name a type without
// writing it out: YAML and JSON escapes that produce letters, a
// double-quoted line continuation, and Fn::ForEach substitution.
var spellingMarkers = [][]byte{[]byte(`\u`), []byte(`\U`), []byte(`\x`), []byte("\\\n"), []byte("\\\r"), []byte("ForEach")}

func couldNest(data []byte) bool {
	for _, t := range nested.NestingTypes() {
		if bytes.Contains(data, []byte(t)) {
			return true
		}
	}
	for _, m := range spellingMarkers {
		if bytes.Contains(data, m) {
			return true
		}
	}
	return false
}
