package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/cfnvet/cfnvet"
	"github.com/cfnvet/cfnvet/engine/config"
	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/params"
	"github.com/cfnvet/cfnvet/engine/pipeline"
	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/engine/report"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/ruledoc"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/memtune"
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
	hook              bool
	parseOnly         bool
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
	f.BoolVarP(&o.verbose, "verbose", "v", false, "also list files skipped because they are not templates, and say why git-ignored build outputs were entered and how nested stacks were followed")
	f.BoolVar(&o.showSuppressed, "show-suppressed", false, "show suppressed findings in text output")
	f.IntVarP(&o.jobs, "jobs", "j", runtime.NumCPU(), "files scanned in parallel")
	f.StringArrayVar(&o.excludeGlobs, "exclude", nil, "skip paths matching this glob (repeatable)")
	f.StringVar(&o.accountID, "account-id", "", "the account the templates deploy into (same as --parameter AWS::AccountId=…); lets IAM009 tell your own account from others")
	f.BoolVar(&o.assumeAWSDefaults, "assume-aws-defaults", true, "treat controls AWS applies by default (S3 SSE-S3, Block Public Access, SQS SSE) as present when absent")
	f.StringVar(&o.configFile, "config", "", "config file (default: the nearest .cfnvet.yaml or .cfnvet.yml in this directory or above)")
	f.BoolVar(&o.noConfig, "no-config", false, "ignore config files")
	f.StringVar(&o.baselineFile, "baseline", "", "baseline file: findings it lists are suppressed, so only new ones fail (default: the config's baseline)")
	f.StringVar(&o.writeBaseline, "write-baseline", "", "write every active finding to this baseline file and accept them in this run")
	f.BoolVar(&o.hook, "hook", false, "the files are what a git hook passes (pre-commit's hook sets it): an empty file or a non-template is skipped even when it is the only one")
	// For make bench: the cost of reading and parsing the same files, the
	// baseline of its ratios. Hidden: it reports no findings.
	f.BoolVar(&o.parseOnly, "parse-only", false, "only read and parse the templates (no rules; for benchmarks)")
	_ = f.MarkHidden("parse-only") // fails only for an undefined flag
	return cmd
}

// loadConfig reads the config file named by --config, else the nearest one
// upward from the working directory to the repository root. With
// --no-config, or when there is none, it returns an empty config: every
// setting at its default. The second result says which file applies.
func loadConfig(o *scanOptions) (*config.File, finding.ConfigFile, error) {
	switch {
	case o.noConfig && o.configFile != "":
		return nil, finding.ConfigFile{}, fmt.Errorf("--config and --no-config exclude each other")
	case o.noConfig:
		return &config.File{}, finding.ConfigFile{Origin: finding.ConfigOff}, nil
	case o.configFile != "":
		file, err := config.Load(o.configFile)
		return file, finding.ConfigFile{Path: o.configFile, Origin: finding.ConfigNamed}, err
	}
	none := finding.ConfigFile{Origin: finding.ConfigNone}
	wd, err := os.Getwd()
	if err != nil {
		return nil, none, fmt.Errorf("find config: %w", err)
	}
	found, err := config.Find(wd)
	if err != nil || found == "" {
		return &config.File{}, none, err
	}
	// Shown relative to the working directory, which relative paths in
	// the file then resolve against correctly too.
	if rel, err := filepath.Rel(wd, found); err == nil {
		found = rel
	}
	file, err := config.LoadFound(found)
	return file, finding.ConfigFile{Path: found, Origin: finding.ConfigFound}, err
}

