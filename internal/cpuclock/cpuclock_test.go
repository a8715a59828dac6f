package cpuclock_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cfnvet/cfnvet/internal/cpuclock"
)

// TestBudgetCountsCPUNotWaiting: waiting (as on a busy machine) spends no
// budget, and neither does another goroutine burning CPU in parallel (a
// file scanned beside this one); burning CPU on this goroutine does.
func TestBudgetCountsCPUNotWaiting(t *testing.T) {
	budget := 30 * time.Millisecond
	var stop atomic.Bool
	defer stop.Store(true)
	if cpuclock.PerThread {
		go func() { // a busy neighbour
			for !stop.Load() {
			}
		}()
	}
	idle, cancelIdle := cpuclock.WithBudget(context.Background(), budget)
	time.Sleep(10 * budget)
	if err := context.Cause(idle); err != nil {
		t.Fatalf("a sleeping goroutine ran out of CPU budget: %v", err)
	}
	cancelIdle()
	stop.Store(true)

	busy, cancelBusy := cpuclock.WithBudget(context.Background(), budget)
	defer cancelBusy()
	deadline := time.Now().Add(time.Minute)
	spins := 0
	for busy.Err() == nil {
		if spins++; spins%1000 == 0 && time.Now().After(deadline) {
			t.Fatal("a busy goroutine was not cancelled within a minute")
		}
	}
	var be *cpuclock.BudgetError
	if err := context.Cause(busy); !errors.As(err, &be) || !errors.Is(err, cpuclock.ErrBudget) || be.Budget != budget {
		t.Fatalf("cause %v, want a BudgetError of %v", err, budget)
	}
}
