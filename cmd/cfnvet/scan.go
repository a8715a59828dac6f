package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/cfnvet/cfnvet"
	"github.com/cfnvet/cfnvet/engine/params"
	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/engine/report"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/ruledoc"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/rules"
)

type scanOptions struct {
	formats, outputs  []string
	failOn            string
	include, exclude  []string
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
			return runScan(cmd.Context(), s, o, args)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.formats, "format", nil, "output format: text, json, sarif, junit or github (repeatable, paired with --output)")
	f.StringArrayVarP(&o.outputs, "output", "o", nil, "file for the matching --format (default: standard output)")
	f.StringVar(&o.failOn, "fail-on", "low", "lowest severity that fails the scan: low, medium, high, critical or none")
	f.StringArrayVar(&o.include, "rule", nil, "run only these rules (ids, slugs, families or peer aliases; repeatable)")
	f.StringArrayVar(&o.exclude, "skip", nil, "skip these rules (ids, slugs, families or peer aliases; repeatable)")
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
	f.BoolVar(&o.assumeAWSDefaults, "assume-aws-defaults", true, "treat controls AWS applies by default (S3 SSE-S3, Block Public Access, SQS SSE) as present when absent")
	return cmd
}

func buildConfig(o *scanOptions) (scan.Config, error) {
	cfg := scan.Config{GoRules: rules.Go(), Policies: rules.Policies(), Include: o.include, Exclude: o.exclude,
		Jobs: o.jobs, Options: rule.Options{AssumeAWSDefaults: o.assumeAWSDefaults}}
	for _, d := range o.policyDirs {
		info, err := os.Stat(d)
		if err != nil || !info.IsDir() {
			return cfg, fmt.Errorf("--policy-dir %s: not a readable directory", d)
		}
		cfg.Policies = append(cfg.Policies, policy.Source{FS: os.DirFS(d), Name: d})
	}
	values := map[string]string{}
	for _, file := range o.parameterFiles {
		m, err := params.ReadParameterFile(file)
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
	cfg.Inputs = resolve.Inputs{Parameters: values}
	if o.conditionsFile != "" {
		if cfg.Inputs.Conditions, err = params.ReadConditionFile(o.conditionsFile); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}

func runScan(ctx context.Context, s streams, o *scanOptions, args []string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	var failOn rule.Severity
	if !strings.EqualFold(o.failOn, "none") {
		sev, err := rule.ParseSeverity(o.failOn)
		if err != nil {
			return fmt.Errorf("--fail-on: %w", err)
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
	cfg, err := buildConfig(o)
	if err != nil {
		return err
	}
	eng, err := scan.New(ctx, cfg)
	if err != nil {
		return err
	}
	res := eng.Run(ctx, scan.Discover(args, o.excludeGlobs), s.in)
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
	opts := report.SARIFOptions{Rules: eng.Registry.All(), Example: ruleExample}
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
