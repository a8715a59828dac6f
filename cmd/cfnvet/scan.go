package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/cfnvet/cfnvet"
	"github.com/cfnvet/cfnvet/engine/baseline"
	"github.com/cfnvet/cfnvet/engine/config"
	"github.com/cfnvet/cfnvet/engine/params"
	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/engine/report"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/ruledoc"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/rules"
)

var accountIDPattern = regexp.MustCompile(`^\d{12}$`)

type scanOptions struct {
	accountID         string
	formats, outputs  []string
	failOn            string
	include, exclude  []string
	profiles          []string
	parameters        []string
	parameterFiles    []string
	conditionsFile    string
	policyDirs        []string
	noColor           bool
	quiet, verbose    bool
	showSuppressed    bool
	jobs              int
	excludeGlobs      []string
	assumeAWSDefaults bool
	configFile        string
	noConfig          bool
	baselineFile      string
	writeBaseline     string
	// failOnSet and assumeSet record that the flag was given, so that it
	// overrides the config file even when set to its default value.
	failOnSet, assumeSet bool
}

func newScanCmd(s streams) *cobra.Command {
	o := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "scan [PATH|-]...",
		Short: "Scan templates, directories, globs or standard input (\"-\")",
		Example: `  cfnvet scan templates/
  cfnvet scan --format sarif --output cfnvet.sarif --format text .
  cfnvet scan --parameter AllowedCidr=10.0.0.0/8 stack.yaml
  cat stack.yaml | cfnvet scan -`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			o.failOnSet = cmd.Flags().Changed("fail-on")
			o.assumeSet = cmd.Flags().Changed("assume-aws-defaults")
			return runScan(cmd.Context(), s, o, args)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.formats, "format", nil, "output format: text, json, sarif, junit or github (repeatable, paired with --output)")
	f.StringArrayVarP(&o.outputs, "output", "o", nil, "file for the matching --format (default: standard output)")
	f.StringVar(&o.failOn, "fail-on", "low", "lowest severity that fails the scan: low, medium, high, critical or none")
	f.StringArrayVar(&o.include, "rule", nil, "run only these rules (ids, slugs, families or peer aliases; repeatable)")
	f.StringArrayVar(&o.exclude, "skip", nil, "skip these rules (ids, slugs, families or peer aliases; repeatable)")
	f.StringArrayVar(&o.profiles, "profile", nil, "also run the rule `SET`: "+strings.Join(rule.SetNames()[1:], ", ")+
		" (every rule); repeatable or comma-separated")
	f.StringArrayVar(&o.parameters, "parameter", nil, "parameter value NAME=VALUE (repeatable; pseudo parameters such as AWS::AccountId too)")
	f.StringArrayVar(&o.parameterFiles, "parameters", nil, "parameters file: cfn_nag/CodePipeline {\"Parameters\":{…}} or AWS CLI [{ParameterKey,ParameterValue}]")
	f.StringVar(&o.conditionsFile, "conditions", "", "file forcing condition values {Name: true|false}")
	f.StringArrayVar(&o.policyDirs, "policy-dir", nil, "directory of user Rego policies (repeatable)")
	f.BoolVar(&o.noColor, "no-color", false, "disable colored output (also NO_COLOR)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print only findings and errors")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "also list files skipped because they are not templates")
	f.BoolVar(&o.showSuppressed, "show-suppressed", false, "show suppressed findings in text output")
	f.IntVarP(&o.jobs, "jobs", "j", runtime.NumCPU(), "files scanned in parallel")
	f.StringArrayVar(&o.excludeGlobs, "exclude", nil, "skip paths matching this glob (repeatable)")
	f.StringVar(&o.accountID, "account-id", "", "the account the templates deploy into (same as --parameter AWS::AccountId=…); lets IAM009 tell your own account from others")
	f.BoolVar(&o.assumeAWSDefaults, "assume-aws-defaults", true, "treat controls AWS applies by default (S3 SSE-S3, Block Public Access, SQS SSE) as present when absent")
	f.StringVar(&o.configFile, "config", "", "config file (default: the nearest .cfnvet.yaml or .cfnvet.yml in this directory or above)")
	f.BoolVar(&o.noConfig, "no-config", false, "ignore config files")
	f.StringVar(&o.baselineFile, "baseline", "", "baseline file: findings it lists are suppressed, so only new ones fail (default: the config's baseline)")
	f.StringVar(&o.writeBaseline, "write-baseline", "", "write every active finding to this baseline file and accept them in this run")
	return cmd
}

