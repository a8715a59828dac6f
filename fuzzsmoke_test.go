package cfnvet_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestFuzzSmokeRetriesOnlyTheCoordinatorRace runs .ci/fuzz-smoke with a
// stand-in for go that plays back a sequence of outcomes, one per call: the
// script must run a target again only after Go's -fuzztime race (which
// writes no failing input), and fail at once on a real finding.
func TestFuzzSmokeRetriesOnlyTheCoordinatorRace(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("SKIPPED: bash is not installed, so .ci/fuzz-smoke is not checked")
	}
	const (
		pass  = "PASS"
		race  = "--- FAIL: FuzzX (20.01s)\n    context deadline exceeded\nFAIL"
		found = "--- FAIL: FuzzX (3.20s)\n    fuzz_test.go:9: boom\n    Failing input written to testdata/fuzz/FuzzX/abc\nFAIL"
		other = "--- FAIL: FuzzX (0.01s)\n    fuzz_test.go:9: build failed\nFAIL"
		// A real finding whose message mentions a deadline still wrote
		// its input, so it is not taken for the race.
		foundDeadline = "--- FAIL: FuzzX (3.20s)\n    context deadline exceeded\n    Failing input written to testdata/fuzz/FuzzX/abc\nFAIL"
	)
	for _, c := range []struct {
		name     string
		outcomes []string
		wantOK   bool
		wantRuns int
	}{
		{"passes", []string{pass}, true, 1},
		{"race then pass", []string{race, pass}, true, 2},
		{"race twice then pass", []string{race, race, pass}, true, 3},
		{"race three times", []string{race, race, race, pass}, false, 3},
		{"real finding", []string{found, pass}, false, 1},
		{"real finding mentioning a deadline", []string{foundDeadline, pass}, false, 1},
		{"other failure", []string{other, pass}, false, 1},
		{"race then real finding", []string{race, found, pass}, false, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for i, o := range c.outcomes {
				status := "1"
				if o == pass {
					status = "0"
				}
				if err := os.WriteFile(filepath.Join(dir, "outcome"+string(rune('1'+i))), []byte(o+"\n"), 0o600); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "status"+string(rune('1'+i))), []byte(status), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			// The stand-in counts its calls and plays the next outcome.
			stub := filepath.Join(dir, "go")
			script := "#!/usr/bin/env bash\nd=" + dir + "\nn=$(( $(cat $d/calls 2>/dev/null || echo 0) + 1 ))\necho $n > $d/calls\n" +
				"cat $d/outcome$n\nexit $(cat $d/status$n)\n"
			if err := os.WriteFile(stub, []byte(script), 0o700); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bash, ".ci/fuzz-smoke", "20s", "./engine/template/", "FuzzX")
			cmd.Env = append(os.Environ(), "GO="+stub)
			out, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			if err != nil && !errors.As(err, &ee) {
				t.Fatalf("run .ci/fuzz-smoke: %v", err)
			}
			if ok := err == nil; ok != c.wantOK {
				t.Errorf("succeeded = %v, want %v; output:\n%s", ok, c.wantOK, out)
			}
			calls, err := os.ReadFile(filepath.Join(dir, "calls"))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSpace(string(calls)); got != string(rune('0'+c.wantRuns)) {
				t.Errorf("go test ran %s times, want %d; output:\n%s", got, c.wantRuns, out)
			}
		})
	}
}
