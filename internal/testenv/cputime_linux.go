//go:build linux

package testenv

import (
	"time"

	"golang.org/x/sys/unix"
)

// threadClock reads the calling thread's CPU clock. The clock is exact to
// the nanosecond; getrusage(RUSAGE_THREAD) splits the same total by
// sampled ticks and holds it monotonic, so scans of a few milliseconds
// read as zero or double.
func threadClock() func() time.Duration {
	return func() time.Duration {
		var ts unix.Timespec
		if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
			return 0
		}
		return time.Duration(ts.Nano())
	}
}
