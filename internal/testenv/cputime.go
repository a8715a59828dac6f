package testenv

import (
	"runtime"
	"runtime/debug"
	"time"
)

// CPUTime runs fn on one locked OS thread with the garbage collector off
// and returns the CPU time that thread spent (on Linux; the process's CPU
// time on other Unix systems, wall time elsewhere). Unlike wall time it
// does not grow when other processes or parallel tests take the machine,
// so ratio tests built on it hold on a loaded 2-core runner. The collector
// runs once before fn, so earlier garbage is not charged to it.
func CPUTime(fn func()) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	clock := threadClock()
	start := clock()
	fn()
	return clock() - start
}
