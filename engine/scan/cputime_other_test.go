//go:build !unix

package scan_test

import "time"

// processCPU is not measured here; the suite falls back to wall time.
func processCPU() (time.Duration, bool) { return 0, false }
