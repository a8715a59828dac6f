// Package cpuclock bounds work by the CPU time it spends instead of
// wall-clock time: a machine busy with other work slows a scan down but
// does not make it use more CPU, so a CPU budget is hit by a runaway
// evaluation and never by a loaded machine.
package cpuclock

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"
)

// ErrBudget is the cause of a context that WithBudget cancelled.
var ErrBudget = errors.New("CPU budget exhausted")

// BudgetError says which budget ran out.
type BudgetError struct{ Budget time.Duration }

func (e *BudgetError) Error() string {
	return fmt.Sprintf("%v after %s of CPU time", ErrBudget, e.Budget.Round(time.Millisecond))
}

func (e *BudgetError) Unwrap() error { return ErrBudget }

// PerThread reports whether budgets count the CPU time of their own OS
// thread only (Linux). Elsewhere they count the whole process's, which
// includes work done in parallel, so a budget must be generous there.
const PerThread = perThread

// WithBudget returns a context that is cancelled, with a *BudgetError as
// its cause, once the calling goroutine has spent budget of CPU time after
// the call. It locks the goroutine to its OS thread, whose CPU clock is
// the measure, until the returned cancel function is called; both calls
// must be made on the same goroutine. Nothing polls: a timer fires at the
// earliest wall time the budget could be spent (a thread's clock runs at
// most as fast as the wall clock, a process's as fast times its threads),
// reads the clock, and re-arms for what is left.
func WithBudget(ctx context.Context, budget time.Duration) (context.Context, context.CancelFunc) {
	runtime.LockOSThread()
	clock := currentThreadClock()
	ctx, cancel := context.WithCancelCause(ctx)
	start := clock()
	speed := time.Duration(1)
	if !perThread {
		speed = time.Duration(max(1, runtime.GOMAXPROCS(0)))
	}
	var timer *time.Timer
	check := func() {
		if ctx.Err() != nil {
			return
		}
		left := budget - (clock() - start)
		if left <= 0 {
			cancel(&BudgetError{Budget: budget})
			return
		}
		timer.Reset(max(left/speed, time.Millisecond))
	}
	timer = time.AfterFunc(time.Hour, check) // armed below, once timer is set
	timer.Reset(max(budget/speed, time.Millisecond))
	return ctx, func() {
		timer.Stop()
		cancel(context.Canceled)
		runtime.UnlockOSThread()
	}
}
