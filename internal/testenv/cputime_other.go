//go:build !linux

package testenv

import "time"

// threadClock is wall time where no thread CPU clock is read: an upper
// bound, noisier under load.
func threadClock() func() time.Duration {
	start := time.Now()
	return func() time.Duration { return time.Since(start) }
}