// buildConfig combines the config file and the flags into the engine's
// configuration. A flag given on the command line overrides the file: a
// scalar (--assume-aws-defaults) replaces the file's value; --parameter,
// --parameters and --conditions win over the file per name; --policy-dir
// and --skip add to the file's; --rule replaces the file's whole rule
// selection. The file's suppress entries become the engine's.
func buildConfig(o *scanOptions, file *config.File, warn io.Writer) (scan.Config, error) {
	assume := o.assumeAWSDefaults
	if !o.assumeSet && file.AssumeAWSDefaults != nil {
		assume = *file.AssumeAWSDefaults
	}
	cfg := scan.Config{GoRules: rules.Go(), Policies: rules.Policies(), ParseOnly: o.parseOnly,
		Jobs: o.jobs, Options: rule.Options{AssumeAWSDefaults: assume}, Suppressions: file.Suppressions, FromHook: o.hook}
	cfg.SelectRules = func(reg *rule.Registry) (rule.Selection, error) {
		sel, warnings, err := file.Selection(reg, o.include, o.exclude, o.profiles...)
		if !o.quiet {
			for _, w := range warnings {
				fmt.Fprintf(warn, "cfnvet: warning: %s\n", w)
			}
		}
		return sel, err
	}
	for _, d := range file.PolicyDirs {
		cfg.Policies = append(cfg.Policies, policy.Dir(d))
	}
	for _, d := range o.policyDirs {
		info, err := os.Stat(d)
		if err != nil || !info.IsDir() {
			return cfg, fmt.Errorf("--policy-dir %s: not a readable directory", d)
		}
		cfg.Policies = append(cfg.Policies, policy.Dir(d))
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
		cfg.ConditionPlaces = map[string]scan.Place{}
		for k, v := range file.Conditions {
			cfg.Inputs.Conditions[k] = v
			cfg.ConditionPlaces[k] = scan.Place{File: file.Path, Line: file.ConditionLines[k]}
		}
	}
	if o.conditionsFile != "" {
		cli, err := params.ReadConditionFile(o.conditionsFile)
		if err != nil {
			return cfg, err
		}
		for k, v := range cli {
			cfg.Inputs.Conditions[k] = v
			cfg.ConditionPlaces[k] = scan.Place{File: o.conditionsFile}
		}
	}
	return cfg, nil
}

// failOnOf is --fail-on, else the config file's fail_on; 0 for none.
func failOnOf(o *scanOptions, file *config.File) (rule.Severity, error) {
	text, source := o.failOn, "--fail-on"
	if !o.failOnSet && file.FailOn != "" {
		text, source = file.FailOn, file.Path+": fail_on"
	}
	if strings.EqualFold(text, "none") {
		return 0, nil
	}
	sev, err := rule.ParseSeverity(text)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", source, err)
	}
	return sev, nil
}

// pipelineOptions maps the flags and the config file onto one scan:
// --exclude extends the file's exclude, --baseline replaces its baseline.
func pipelineOptions(o *scanOptions, file *config.File, args []string, failOn rule.Severity, s streams) (pipeline.Options, error) {
	cfg, err := buildConfig(o, file, s.err)
	if err != nil {
		return pipeline.Options{}, err
	}
	opts := pipeline.Options{Config: cfg, Targets: args, Stdin: s.in, FailOn: failOn,
		Exclude:      append(append([]string{}, file.Exclude...), o.excludeGlobs...),
		BaselineFile: o.baselineFile, BaselineOrigin: "--baseline",
		WriteBaseline: o.writeBaseline}
	if opts.BaselineFile == "" && file.Baseline != nil {
		opts.BaselineFile = file.Baseline.Value
		opts.BaselineOrigin = fmt.Sprintf("%s:%d:%d: baseline", file.Baseline.File, file.Baseline.Line, file.Baseline.Col)
	}
	return opts, nil
}

// outputFormatsOf checks the --format and --output pairs and returns the
// formats, text when none is given.
func outputFormatsOf(o *scanOptions) ([]string, error) {
	formats := o.formats
	if len(formats) == 0 {
		formats = []string{"text"}
	}
	if len(o.outputs) > len(formats) {
		return nil, fmt.Errorf("--output given %d times for %d --format values", len(o.outputs), len(formats))
	}
	toStdout := 0
	for i, f := range formats {
		if !validFormat(f) {
			return nil, fmt.Errorf("--format %q: want %s", f, strings.Join(outputFormats, ", "))
		}
		if i >= len(o.outputs) || o.outputs[i] == "-" {
			toStdout++
		}
	}
	if toStdout > 1 {
		return nil, fmt.Errorf("only one --format can write to standard output; give the others an --output file")
	}
	return formats, nil
}

// scanMemoryFloor is the memory limit of a scan that holds little: a
// pre-commit hook or a directory of small templates stays within it, and a
// large template raises it (internal/memtune).
const scanMemoryFloor = 40 << 20

// hugeHeap is how much heap a scan that holds much backs with huge pages
// ahead (internal/memtune.HugePages): up to about the memory floor, above
// the few megabytes a scan starts with.
const hugeHeap = 32 << 20

