//go:build unix

package scan_test

import (
	"syscall"
	"time"
)

// processCPU is the CPU time this process has used: unlike wall time, it
// does not grow when other processes take the machine.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
