//go:build !unix

package main

import (
	"os"
	"time"
)

// usage is a finished child's CPU time; peak memory is not reported here.
func usage(ps *os.ProcessState) (time.Duration, int64) {
	return ps.UserTime() + ps.SystemTime(), 0
}
