// Command cfnvet-bench measures whole cfnvet processes on the workloads of
// issue 12: it builds the binary, writes the synthetic workloads into a
// temporary directory, and for each workload runs `cfnvet scan` and
// `cfnvet scan --parse-only` alternately, after a warm-up, printing the
// ratio of the two first, then the medians of wall time and CPU time (user
// + system, from the child's rusage) and the peak RSS. Absolute times on a
// shared machine are noisy; the ratios, measured in the same run under the
// same load, are the figures to compare. `make bench` runs it.
//
// The whole run keeps within -budget (4m15s by default, so make bench ends
// in under five minutes even on a busy machine): a workload whose warm-up
// shows that the requested runs would not fit in its share of what is left
// gets fewer, and the table says so. The most expensive workloads run
// first, so the time they leave goes to the cheap ones. When cfn_nag_scan
// is on the PATH, it is measured on the small template and the corpus too;
// otherwise the cfn_nag comparisons use the reference figures of issue 12.
//
//	go run ./cmd/cfnvet-bench [-runs 5] [-only small,corpus] [-budget 4m15s]
package main

import (
	"cmp"
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
// machine in 2026, cfn_nag 0.8.10): cfn_nag's CPU time on the same
// workloads, used when cfn_nag is not installed here.
const (
	cfnNagSmallCPU  = 880 * time.Millisecond  // one 31-line S3 template
	cfnNagCorpusCPU = 3640 * time.Millisecond // ../shared/corpus/aws-templates
)

// cfnNagCommand is cfn_nag's command-line scanner.
const cfnNagCommand = "cfn_nag_scan"

// workload is one scan target.
type workload struct {
	name, desc string
	target     string
	// cost is the workload's time relative to the others' (scan and
	// parse-only each, as measured on the shared 2-core machine): the
	// time budget is shared in these proportions, so the big workloads
	// at the end are not left with less than one run needs.
	cost float64
}

// measurement is one child process.
type measurement struct {
	wall, cpu time.Duration
	rssKiB    int64
	exit      int
}

// series is the runs of one command on one workload.
type series []measurement

// result is what one workload measured: scan and parse-only runs, and
// cfn_nag's when it was measured on the workload.
type result struct {
	scan, parse, cfnNag series
}

func main() {
	runs := flag.Int("runs", 5, "measured runs per command and workload (after one warm-up)")
	only := flag.String("only", "", "comma-separated workload names to run (default: all)")
	bin := flag.String("bin", "", "cfnvet binary to measure (default: build ./cmd/cfnvet)")
	corpus := flag.String("corpus", "../shared/corpus/aws-templates", "the aws-templates corpus (optional)")
	limit := flag.Duration("timeout", 2*time.Minute, "longest a single run may take")
	budget := flag.Duration("budget", 4*time.Minute+15*time.Second,
		"time the whole run may take: workloads get fewer runs (at least one after the warm-up) to fit")
	flag.Parse()
	cfg := config{runs: *runs, only: *only, bin: *bin, corpus: *corpus, limit: *limit, budget: *budget}
	if err := run(os.Stdout, cfg); err != nil {
		fmt.Fprintf(os.Stderr, "cfnvet-bench: %v\n", err)
		os.Exit(1)
	}
}

// config is the command line.
type config struct {
	runs              int
	only, bin, corpus string
	limit, budget     time.Duration
}

func run(out io.Writer, cfg config) error {
	runs, only, bin := cfg.runs, cfg.only, cfg.bin
	if runs < 1 {
		return errors.New("-runs must be at least 1")
	}
	start := time.Now()
	deadline := start.Add(cfg.budget)
	tmp, err := os.MkdirTemp("", "cfnvet-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if bin == "" {
		bin = filepath.Join(tmp, "cfnvet")
		// Built as make build builds it: static, without symbol tables.
		build := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, "./cmd/cfnvet")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build cfnvet: %w", err)
		}
	}
	loads, err := workloads(tmp, cfg.corpus, out)
	if err != nil {
		return err
	}
	if only != "" {
		keep := strings.Split(only, ",")
		loads = slices.DeleteFunc(loads, func(w workload) bool { return !slices.Contains(keep, w.name) })
	}
	cfnNag, cfnNagErr := exec.LookPath(cfnNagCommand)
	fmt.Fprintf(out, "cfnvet-bench %s, %s/%s, %d CPUs, load average %s; median of %d runs after a warm-up (fewer where the runs column says so, to end within %s)\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), loadAverage(), runs, cfg.budget)
	fmt.Fprintf(out, "scan = cfnvet scan --no-config -q (all default rules); parse = the same with --parse-only\n")
	if cfnNagErr != nil {
		fmt.Fprintf(out, "cfn_nag: not installed (no %s on PATH), so not measured here; its comparisons below use the reference figures of issue 12\n", cfnNagCommand)
	} else {
		fmt.Fprintf(out, "cfn_nag: %s, measured on the small template and the corpus (%s --input-path TARGET)\n", cfnNag, cfnNagCommand)
	}
	fmt.Fprintf(out, "\n%-12s %10s %10s | %9s %9s %9s | %9s %9s %9s | %4s | %s\n",
		"workload", "CPU ratio", "wall ratio", "scan wall", "scan CPU", "scan RSS", "parse wall", "parse CPU", "parse RSS", "runs", "exit")
	// The most expensive workloads run first: each gets its share of the
	// time left, and what it leaves goes to the cheaper ones after it,
	// whose runs cost little even when the budget is spent.
	slices.SortStableFunc(loads, func(a, b workload) int { return cmp.Compare(b.cost, a.cost) })
	results := map[string]result{}
	for i, w := range loads {
		share := shareOf(time.Until(deadline), loads[i:])
		r, err := measure(bin, w, runs, share, cfg.limit)
		if err != nil {
			fmt.Fprintf(out, "%-12s %v\n", w.name, err)
			continue
		}
		if cfnNagErr == nil && (w.name == "small" || w.name == "corpus") {
			if r.cfnNag, err = measurePeer(cfnNag, []string{"--input-path", w.target}, len(r.scan), cfg.limit); err != nil {
				fmt.Fprintf(out, "%-12s cfn_nag: %v\n", w.name, err)
			}
		}
		results[w.name] = r
		runsNote := fmt.Sprint(len(r.scan))
		if len(r.scan) < runs {
			runsNote += "*"
		}
		fmt.Fprintf(out, "%-12s %9.1fx %9.1fx | %9s %9s %9s | %9s %9s %9s | %4s | %s\n", w.name,
			ratio(r.scan.median(cpuOf), r.parse.median(cpuOf)), ratio(r.scan.median(wallOf), r.parse.median(wallOf)),
			ms(r.scan.median(wallOf)), ms(r.scan.median(cpuOf)), mib(r.scan.peakRSS()),
			ms(r.parse.median(wallOf)), ms(r.parse.median(cpuOf)), mib(r.parse.peakRSS()), runsNote, r.scan.exits())
	}
	fmt.Fprintln(out)
	for _, w := range loads {
		fmt.Fprintf(out, "  %-12s %s\n", w.name, w.desc)
	}
	fmt.Fprintf(out, "  runs*        fewer runs than asked: the requested ones would not have fitted in the time budget\n\n")
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
	loads := []workload{{name: "small", desc: "testdata/bench/s3-bucket.yaml: one 31-line S3 template", target: small, cost: 1}}
	if info, err := os.Stat(corpus); err == nil && info.IsDir() {
		loads = append(loads, workload{name: "corpus", desc: corpus + " (the aws-templates corpus)", target: corpus, cost: 15})
	} else {
		fmt.Fprintf(out, "\n*** CORPUS ABSENT: %s not found; the corpus workload is SKIPPED ***\n\n", corpus)
	}
	for _, n := range []int{100, 1000, 10000} {
		cost := map[int]float64{100: 2, 1000: 8, 10000: 55}[n]
		name := fmt.Sprintf("synth-%d", n)
		path := filepath.Join(dir, name+".yaml")
		data := synth.Template(n)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return nil, err
		}
		loads = append(loads, workload{name: name, target: path, cost: cost,
			desc: fmt.Sprintf("internal/synth template of %d resources (%d KB)", n, len(data)/1000)})
	}
	// The largest template CloudFormation deploys: a template body read
	// from S3 is at most 1 MB, and a stack at most 500 resources (which
	// synth-1000 and synth-10000 exceed, to measure linearity).
	n := largestWithin(maxDeployableBytes)
	data := synth.Template(n)
	path := filepath.Join(dir, "synth-1MB.yaml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return nil, err
	}
	loads = append(loads, workload{name: "synth-1MB", target: path, cost: 18,
		desc: fmt.Sprintf("internal/synth template of %d resources (%d KB): as large as a deployable template body", n, len(data)/1000)})
	many := filepath.Join(dir, "many")
	if err := synth.WriteSmallTemplates(many, 5000); err != nil {
		return nil, err
	}
	loads = append(loads, workload{name: "files-5000", target: many, cost: 190,
		desc: fmt.Sprintf("a directory of 5,000 internal/synth small templates (%d resources each)", synth.UnitSize)})
	return loads, nil
}