// loadConfig reads the config file named by --config, else the nearest one
// upward from the working directory. With --no-config, or when there is
// none, it returns an empty config: every setting at its default.
func loadConfig(o *scanOptions) (*config.File, error) {
	switch {
	case o.noConfig && o.configFile != "":
		return nil, fmt.Errorf("--config and --no-config exclude each other")
	case o.noConfig:
		return &config.File{}, nil
	case o.configFile != "":
		return config.Load(o.configFile)
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("find config: %w", err)
	}
	found, err := config.Find(wd)
	if err != nil || found == "" {
		return &config.File{}, err
	}
	// Shown relative to the working directory, which relative paths in
	// the file then resolve against correctly too.
	if rel, err := filepath.Rel(wd, found); err == nil {
		found = rel
	}
	return config.Load(found)
}

// buildConfig combines the config file and the flags. A flag given on the
// command line overrides the file: a scalar (--fail-on,
// --assume-aws-defaults) replaces the file's value; --parameter,
// --parameters and --conditions win over the file per name; --policy-dir,
// --exclude and --skip add to the file's; --rule replaces the file's
// whole rule selection.
func buildConfig(o *scanOptions, file *config.File, warn io.Writer) (scan.Config, error) {
	assume := o.assumeAWSDefaults
	if !o.assumeSet && file.AssumeAWSDefaults != nil {
		assume = *file.AssumeAWSDefaults
	}
	cfg := scan.Config{GoRules: rules.Go(), Policies: rules.Policies(),
		Jobs: o.jobs, Options: rule.Options{AssumeAWSDefaults: assume}}
	cfg.SelectRules = func(reg *rule.Registry) (scan.Selection, error) {
		sel, warnings, err := file.Selection(reg, o.include, o.exclude, o.profiles...)
		if !o.quiet {
			for _, w := range warnings {
				fmt.Fprintf(warn, "cfnvet: warning: %s\n", w)
			}
		}
		return sel, err
	}
	for _, d := range file.PolicyDirs {
		cfg.Policies = append(cfg.Policies, policy.Source{FS: os.DirFS(d), Name: d})
	}
	for _, d := range o.policyDirs {
		info, err := os.Stat(d)
		if err != nil || !info.IsDir() {
			return cfg, fmt.Errorf("--policy-dir %s: not a readable directory", d)
		}
		cfg.Policies = append(cfg.Policies, policy.Source{FS: os.DirFS(d), Name: d})
	}
	values := map[string]string{}
	for k, v := range file.Parameters {
		values[k] = v
	}
	for _, name := range o.parameterFiles {
		m, err := params.ReadParameterFile(name)
		if err != nil {
			return cfg, err
		}
		for k, v := range m {
			values[k] = v
		}
	}
	cli, err := params.ParseAssignments(o.parameters)
	if err != nil {
		return cfg, err
	}
	for k, v := range cli {
		values[k] = v
	}
	if o.accountID != "" {
		if !accountIDPattern.MatchString(o.accountID) {
			return cfg, fmt.Errorf("--account-id %q: want a 12-digit AWS account id", o.accountID)
		}
		// The same as --parameter AWS::AccountId=…: Ref/Sub of the pseudo
		// parameter resolve to it, and IAM009 can tell own from foreign.
		values["AWS::AccountId"] = o.accountID
	}
	cfg.Inputs = resolve.Inputs{Parameters: values}
	if len(file.Conditions) > 0 || o.conditionsFile != "" {
		cfg.Inputs.Conditions = map[string]bool{}
		for k, v := range file.Conditions {
			cfg.Inputs.Conditions[k] = v
		}
	}
	if o.conditionsFile != "" {
		cli, err := params.ReadConditionFile(o.conditionsFile)
		if err != nil {
			return cfg, err
		}
		for k, v := range cli {
			cfg.Inputs.Conditions[k] = v
		}
	}
	return cfg, nil
}

