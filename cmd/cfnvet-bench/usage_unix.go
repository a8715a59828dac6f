//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
	"time"
)

// usage is a finished child's CPU time (user + system) and peak resident
// set size in KiB, from its rusage.
func usage(ps *os.ProcessState) (time.Duration, int64) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return ps.UserTime() + ps.SystemTime(), 0
	}
	rss := int64(ru.Maxrss) //nolint:unconvert // int32 on 32-bit platforms
	if runtime.GOOS == "darwin" {
		rss /= 1024 // bytes there, KiB on Linux and the BSDs
	}
	return ps.UserTime() + ps.SystemTime(), rss
}
