// Package memtune bounds a process's memory near what it holds: a soft
// memory limit with a floor, raised after every garbage collection to stay
// above twice the live heap, which then decides when the collector runs.
//
// Go's default (GOGC=100) lets the heap grow to twice what survived the
// last collection. A scan of many small files holds little at any moment
// but allocates steadily, so its peak is that slack; a fixed GOMEMLIMIT
// would remove it but makes the collector run without pause once a large
// template holds more than the limit. The floor removes the slack of small
// scans, and raising the limit with the live heap leaves large ones to
// collect as GOGC=100 would.
//
// With the limit bounding memory, GOGC only adds collections that free
// nothing the limit needs: a one-file scan spent a sixth of its CPU
// collecting a heap that never reached the floor. So GOGC is raised to
// gcPercent while the tuner runs.
//
// HugePages (hugepages.go) makes the heap a large scan grows into cheaper
// to touch.
package memtune

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// headroom is how far above twice the live heap the limit is kept: the
// limit counts all of the runtime's memory (stacks, collector metadata),
// not only the heap.
const headroom = 8 << 20

// gcPercent is the GOGC a tuned process runs with: high enough that the
// limit, not GOGC, decides when the collector runs.
const gcPercent = 400

// Start sets the limit to floor bytes and keeps it at least twice the live
// heap plus headroom, and sets GOGC to gcPercent, until stop is called,
// which restores both. It does nothing when GOMEMLIMIT or GOGC is set: the
// user's choice stands.
func Start(floor int64) (stop func()) {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return func() {}
	}
	previous := debug.SetMemoryLimit(floor)
	previousPercent := debug.SetGCPercent(gcPercent)
	t := &tuner{floor: floor}
	t.arm()
	return func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		t.stopped = true
		debug.SetMemoryLimit(previous)
		debug.SetGCPercent(previousPercent)
	}
}

type tuner struct {
	floor int64
	// mu orders an adjustment running after a collection with stop, so
	// that none sets the limit after stop restored it.
	mu      sync.Mutex
	stopped bool
	sample  [1]metrics.Sample
}

// sentinel is allocated unreachable so that its cleanup runs after the
// next garbage collection; it holds a pointer so that it is never batched
// with other small objects, whose reachability would delay it.
type sentinel struct{ _ *tuner }

// arm runs adjust after the next garbage collection; adjust re-arms.
func (t *tuner) arm() {
	runtime.AddCleanup(&sentinel{}, (*tuner).adjust, t)
}

func (t *tuner) adjust() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	debug.SetMemoryLimit(Limit(t.floor, t.liveHeap()))
	t.arm()
}

func (t *tuner) liveHeap() int64 {
	t.sample[0].Name = "/gc/heap/live:bytes"
	metrics.Read(t.sample[:])
	if t.sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(min(t.sample[0].Value.Uint64(), math.MaxInt64/4))
}

// Limit is the memory limit for a live heap: twice it plus headroom, and
// never below floor.
func Limit(floor, live int64) int64 {
	return max(floor, 2*live+headroom)
}
