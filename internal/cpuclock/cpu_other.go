//go:build !unix

package cpuclock

import "time"

const perThread = false

// currentThreadClock stands in wall time for CPU time where getrusage is
// missing: an upper bound of one thread's CPU time, so budgets end sooner,
// never later.
func currentThreadClock() func() time.Duration {
	start := time.Now()
	return func() time.Duration { return time.Since(start) }
}
