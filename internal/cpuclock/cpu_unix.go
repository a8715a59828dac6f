//go:build unix && !linux

package cpuclock

import (
	"syscall"
	"time"
)

const perThread = false

// currentThreadClock reads the process's CPU time (user and system): these
// systems name no thread clock another thread can read.
func currentThreadClock() func() time.Duration {
	return func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			return 0
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
}
