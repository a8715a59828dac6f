package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/pipeline"
	"github.com/cfnvet/cfnvet/engine/report"
)

// streamedFormat reports the formats written one file at a time while the
// scan goes on (the others need the whole result: a JSON document, SARIF
// runs, JUnit totals).
func streamedFormat(f string) bool { return f == "text" || f == "github" }

// streamedReports are the --format outputs that stream: each file's
// results are written as soon as the scan hands them over, the summary
// last. An --output file is created at the first write, so a scan that
// cannot start leaves none behind.
type streamedReports struct {
	outputs []*streamedReport
	// compact is set when every output streams: once written, a file's
	// result is reduced to what the summary and the exit code need.
	compact bool
}

type streamedReport struct {
	format string
	out    *lazyOutput
	text   *report.TextStream
	github *report.GitHubStream
}

func newStreamedReports(stdout io.Writer, o *scanOptions, formats []string) *streamedReports {
	s := &streamedReports{compact: true}
	for i, f := range formats {
		if !streamedFormat(f) {
			s.compact = false
			continue
		}
		toStdout := i >= len(o.outputs) || o.outputs[i] == "-"
		out := &lazyOutput{open: func() (io.Writer, func() error, error) { return openOutput(stdout, o.outputs, i) }}
		r := &streamedReport{format: f, out: out}
		if f == "github" {
			r.github = report.NewGitHubStream(out)
		} else {
			// Only standard output can be a terminal.
			r.text = report.NewTextStream(out, report.TextOptions{Color: toStdout && useColor(o.noColor, stdout),
				ShowSuppressed: o.showSuppressed, Quiet: o.quiet, Verbose: o.verbose})
		}
		s.outputs = append(s.outputs, r)
	}
	return s
}

// file writes one file's results to every streamed output and returns
// what the scan's result keeps of it.
func (s *streamedReports) file(f finding.FileResult) finding.FileResult {
	for _, r := range s.outputs {
		if r.text != nil {
			r.text.File(f)
		} else {
			r.github.File(f)
		}
	}
	if s.compact {
		return f.Compact()
	}
	return f
}

// finish writes the summaries and closes the outputs.
func (s *streamedReports) finish(res pipeline.Result) error {
	var errs []error
	for _, r := range s.outputs {
		var err error
		if r.text != nil {
			err = r.text.Finish(res.Result)
		} else {
			err = r.github.Finish()
		}
		if err == nil {
			err = r.out.ensure()
		}
		if cerr := r.out.close(); err == nil {
			err = cerr
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("write %s output: %w", r.format, err))
		}
	}
	return errors.Join(errs...)
}

// close closes what was opened, after a scan that could not finish.
func (s *streamedReports) close() error {
	var errs []error
	for _, r := range s.outputs {
		errs = append(errs, r.out.close())
	}
	return errors.Join(errs...)
}

// lazyOutput opens its destination at the first write (or ensure).
type lazyOutput struct {
	open    func() (io.Writer, func() error, error)
	w       io.Writer
	closeFn func() error
}

func (l *lazyOutput) ensure() error {
	if l.w != nil {
		return nil
	}
	w, closeFn, err := l.open()
	if err != nil {
		return err
	}
	l.w, l.closeFn = w, closeFn
	return nil
}

func (l *lazyOutput) Write(p []byte) (int, error) {
	if err := l.ensure(); err != nil {
		return 0, err
	}
	return l.w.Write(p)
}

func (l *lazyOutput) close() error {
	if l.closeFn == nil {
		return nil
	}
	closeFn := l.closeFn
	l.closeFn = nil
	return closeFn()
}
