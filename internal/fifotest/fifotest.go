//go:build unix

// Package fifotest makes named pipes for tests and watches whether
// anything opens them for reading: opening a pipe that no one writes to
// blocks, so a scan that does so hangs.
package fifotest

import (
	"os"
	"syscall"
	"testing"
	"time"
)

// Make creates a named pipe at path, skipping the test where the file
// system cannot hold one.
func Make(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
}

// Run calls work while watching pipes. A reader blocked opening one of
// them is released (the pipe is opened for writing and closed, so the
// reader sees an empty file and work finishes) and its path returned: no
// time limit is needed to tell a scan that would hang.
func Run(t *testing.T, work func(), pipes ...string) (opened []string) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		work()
	}()
	seen := map[string]bool{}
	for {
		select {
		case <-done:
			return opened
		default:
		}
		for _, p := range pipes {
			// Opening for writing without waiting succeeds only while a
			// reader has the pipe open (ENXIO otherwise).
			f, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0)
			if err != nil {
				continue
			}
			if !seen[p] {
				seen[p] = true
				opened = append(opened, p)
			}
			_ = f.Close()
		}
		time.Sleep(time.Millisecond)
	}
}