// maxDeployableBytes is CloudFormation's limit on a template body read from
// S3 (1 MB; 51,200 bytes when passed inline).
const maxDeployableBytes = 1_000_000

// largestWithin is the largest number of resources whose internal/synth
// template is at most size bytes.
func largestWithin(size int) int {
	lo, hi := 1, 1
	for len(synth.Template(hi)) <= size {
		lo, hi = hi, hi*2
	}
	for hi-lo > 1 { // len(Template(lo)) <= size < len(Template(hi))
		mid := (lo + hi) / 2
		if len(synth.Template(mid)) <= size {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// measure runs one warm-up of each command, then alternates scan and
// parse-only runs so that both see the same machine load: runs of them,
// or as many as the warm-up says fit in share (at least one).
func measure(bin string, w workload, runs int, share, limit time.Duration) (result, error) {
	scanArgs := []string{"scan", "--no-config", "-q", w.target}
	parseArgs := []string{"scan", "--no-config", "-q", "--parse-only", w.target}
	var warmUp time.Duration
	for _, args := range [][]string{scanArgs, parseArgs} {
		m, err := child(bin, args, limit)
		if err != nil {
			return result{}, err
		}
		if m.exit > 1 && slices.Contains(args, "--parse-only") {
			return result{}, fmt.Errorf("parse-only run exited %d", m.exit)
		}
		warmUp += m.wall
	}
	var r result
	for range runsWithin(runs, warmUp, share-warmUp) {
		s, err := child(bin, scanArgs, limit)
		if err != nil {
			return result{}, err
		}
		p, err := child(bin, parseArgs, limit)
		if err != nil {
			return result{}, err
		}
		r.scan, r.parse = append(r.scan, s), append(r.parse, p)
	}
	return r, nil
}

// shareOf is the first workload's share of the time left, in proportion
// to the costs of the workloads still to run (all of it for the last).
func shareOf(left time.Duration, loads []workload) time.Duration {
	var total float64
	for _, w := range loads {
		total += w.cost
	}
	if total <= 0 {
		return left / time.Duration(len(loads))
	}
	return time.Duration(float64(left) * loads[0].cost / total)
}

// runsWithin is how many runs costing each about cost fit in share: runs
// at most, and at least one.
func runsWithin(runs int, cost, share time.Duration) int {
	if cost <= 0 {
		return runs
	}
	return max(1, min(runs, int(share/cost)))
}

// measurePeer runs a peer's command once to warm up, then runs times.
func measurePeer(bin string, args []string, runs int, limit time.Duration) (series, error) {
	if _, err := child(bin, args, limit); err != nil {
		return nil, err
	}
	var s series
	for range runs {
		m, err := child(bin, args, limit)
		if err != nil {
			return nil, err
		}
		s = append(s, m)
	}
	return s, nil
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
func targets(out io.Writer, results map[string]result) {
	fmt.Fprintln(out, "targets (issue 12):")
	line := func(met bool, format string, args ...any) {
		mark := "MISSED"
		if met {
			mark = "met   "
		}
		fmt.Fprintf(out, "  %s %s\n", mark, fmt.Sprintf(format, args...))
	}
	// cfnNagLine compares with cfn_nag as measured here, or with the
	// reference figure when it was not.
	cfnNagLine := func(name string, r result, reference time.Duration, want float64) {
		cpu := r.scan.median(cpuOf)
		nag, source := reference, "issue 12 reference figure"
		if len(r.cfnNag) > 0 {
			nag, source = r.cfnNag.median(cpuOf), "measured here"
		}
		x := ratio(nag, cpu)
		line(x >= want, "%s: %.1fx less CPU than cfn_nag's %s (%s), target >= %.0fx", name, x, ms(nag), source, want)
	}
	if r, ok := results["small"]; ok {
		line(r.scan.median(wallOf) <= 15*time.Millisecond, "small: wall %s, target <= 15 ms on an idle machine (this one: load %s)",
			ms(r.scan.median(wallOf)), loadAverage())
		cfnNagLine("small", r, cfnNagSmallCPU, 50)
	}
	if r, ok := results["corpus"]; ok {
		line(r.scan.median(wallOf) <= 300*time.Millisecond, "corpus: wall %s, target <= 300 ms", ms(r.scan.median(wallOf)))
		cfnNagLine("corpus", r, cfnNagCorpusCPU, 10)
	}
	for _, name := range []string{"corpus", "synth-100", "synth-1000", "synth-1MB", "synth-10000"} {
		if r, ok := results[name]; ok {
			x := ratio(r.scan.median(cpuOf), r.parse.median(cpuOf))
			line(x <= 3 && !slices.ContainsFunc(r.scan, func(m measurement) bool { return m.exit > 1 }),
				"%s: scan CPU %.1fx parse-only (exit %s), target <= 3x", name, x, r.scan.exits())
		}
	}
	if a, ok := results["synth-1000"]; ok {
		if b, ok := results["synth-10000"]; ok {
			x := ratio(b.scan.median(cpuOf), a.scan.median(cpuOf))
			// A run that ended in an error (exit 2: a policy cut short)
			// did less than the whole work, so its time proves nothing.
			complete := !slices.ContainsFunc(slices.Concat(a.scan, b.scan), func(m measurement) bool { return m.exit > 1 })
			line(x <= 12 && complete, "linear: 10x the resources took %.1fx the CPU (synth-1000 -> synth-10000, exits %s -> %s), target ~10x (<= 12x) with no error",
				x, a.scan.exits(), b.scan.exits())
		}
	}
	for _, name := range []string{"corpus", "synth-1MB", "synth-10000", "files-5000"} {
		if r, ok := results[name]; ok {
			line(r.scan.peakRSS() <= 64*1024, "%s: peak RSS %s, target <= 64 MiB", name, mib(r.scan.peakRSS()))
		}
	}
}
