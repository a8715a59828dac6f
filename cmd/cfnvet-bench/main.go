// Command cfnvet-bench measures whole cfnvet processes on the workloads of
// issue 12: it builds the binary, writes the synthetic workloads into a
// temporary directory, and for each workload runs `cfnvet scan` and
// `cfnvet scan --parse-only` alternately, after a warm-up, printing the
// ratio of the two first, then the medians of wall time and CPU time (user
// + system, from the child's rusage) and the peak RSS. Absolute times on a
// shared machine are noisy; the ratios, measured in the same run under the
// same load, are the figures to compare. `make bench` runs it.
//
//	go run ./cmd/cfnvet-bench [-runs 5] [-only small,corpus]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/cfnvet/cfnvet/internal/synth"
)

// Reference figures of issue 12 (measured by the project on a 2-core
// machine, 2026-12-07): the peers' CPU seconds on the same workloads.
const (
	cfnNagSmallCPU  = 0.88 // one 31-line S3 template
	cfnNagCorpusCPU = 3.64 // ../shared/corpus/aws-templates
)

// workload is one scan target.
type workload struct {
	name, desc string
	target     string
}

// measurement is one child process.
type measurement struct {
	wall, cpu time.Duration
	rssKiB    int64
	exit      int
}

// series is the runs of one command on one workload.
type series []measurement

func main() {
	runs := flag.Int("runs", 5, "measured runs per command and workload (after one warm-up)")
	only := flag.String("only", "", "comma-separated workload names to run (default: all)")
	bin := flag.String("bin", "", "cfnvet binary to measure (default: build ./cmd/cfnvet)")
	corpus := flag.String("corpus", "../shared/corpus/aws-templates", "the aws-templates corpus (optional)")
	limit := flag.Duration("timeout", 2*time.Minute, "longest a single run may take")
	flag.Parse()
	if err := run(os.Stdout, *runs, *only, *bin, *corpus, *limit); err != nil {
		fmt.Fprintf(os.Stderr, "cfnvet-bench: %v\n", err)
		os.Exit(1)
	}
}

func run(out io.Writer, runs int, only, bin, corpus string, limit time.Duration) error {
	if runs < 1 {
		return errors.New("-runs must be at least 1")
	}
	start := time.Now()
	tmp, err := os.MkdirTemp("", "cfnvet-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if bin == "" {
		bin = filepath.Join(tmp, "cfnvet")
		build := exec.Command("go", "build", "-trimpath", "-o", bin, "./cmd/cfnvet")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build cfnvet: %w", err)
		}
	}
	loads, err := workloads(tmp, corpus, out)
	if err != nil {
		return err
	}
	if only != "" {
		keep := strings.Split(only, ",")
		loads = slices.DeleteFunc(loads, func(w workload) bool { return !slices.Contains(keep, w.name) })
	}
	fmt.Fprintf(out, "cfnvet-bench %s, %s/%s, %d CPUs, load average %s; median of %d runs after a warm-up\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), loadAverage(), runs)
	fmt.Fprintf(out, "scan = cfnvet scan --no-config -q (all default rules); parse = the same with --parse-only\n\n")
	fmt.Fprintf(out, "%-12s %10s %10s | %9s %9s %9s | %9s %9s %9s | %s\n",
		"workload", "CPU ratio", "wall ratio", "scan wall", "scan CPU", "scan RSS", "parse wall", "parse CPU", "parse RSS", "exit")
	results := map[string][2]series{}
	for _, w := range loads {
		scan, parse, err := measure(bin, w, runs, limit)
		if err != nil {
			fmt.Fprintf(out, "%-12s %v\n", w.name, err)
			continue
		}
		results[w.name] = [2]series{scan, parse}
		fmt.Fprintf(out, "%-12s %9.1fx %9.1fx | %9s %9s %9s | %9s %9s %9s | %s\n", w.name,
			ratio(scan.median(cpuOf), parse.median(cpuOf)), ratio(scan.median(wallOf), parse.median(wallOf)),
			ms(scan.median(wallOf)), ms(scan.median(cpuOf)), mib(scan.peakRSS()),
			ms(parse.median(wallOf)), ms(parse.median(cpuOf)), mib(parse.peakRSS()), scan.exits())
	}
	fmt.Fprintln(out)
	for _, w := range loads {
		fmt.Fprintf(out, "  %-12s %s\n", w.name, w.desc)
	}
	fmt.Fprintln(out)
	targets(out, results)
	fmt.Fprintf(out, "\ntotal %s\n", time.Since(start).Round(time.Second))
	return nil
}

// workloads writes the synthetic workloads into dir and lists them all.
func workloads(dir, corpus string, out io.Writer) ([]workload, error) {
	small, err := filepath.Abs("testdata/bench/s3-bucket.yaml")
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(small); err != nil {
		return nil, fmt.Errorf("run from the repository root: %w", err)
	}
	loads := []workload{{name: "small", desc: "testdata/bench/s3-bucket.yaml: one 31-line S3 template", target: small}}
	if info, err := os.Stat(corpus); err == nil && info.IsDir() {
		loads = append(loads, workload{name: "corpus", desc: corpus + " (the aws-templates corpus)", target: corpus})
	} else {
		fmt.Fprintf(out, "\n*** CORPUS ABSENT: %s not found; the corpus workload is SKIPPED ***\n\n", corpus)
	}
	for _, n := range []int{100, 1000, 10000} {
		name := fmt.Sprintf("synth-%d", n)
		path := filepath.Join(dir, name+".yaml")
		data := synth.Template(n)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return nil, err
		}
		loads = append(loads, workload{name: name, target: path,
			desc: fmt.Sprintf("internal/synth template of %d resources (%d KB)", n, len(data)/1000)})
	}
	many := filepath.Join(dir, "many")
	if err := synth.WriteSmallTemplates(many, 5000); err != nil {
		return nil, err
	}
	loads = append(loads, workload{name: "files-5000", target: many,
		desc: fmt.Sprintf("a directory of 5,000 internal/synth small templates (%d resources each)", synth.UnitSize)})
	return loads, nil
}

