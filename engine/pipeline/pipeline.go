// Package pipeline is the one entry point to a whole scan: discovery,
// load, transforms, resolve, evaluate, every suppression source in one
// documented order (engine/scan's suppress stage: template Metadata and
// peer forms, then the config file, then the baseline), the baseline
// rewrite, the summary and the exit code. The CLI maps its flags and
// config file onto Options and picks writers for the Result; embedders do
// the same without the CLI.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/cfnvet/cfnvet/engine/baseline"
	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/scan"
)

// Options is one scan.
type Options struct {
	// Config builds the engine: rules, policies, selection, inputs and
	// the config file's suppressions.
	scan.Config
	// Targets are files, directories, globs or "-" (Stdin); none means ".".
	Targets []string
	// Exclude are globs of paths not to scan.
	Exclude []string
	Stdin   io.Reader
	// BaselineFile names a baseline to apply; BaselineOrigin says where it
	// was named ("--baseline", "cfnvet.yaml:3:1: baseline") for messages.
	// A baseline that does not exist yet is no error when WriteBaseline is
	// about to create it.
	BaselineFile, BaselineOrigin string
	// WriteBaseline, when set, records every active finding in this file
	// and accepts them in this run.
	WriteBaseline string
	// FailOn is the lowest severity of an active finding that fails the
	// scan; 0 never fails on findings.
	FailOn rule.Severity
	// ConfigFile names the configuration file the options came from, for
	// the outputs to record; nil when there is no such file to speak of.
	ConfigFile *finding.ConfigFile
	// OnFile, when set, is handed every entry of the Result's Files, in
	// order, as soon as it is final (scan.Engine.RunEach), for writers that
	// stream; the Result keeps what it returns (the file, or its Compact
	// record when no writer needs more). Writing a baseline changes every
	// file's findings at the end, so then they are handed over at the end.
	OnFile func(finding.FileResult) finding.FileResult
}

// Result is a scan's outcome and what writers need to show it.
type Result struct {
	finding.Result
	// Rules are every rule's metadata and EnabledRules those that ran,
	// with the user's severity overrides, sorted by id.
	Rules, EnabledRules []*rule.Meta
	// Notes say what the scan did besides scanning (a baseline written).
	Notes []string
	// Exit is the process exit status (finding.ExitClean, ExitFindings or
	// ExitError), computed once, here.
	Exit int
}

// ErrNoRules is returned when the rule selection leaves no rule enabled: a
// scan that can find nothing must not pass as a clean one.
var ErrNoRules = errors.New("no rule is enabled, so nothing would be checked")

// Scan runs the whole pipeline. An error means the scan could not run at
// all (bad configuration, policy or baseline); problems with inputs are
// reported per file in the Result and make Exit finding.ExitError.
func Scan(ctx context.Context, o Options) (Result, error) {
	base, err := readBaseline(o)
	if err != nil {
		return Result{}, err
	}
	if base != nil {
		o.Baseline = base
	}
	eng, err := scan.New(ctx, o.Config)
	if err != nil {
		return Result{}, err
	}
	if len(eng.EnabledRules()) == 0 {
		return Result{}, ErrNoRules
	}
	if base != nil {
		// Entries of rules this run leaves off (opt-in sets, --skip) are
		// kept, not reported as stale.
		base.RulesRun = map[string]bool{}
		for _, m := range eng.EnabledRules() {
			base.RulesRun[m.ID] = true
		}
	}
	targets := o.Targets
	if len(targets) == 0 {
		targets = []string{"."}
	}
	streamed := o.OnFile
	if o.WriteBaseline != "" {
		streamed = nil
	}
	res := Result{Result: eng.RunEach(ctx, scan.Discover(targets, o.Exclude), o.Stdin, streamed),
		Rules: eng.Rules(), EnabledRules: eng.EnabledRules()}
	res.Config = o.ConfigFile
	if o.WriteBaseline != "" {
		note, err := writeBaseline(o.WriteBaseline, &res.Result, base)
		if err != nil {
			return Result{}, err
		}
		res.Notes = append(res.Notes, note)
		if o.OnFile != nil {
			for i, f := range res.Files {
				res.Files[i] = o.OnFile(f)
			}
		}
	}
	res.Exit = res.ExitCode(o.FailOn)
	return res, nil
}

func readBaseline(o Options) (*baseline.Baseline, error) {
	if o.BaselineFile == "" {
		return nil, nil
	}
	if _, err := os.Stat(o.BaselineFile); errors.Is(err, fs.ErrNotExist) && o.WriteBaseline != "" && sameFile(o.BaselineFile, o.WriteBaseline) {
		return nil, nil
	}
	b, err := baseline.Read(o.BaselineFile)
	if err != nil {
		where := o.BaselineOrigin
		if where == "" {
			where = "baseline"
		}
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return b, nil
}

func sameFile(a, b string) bool {
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}

// writeBaseline records the scan's active findings and accepts them in
// this run too, so the run that writes a baseline passes the gate (input
// errors still fail it). It returns a note saying what it wrote.
func writeBaseline(name string, res *finding.Result, previous *baseline.Baseline) (string, error) {
	dropped := 0
	if res.Baseline != nil {
		dropped = res.Baseline.Stale
	}
	n, err := baseline.Write(name, *res, previous)
	if err != nil {
		return "", err
	}
	written, err := baseline.Read(name)
	if err != nil {
		return "", err
	}
	written.Apply(res)
	note := fmt.Sprintf("wrote %d accepted %s to %s", n, plural(n, "finding", "findings"), name)
	if dropped > 0 {
		note += fmt.Sprintf("; dropped %d %s of %s that no longer %s", dropped, plural(dropped, "entry", "entries"),
			previous.Name, plural(dropped, "occurs", "occur"))
	}
	return note, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
