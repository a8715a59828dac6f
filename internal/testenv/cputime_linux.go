//go:build linux

package testenv

import (
	"time"

	"golang.org/x/sys/unix"
)

// threadClock reads the calling thread's CPU time.
func threadClock() func() time.Duration {
	return func() time.Duration {
		var ru unix.Rusage
		if err := unix.Getrusage(unix.RUSAGE_THREAD, &ru); err != nil {
			return 0
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
}