// measure runs one warm-up of each command, then alternates scan and
// parse-only runs so that both see the same machine load.
func measure(bin string, w workload, runs int, limit time.Duration) (scan, parse series, err error) {
	scanArgs := []string{"scan", "--no-config", "-q", w.target}
	parseArgs := []string{"scan", "--no-config", "-q", "--parse-only", w.target}
	for _, args := range [][]string{scanArgs, parseArgs} {
		m, err := child(bin, args, limit)
		if err != nil {
			return nil, nil, err
		}
		if m.exit > 1 && slices.Contains(args, "--parse-only") {
			return nil, nil, fmt.Errorf("parse-only run exited %d", m.exit)
		}
	}
	for range runs {
		s, err := child(bin, scanArgs, limit)
		if err != nil {
			return nil, nil, err
		}
		p, err := child(bin, parseArgs, limit)
		if err != nil {
			return nil, nil, err
		}
		scan, parse = append(scan, s), append(parse, p)
	}
	return scan, parse, nil
}

// child runs the binary once, discarding its output, and reads its
// resource usage. Exit codes 1 (findings) and 2 (errors) are results, not
// failures of the benchmark.
func child(bin string, args []string, limit time.Duration) (measurement, error) {
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return measurement{}, fmt.Errorf("start %s: %w", bin, err)
	}
	timer := time.AfterFunc(limit, func() { _ = cmd.Process.Kill() })
	err := cmd.Wait()
	timer.Stop()
	m := measurement{wall: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() >= 0:
		m.exit = exit.ExitCode()
	case err != nil:
		return m, fmt.Errorf("%s %s: %w (killed after %s?)", bin, strings.Join(args, " "), err, limit)
	}
	m.cpu, m.rssKiB = usage(cmd.ProcessState)
	return m, nil
}

func wallOf(m measurement) time.Duration { return m.wall }
func cpuOf(m measurement) time.Duration  { return m.cpu }

func (s series) median(of func(measurement) time.Duration) time.Duration {
	if len(s) == 0 {
		return 0
	}
	v := make([]time.Duration, len(s))
	for i, m := range s {
		v[i] = of(m)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func (s series) peakRSS() int64 {
	var peak int64
	for _, m := range s {
		peak = max(peak, m.rssKiB)
	}
	return peak
}

// exits lists the distinct exit codes: 1 means findings, 2 errors.
func (s series) exits() string {
	var codes []string
	for _, m := range s {
		c := fmt.Sprint(m.exit)
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	return strings.Join(codes, ",")
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }

func mib(kib int64) string { return fmt.Sprintf("%.0f MiB", float64(kib)/1024) }

// loadAverage is the 1-minute load average where the system reports it.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	if f := strings.Fields(string(data)); len(f) > 0 {
		return f[0]
	}
	return "unknown"
}

// targets prints each target of issue 12 that these workloads measure,
// with where it stands.
func targets(out io.Writer, results map[string][2]series) {
	fmt.Fprintln(out, "targets (issue 12):")
	line := func(met bool, format string, args ...any) {
		mark := "MISSED"
		if met {
			mark = "met   "
		}
		fmt.Fprintf(out, "  %s %s\n", mark, fmt.Sprintf(format, args...))
	}
	if r, ok := results["small"]; ok {
		scan := r[0]
		cpu := scan.median(cpuOf).Seconds()
		line(scan.median(wallOf) <= 15*time.Millisecond, "small: wall %s, target <= 15 ms on an idle machine (this one: load %s)",
			ms(scan.median(wallOf)), loadAverage())
		line(cpu > 0 && cfnNagSmallCPU/cpu >= 50, "small: %.0fx less CPU than cfn_nag's %.2f s (reference figure), target >= 50x",
			cfnNagSmallCPU/cpu, cfnNagSmallCPU)
	}
	if r, ok := results["corpus"]; ok {
		scan := r[0]
		cpu := scan.median(cpuOf).Seconds()
		line(scan.median(wallOf) <= 300*time.Millisecond, "corpus: wall %s, target <= 300 ms", ms(scan.median(wallOf)))
		line(cpu > 0 && cfnNagCorpusCPU/cpu >= 10, "corpus: %.1fx less CPU than cfn_nag's %.2f s (reference figure), target >= 10x",
			cfnNagCorpusCPU/cpu, cfnNagCorpusCPU)
	}
	for _, name := range []string{"corpus", "synth-100", "synth-1000", "synth-10000"} {
		if r, ok := results[name]; ok {
			x := ratio(r[0].median(cpuOf), r[1].median(cpuOf))
			line(x <= 3 && !slices.ContainsFunc(r[0], func(m measurement) bool { return m.exit > 1 }),
				"%s: scan CPU %.1fx parse-only (exit %s), target <= 3x", name, x, r[0].exits())
		}
	}
	if a, ok := results["synth-1000"]; ok {
		if b, ok := results["synth-10000"]; ok {
			x := ratio(b[0].median(cpuOf), a[0].median(cpuOf))
			line(x <= 12, "linear: 10x the resources took %.1fx the CPU (synth-1000 -> synth-10000), target ~10x (<= 12x)", x)
		}
	}
	for _, name := range []string{"corpus", "synth-10000", "files-5000"} {
		if r, ok := results[name]; ok {
			line(r[0].peakRSS() <= 64*1024, "%s: peak RSS %s, target <= 64 MiB", name, mib(r[0].peakRSS()))
		}
	}
}
