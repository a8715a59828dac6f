//go:build linux

package cpuclock

import (
	"time"

	"golang.org/x/sys/unix"
)

const perThread = true

// currentThreadClock reads the CPU time of the calling OS thread, from any
// goroutine: Linux names a thread's CPU clock by its thread id (the clock
// id pthread_getcpuclockid returns: the inverted tid shifted left by 3,
// with the per-thread and scheduler-clock bits set).
func currentThreadClock() func() time.Duration {
	id := (^int32(unix.Gettid()))<<3 | 6
	return func() time.Duration {
		var ts unix.Timespec
		if err := unix.ClockGettime(id, &ts); err != nil {
			return 0 // the thread is gone: nothing more is spent on it
		}
		return time.Duration(ts.Nano())
	}
}