// holdsMuch reports whether a scan of args is expected to grow its heap
// past a few megabytes: a directory, or files of 256 KiB or more in all. A
// pre-commit hook's few templates are not worth the collection that
// preparing huge pages costs.
func holdsMuch(args []string) bool {
	var total int64
	for _, a := range args {
		if a == "-" {
			continue
		}
		info, err := os.Stat(a)
		if err != nil {
			continue // the scan reports it
		}
		total += info.Size()
		if info.IsDir() || total >= 256<<10 {
			return true
		}
	}
	return false
}

func runScan(ctx context.Context, s streams, o *scanOptions, args []string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	defer memtune.Start(scanMemoryFloor)()
	if holdsMuch(args) {
		memtune.HugePages(hugeHeap)
	}
	file, used, err := loadConfig(o)
	if o.verbose && (err == nil || used.Path != "") {
		fmt.Fprintf(s.err, "cfnvet: config: %s\n", used)
	}
	if err != nil {
		return err
	}
	failOn, err := failOnOf(o, file)
	if err != nil {
		return err
	}
	formats, err := outputFormatsOf(o)
	if err != nil {
		return err
	}
	opts, err := pipelineOptions(o, file, args, failOn, s)
	if err != nil {
		return err
	}
	opts.SkipFingerprints = !readsFingerprints(formats) && opts.BaselineFile == "" && opts.WriteBaseline == ""
	opts.ConfigFile = &used
	streams := newStreamedReports(s.out, o, formats)
	opts.OnFile = streams.file
	res, err := pipeline.Scan(ctx, opts)
	if errors.Is(err, pipeline.ErrNoRules) {
		return fmt.Errorf("%w: the rule selection of config %s and the flags --rule, --skip and --profile leaves no rule to run", err, used)
	}
	if err != nil {
		return errors.Join(err, streams.close())
	}
	if !o.quiet {
		for _, w := range res.Warnings {
			fmt.Fprintf(s.err, "cfnvet: warning: %s\n", w)
		}
		for _, n := range res.Notes {
			fmt.Fprintf(s.err, "cfnvet: %s\n", n)
		}
	}
	tool := report.Tool{Name: "cfnvet", Version: version()}
	// SARIF file names are relative to the working directory, which
	// %SRCROOT% stands for.
	root, _ := os.Getwd()
	if err := writeDocumentReports(s.out, o, formats, tool, root, res); err != nil {
		return errors.Join(err, streams.close())
	}
	if err := streams.finish(res); err != nil {
		return err
	}
	if res.Exit != 0 {
		return exitError{res.Exit}
	}
	return nil
}

// writeReports writes a whole result in every --format, each to its
// --output: what a scan writes, streamed or not.
func writeReports(stdout io.Writer, o *scanOptions, formats []string, tool report.Tool, sourceRoot string, res pipeline.Result) error {
	streams := newStreamedReports(stdout, o, formats)
	for _, f := range res.Files {
		streams.file(f)
	}
	if err := writeDocumentReports(stdout, o, formats, tool, sourceRoot, res); err != nil {
		return errors.Join(err, streams.close())
	}
	return streams.finish(res)
}

// writeDocumentReports writes the result in every --format that does not
// stream, each to its --output.
func writeDocumentReports(stdout io.Writer, o *scanOptions, formats []string, tool report.Tool, sourceRoot string, res pipeline.Result) error {
	for i, f := range formats {
		if streamedFormat(f) {
			continue
		}
		w, closeFn, err := openOutput(stdout, o.outputs, i)
		if err != nil {
			return err
		}
		switch f {
		case "json":
			err = report.JSON(w, tool, res.Result)
		case "sarif":
			err = report.SARIF(w, tool, res.Result, report.SARIFOptions{Rules: res.Rules, Example: ruleExample, SourceRoot: sourceRoot})
		case "junit":
			err = report.JUnit(w, res.Result, report.JUnitOptions{Rules: res.EnabledRules})
		}
		if cerr := closeFn(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s output: %w", f, err)
		}
	}
	return nil
}

// outputFormats are the values --format accepts.
var outputFormats = []string{"text", "json", "sarif", "junit", "github"}

// readsFingerprints reports whether a report in one of formats shows the
// findings' fingerprints (JSON's fingerprint, SARIF's partialFingerprints);
// a scan with none of them and no baseline does not compute them.
func readsFingerprints(formats []string) bool {
	return slices.Contains(formats, "json") || slices.Contains(formats, "sarif")
}

func validFormat(f string) bool {
	for _, v := range outputFormats {
		if f == v {
			return true
		}
	}
	return false
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
