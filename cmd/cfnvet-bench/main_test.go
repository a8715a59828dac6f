package main

import (
	"strings"
	"testing"
	"time"

	"github.com/cfnvet/cfnvet/internal/synth"
)

func TestRunsWithin(t *testing.T) {
	for _, c := range []struct {
		runs        int
		cost, share time.Duration
		want        int
	}{
		{5, time.Second, time.Minute, 5},           // plenty of time: what was asked
		{5, 10 * time.Second, 30 * time.Second, 3}, // three fit
		{5, time.Minute, time.Second, 1},           // none fit: still one
		{5, time.Minute, -time.Second, 1},          // past the budget: still one
		{5, 0, time.Second, 5},                     // a free warm-up
	} {
		if got := runsWithin(c.runs, c.cost, c.share); got != c.want {
			t.Errorf("runsWithin(%d, %s, %s) = %d, want %d", c.runs, c.cost, c.share, got, c.want)
		}
	}
}

// runs is a series of identical measurements.
func runs(n int, wall, cpu time.Duration, rssMiB int64, exit int) series {
	s := make(series, n)
	for i := range s {
		s[i] = measurement{wall: wall, cpu: cpu, rssKiB: rssMiB * 1024, exit: exit}
	}
	return s
}

// TestTargets: each target line says met or MISSED from the figures, and
// the cfn_nag comparison says whether it was measured here.
func TestTargets(t *testing.T) {
	results := map[string]result{
		// 10 ms CPU is 88x less than cfn_nag's reference 0.88 s.
		"small": {scan: runs(3, 12*time.Millisecond, 10*time.Millisecond, 30, 1), parse: runs(3, 8*time.Millisecond, 5*time.Millisecond, 20, 0)},
		// cfn_nag measured at 1 s, cfnvet 0.5 s: 2x, short of 10x.
		"corpus": {scan: runs(3, 400*time.Millisecond, 500*time.Millisecond, 70, 1), parse: runs(3, 100*time.Millisecond, 100*time.Millisecond, 40, 0),
			cfnNag: runs(3, time.Second, time.Second, 200, 1)},
		"synth-1000":  {scan: runs(3, time.Second, 200*time.Millisecond, 50, 1), parse: runs(3, time.Second, 100*time.Millisecond, 40, 0)},
		"synth-10000": {scan: runs(3, time.Second, 4*time.Second, 60, 2), parse: runs(3, time.Second, time.Second, 50, 0)},
	}
	var b strings.Builder
	targets(&b, results)
	out := b.String()
	for _, want := range []string{
		"met    small: wall 12 ms",
		"met    small: 88.0x less CPU than cfn_nag's 880 ms (issue 12 reference figure), target >= 50x",
		"MISSED corpus: wall 400 ms, target <= 300 ms",
		"MISSED corpus: 2.0x less CPU than cfn_nag's 1000 ms (measured here), target >= 10x",
		"MISSED corpus: scan CPU 5.0x parse-only",
		"met    synth-1000: scan CPU 2.0x parse-only (exit 1)",
		"MISSED synth-10000: scan CPU 4.0x parse-only (exit 2)",
		"MISSED linear: 10x the resources took 20.0x the CPU (synth-1000 -> synth-10000, exits 1 -> 2)",
		"MISSED corpus: peak RSS 70 MiB",
		"met    synth-10000: peak RSS 60 MiB",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("targets lack %q:\n%s", want, out)
		}
	}
	// Linear in time but cut short by an error: not met either.
	results["synth-10000"] = result{scan: runs(3, time.Second, 2*time.Second, 60, 2), parse: results["synth-10000"].parse}
	b.Reset()
	targets(&b, results)
	if want := "MISSED linear: 10x the resources took 10.0x the CPU"; !strings.Contains(b.String(), want) {
		t.Errorf("targets lack %q:\n%s", want, b.String())
	}
	if strings.Contains(out, "files-5000") {
		t.Errorf("a workload that did not run has a target line:\n%s", out)
	}
}

func TestShareOf(t *testing.T) {
	loads := []workload{{name: "a", cost: 1}, {name: "b", cost: 3}}
	if got := shareOf(time.Minute, loads); got != 15*time.Second {
		t.Errorf("share of a = %s, want a quarter of the minute", got)
	}
	if got := shareOf(time.Minute, loads[1:]); got != time.Minute {
		t.Errorf("share of the last workload = %s, want all that is left", got)
	}
	if got := shareOf(time.Minute, []workload{{name: "x"}, {name: "y"}}); got != 30*time.Second {
		t.Errorf("share without costs = %s, want an even split", got)
	}
}

// TestLargestWithin: the deployable-size workload is the largest synthetic
// template within the limit, not merely one within it.
func TestLargestWithin(t *testing.T) {
	for _, size := range []int{5_000, 100_000, maxDeployableBytes} {
		n := largestWithin(size)
		if got, next := len(synth.Template(n)), len(synth.Template(n+1)); got > size || next <= size {
			t.Errorf("largestWithin(%d) = %d: %d bytes, and %d resources make %d", size, n, got, n+1, next)
		}
	}
}
