package scan

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/internal/cpuclock"
)

// FileBudget bounds the CPU time one file's scan may take (load, resolve,
// every rule): Base plus PerKiB for every KiB of the file. CPU time does
// not grow when the machine is busy, so only a runaway file reaches it.
type FileBudget struct {
	Base, PerKiB time.Duration
}

// DefaultFileBudget is generous: a scan costs about 0.6 ms of CPU per KiB
// (the 3.5 MB synthetic template of 10,001 resources takes about 2 s), so
// this is thirty times that plus 20 s for start-up effects.
func DefaultFileBudget() FileBudget {
	return FileBudget{Base: 20 * time.Second, PerKiB: 20 * time.Millisecond}
}

// For is the budget of a file of size bytes.
func (b FileBudget) For(size int) time.Duration {
	return b.Base + time.Duration((size+1023)/1024)*b.PerKiB
}

func (b FileBudget) String() string {
	return fmt.Sprintf("%s plus %s per KiB", b.Base, b.PerKiB)
}

// runner is a goroutine that scans one worker's files one after another,
// so each scan starts on the stack the earlier ones grew: OPA's evaluation
// and yaml.v3 recurse deeply, and growing a new goroutine's stack for every
// file was 7% of the CPU of a corpus scan (runtime.copystack).
type runner struct{ jobs chan func() }

func newRunner() *runner {
	r := &runner{jobs: make(chan func())}
	go func() {
		for job := range r.jobs {
			job()
		}
	}()
	return r
}

// runnerSlot is a worker's current runner; the zero value starts one when
// first needed.
type runnerSlot struct{ current *runner }

// start hands job to the slot's runner; a nil slot runs it on a new
// goroutine.
func (s *runnerSlot) start(job func()) {
	if s == nil {
		go job()
		return
	}
	if s.current == nil {
		s.current = newRunner()
	}
	s.current.jobs <- job
}

// abandon leaves the runner to finish its job on its own (it exits then);
// the next file gets a new one.
func (s *runnerSlot) abandon() {
	if s != nil && s.current != nil {
		close(s.current.jobs)
		s.current = nil
	}
}

// stop lets the runner exit once idle.
func (s *runnerSlot) stop() { s.abandon() }

// scanBounded scans one file's bytes within its FileBudget. The scan runs
// on a goroutine other than the caller's (slot's runner, or a new one when
// slot is nil), whose CPU time is the measure. When the budget runs out,
// the file is reported as an error naming it and the scan moves on to the
// other files: policies being evaluated see their context cancelled and
// stop; Go code that never looks at the context is left to finish on its
// own (it cannot be stopped from outside), its result unused.
func (e *Engine) scanBounded(ctx context.Context, slot *runnerSlot, name string, data []byte) finding.FileResult {
	limits := e.cfg.FileBudget
	if limits == (FileBudget{}) {
		limits = DefaultFileBudget()
	}
	budget := limits.For(len(data))
	started := make(chan context.Context, 1)
	done := make(chan finding.FileResult, 1)
	slot.start(func() {
		fileCtx, cancel := cpuclock.WithBudget(ctx, budget)
		defer cancel()
		started <- fileCtx
		done <- e.ScanBytes(fileCtx, name, data)
	})
	fileCtx := <-started
	select {
	case res := <-done:
		return res
	case <-fileCtx.Done():
	}
	if cause := context.Cause(fileCtx); !errors.Is(cause, cpuclock.ErrBudget) {
		// The scan ended (it cancels its own context) or the whole run
		// was cancelled: the result is on its way.
		return <-done
	}
	slot.abandon()
	return finding.FileResult{File: name, Err: &template.Error{File: name,
		Msg: fmt.Sprintf("not scanned: the file used up its CPU budget of %s (%s); every other file is still scanned",
			budget.Round(time.Millisecond), limits)}}
}
