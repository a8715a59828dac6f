package memtune

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestLimit(t *testing.T) {
	for _, c := range []struct{ floor, live, want int64 }{
		{40 << 20, 0, 40 << 20},
		{40 << 20, 10 << 20, 40 << 20},
		{40 << 20, 100 << 20, 200<<20 + headroom},
	} {
		if got := Limit(c.floor, c.live); got != c.want {
			t.Errorf("Limit(%d, %d) = %d, want %d", c.floor, c.live, got, c.want)
		}
	}
}

// currentLimit reads the limit without changing it.
func currentLimit() int64 { return debug.SetMemoryLimit(-1) }

// retain allocates n bytes in 1 MiB pieces and returns them, collecting
// after each piece so that the tuner sees the live heap grow.
func retain(n int) [][]byte {
	var held [][]byte
	for len(held) < n>>20 {
		held = append(held, make([]byte, 1<<20))
	}
	return held
}

// settle runs collections until the tuner (which runs after one, on the
// finalizer goroutine) has seen the current live heap.
func settle() {
	for range 3 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}

// currentPercent reads GOGC without changing it.
func currentPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func TestStartFollowsLiveHeapAndStops(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	before, beforePercent := currentLimit(), currentPercent()
	stop := Start(16 << 20)
	if got := currentLimit(); got != 16<<20 {
		t.Fatalf("limit after Start = %d, want the floor %d", got, 16<<20)
	}
	if got := currentPercent(); got != gcPercent {
		t.Errorf("GOGC after Start = %d, want %d", got, gcPercent)
	}
	held := retain(64 << 20)
	// The tuner runs after a collection, on the cleanup goroutine: give it
	// time to, without waiting longer than it needs.
	for i := 0; i < 200 && currentLimit() < 2*(64<<20); i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if got := currentLimit(); got < 2*(64<<20) {
		t.Errorf("limit with 64 MiB live = %d MiB, want at least twice the live heap", got>>20)
	}
	runtime.KeepAlive(held)
	stop()
	if got := currentLimit(); got != before {
		t.Errorf("limit after stop = %d, want %d as before Start", got, before)
	}
	if got := currentPercent(); got != beforePercent {
		t.Errorf("GOGC after stop = %d, want %d as before Start", got, beforePercent)
	}
	settle()
	if got := currentLimit(); got != before {
		t.Errorf("limit changed after stop: %d, want %d", got, before)
	}
}

func TestStartLeavesUserSettings(t *testing.T) {
	for _, env := range []string{"GOMEMLIMIT", "GOGC"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv("GOMEMLIMIT", "")
			t.Setenv("GOGC", "")
			t.Setenv(env, map[string]string{"GOMEMLIMIT": "1GiB", "GOGC": "100"}[env])
			before, beforePercent := currentLimit(), currentPercent()
			stop := Start(16 << 20)
			defer stop()
			if got := currentLimit(); got != before {
				t.Errorf("limit = %d with %s set, want it left at %d", got, env, before)
			}
			if got := currentPercent(); got != beforePercent {
				t.Errorf("GOGC = %d with %s set, want it left at %d", got, env, beforePercent)
			}
		})
	}
}

// gcsWhileRetaining counts the collections while 96 MiB is built up and
// held, under the limit setting set.
func gcsWhileRetaining(set func() (undo func())) uint32 {
	settle()
	undo := set()
	defer undo()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	held := retain(96 << 20)
	for range 200 { // keep allocating garbage with the live set held
		_ = make([]byte, 1<<20)
	}
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(held)
	return after.NumGC - before.NumGC
}

// TestNoCollectionStorm checks that a live heap far above the floor does
// not make the collector run without pause, as a fixed limit does: the
// tuner's collections stay within a small multiple of GOGC's alone, while
// a fixed limit at the floor (the control) exceeds that bound.
func TestNoCollectionStorm(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	// A busy machine lowers the fixed-limit control's count (the runtime
	// caps the collector's share of the CPU, so slower collections mean
	// fewer of them) and can raise the others: a measurement that misses
	// is taken again, up to three times, keeping the tuned count's lowest
	// and the control's highest reading.
	var plain, tuned, fixed, bound uint32
	for attempt := range 3 {
		p := gcsWhileRetaining(func() func() { return func() {} })
		tn := gcsWhileRetaining(func() func() { return Start(16 << 20) })
		fx := gcsWhileRetaining(func() func() {
			prev := debug.SetMemoryLimit(16 << 20)
			return func() { debug.SetMemoryLimit(prev) }
		})
		if attempt == 0 || tn < tuned {
			tuned = tn
		}
		plain, fixed = max(plain, p), max(fixed, fx)
		bound = 3*plain + 6
		t.Logf("collections: GOGC alone %d, tuned %d, fixed limit %d (bound %d)", p, tn, fx, bound)
		if tuned <= bound && fixed > bound {
			break
		}
	}
	if tuned > bound {
		t.Errorf("with the tuner %d collections, GOGC alone %d: the limit does not follow the live heap", tuned, plain)
	}
	if fixed <= bound {
		t.Errorf("the fixed-limit control made only %d collections (bound %d): the measure cannot see a storm", fixed, bound)
	}
	debug.SetMemoryLimit(math.MaxInt64)
}