func runScan(ctx context.Context, s streams, o *scanOptions, args []string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	file, err := loadConfig(o)
	if err != nil {
		return err
	}
	failOnText, failOnSource := o.failOn, "--fail-on"
	if !o.failOnSet && file.FailOn != "" {
		failOnText, failOnSource = file.FailOn, file.Path+": fail_on"
	}
	var failOn rule.Severity
	if !strings.EqualFold(failOnText, "none") {
		sev, err := rule.ParseSeverity(failOnText)
		if err != nil {
			return fmt.Errorf("%s: %w", failOnSource, err)
		}
		failOn = sev
	}
	formats := o.formats
	if len(formats) == 0 {
		formats = []string{"text"}
	}
	if len(o.outputs) > len(formats) {
		return fmt.Errorf("--output given %d times for %d --format values", len(o.outputs), len(formats))
	}
	toStdout := 0
	for i, f := range formats {
		if !validFormat(f) {
			return fmt.Errorf("--format %q: want %s", f, strings.Join(outputFormats, ", "))
		}
		if i >= len(o.outputs) || o.outputs[i] == "-" {
			toStdout++
		}
	}
	if toStdout > 1 {
		return fmt.Errorf("only one --format can write to standard output; give the others an --output file")
	}
	cfg, err := buildConfig(o, file, s.err)
	if err != nil {
		return err
	}
	eng, err := scan.New(ctx, cfg)
	if err != nil {
		return err
	}
	suppressions, warnings, err := file.Suppressions(eng.Registry, time.Now())
	if err != nil {
		return err
	}
	base, err := readBaseline(o, file)
	if err != nil {
		return err
	}
	if base != nil {
		// Entries of rules this run leaves off (opt-in sets, --skip) are
		// kept, not reported as stale.
		base.RulesRun = map[string]bool{}
		for _, m := range eng.EnabledRules() {
			base.RulesRun[m.ID] = true
		}
	}
	exclude := append(append([]string{}, file.Exclude...), o.excludeGlobs...)
	res := eng.Run(ctx, scan.Discover(args, exclude), s.in)
	// Suppressions written in templates are applied already; then the
	// config file's, then the baseline, each only to what is still active.
	warnings = append(warnings, eng.ApplyExternal(&res, suppressions)...)
	if base != nil {
		base.Apply(&res)
	}
	if !o.quiet {
		for _, w := range warnings {
			fmt.Fprintf(s.err, "cfnvet: warning: %s\n", w)
		}
	}
	if o.writeBaseline != "" {
		note, err := writeBaseline(o.writeBaseline, &res, base)
		if err != nil {
			return err
		}
		if !o.quiet {
			fmt.Fprintf(s.err, "cfnvet: %s\n", note)
		}
	}
	tool := report.Tool{Name: "cfnvet", Version: version()}
	for i, f := range formats {
		w, closeFn, err := openOutput(s.out, o.outputs, i)
		if err != nil {
			return err
		}
		switch f {
		case "json":
			err = report.JSON(w, tool, res)
		case "sarif":
			err = report.SARIF(w, tool, res, sarifOptions(eng))
		case "junit":
			err = report.JUnit(w, res, report.JUnitOptions{Rules: eng.EnabledRules()})
		case "github":
			err = report.GitHub(w, res)
		default:
			err = report.Text(w, res, report.TextOptions{Color: useColor(o.noColor, w), ShowSuppressed: o.showSuppressed,
				Quiet: o.quiet, Verbose: o.verbose})
		}
		if cerr := closeFn(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s output: %w", f, err)
		}
	}
	if code := res.ExitCode(failOn); code != 0 {
		return exitError{code}
	}
	return nil
}

// readBaseline reads the baseline named by --baseline, else by the config
// file's `baseline` key. A baseline that does not exist yet is no error
// when --write-baseline is about to create it.
func readBaseline(o *scanOptions, file *config.File) (*baseline.Baseline, error) {
	name, where := o.baselineFile, "--baseline"
	if name == "" && file.Baseline != nil {
		name = file.Baseline.Value
		where = fmt.Sprintf("%s:%d:%d: baseline", file.Baseline.File, file.Baseline.Line, file.Baseline.Col)
	}
	if name == "" {
		return nil, nil
	}
	if _, err := os.Stat(name); errors.Is(err, fs.ErrNotExist) && o.writeBaseline != "" && sameFile(name, o.writeBaseline) {
		return nil, nil
	}
	b, err := baseline.Read(name)
	if err != nil {
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
// errors still fail it). It returns a note for standard error.
func writeBaseline(name string, res *scan.Result, previous *baseline.Baseline) (string, error) {
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

// outputFormats are the values --format accepts.
var outputFormats = []string{"text", "json", "sarif", "junit", "github"}

func validFormat(f string) bool {
	for _, v := range outputFormats {
		if f == v {
			return true
		}
	}
	return false
}

// sarifOptions describes every rule of the engine and makes file names
// relative to the working directory, which %SRCROOT% stands for.
func sarifOptions(eng *scan.Engine) report.SARIFOptions {
	opts := report.SARIFOptions{Rules: eng.Rules(), Example: ruleExample}
	if wd, err := os.Getwd(); err == nil {
		opts.SourceRoot = wd
	}
	return opts
}

func ruleExample(id string) ruledoc.Example {
	bad, good := cfnvet.Example(id)
	return ruledoc.Example{Bad: bad, Good: good}
}

func openOutput(stdout io.Writer, outputs []string, i int) (io.Writer, func() error, error) {
	if i >= len(outputs) || outputs[i] == "-" {
		return stdout, func() error { return nil }, nil
	}
	f, err := os.Create(outputs[i])
	if err != nil {
		return nil, nil, fmt.Errorf("--output: %w", err)
	}
	return f, f.Close, nil
}

func useColor(disabled bool, w io.Writer) bool {
	if disabled || os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
