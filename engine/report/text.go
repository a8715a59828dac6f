package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// TextOptions control the human-readable output.
type TextOptions struct {
	Color          bool
	ShowSuppressed bool
	Quiet          bool // only findings and errors, no warnings or summary
	Verbose        bool // also list skipped non-template files
}

type palette struct {
	sev      map[rule.Severity]*color.Color
	loc, dim *color.Color
	err      *color.Color
	warn     *color.Color
}

func newPalette(on bool) palette {
	mk := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	return palette{
		sev: map[rule.Severity]*color.Color{
			rule.Critical: mk(color.FgHiRed, color.Bold), rule.High: mk(color.FgRed),
			rule.Medium: mk(color.FgYellow), rule.Low: mk(color.FgCyan),
		},
		loc: mk(color.Bold), dim: mk(color.Faint), err: mk(color.FgRed, color.Bold), warn: mk(color.FgYellow),
	}
}

// Text writes `file:line:col  SEVERITY  ID  message  (resource)` lines, file
// errors and warnings, and a summary.
func Text(w io.Writer, res finding.Result, opts TextOptions) error {
	s := NewTextStream(w, opts)
	for _, f := range res.Files {
		s.File(f)
	}
	return s.Finish(res)
}

// TextStream writes text output one file at a time, as a scan hands its
// results over, and the summary last; the bytes are those Text writes for
// the same files.
type TextStream struct {
	w     io.Writer
	opts  TextOptions
	p     palette
	wrote bool
	err   error
}

// NewTextStream starts text output to w.
func NewTextStream(w io.Writer, opts TextOptions) *TextStream {
	return &TextStream{w: w, opts: opts, p: newPalette(opts.Color)}
}

// File writes one file's lines. A write error is kept for Finish.
func (s *TextStream) File(f finding.FileResult) {
	var b strings.Builder
	s.writeFile(&b, f)
	s.write(b.String())
}

func (s *TextStream) write(text string) {
	if text == "" || s.err != nil {
		return
	}
	s.wrote = true
	_, s.err = io.WriteString(s.w, text)
}

func (s *TextStream) writeFile(b *strings.Builder, f finding.FileResult) {
	p, opts := s.p, s.opts
	if f.Skipped {
		if opts.Verbose {
			fmt.Fprintf(b, "%s  %s\n", p.loc.Sprint(f.File), p.dim.Sprint("skipped: "+f.SkipReason))
		}
		return
	}
	if f.Err != nil {
		where := f.File
		if f.Err.Line > 0 {
			where = fmt.Sprintf("%s:%d:%d", f.File, f.Err.Line, f.Err.Col)
		}
		fmt.Fprintf(b, "%s  %s  %s\n", p.loc.Sprint(where), p.err.Sprint("ERROR"), f.Err.Msg)
		return
	}
	for _, re := range f.RuleErrors {
		fmt.Fprintf(b, "%s  %s  %s\n", p.loc.Sprint(f.File), p.err.Sprint("ERROR"), re.Msg)
	}
	if !opts.Quiet {
		for _, d := range f.Warnings {
			fmt.Fprintf(b, "%s  %s  %s\n", p.loc.Sprintf("%s:%d:%d", f.File, d.Line, d.Col), p.warn.Sprint("WARNING"), d.Msg)
		}
	}
	for _, fd := range f.Findings {
		if fd.Suppressed && !opts.ShowSuppressed {
			continue
		}
		sev := p.sev[fd.Severity].Sprintf("%-8s", strings.ToUpper(fd.Severity.String()))
		line := fmt.Sprintf("%s  %s  %s  %s  %s", p.loc.Sprintf("%s:%d:%d", fd.File, fd.Range.Line, fd.Range.Col),
			sev, fd.Rule.ID, fd.Message, p.dim.Sprintf("(%s)", where(fd)))
		if fd.Suppressed {
			line += p.dim.Sprintf("  [suppressed: %s]", fd.Suppression.Reason)
		}
		b.WriteString(line + "\n")
		if note := sourceNote(fd); note != "" {
			b.WriteString("    " + p.dim.Sprint(note) + "\n")
		}
	}
}

// Finish writes the notes and the summary of the whole result (whose
// files were written with File) and returns the first write error.
func (s *TextStream) Finish(res finding.Result) error {
	p, opts := s.p, s.opts
	var b strings.Builder
	if opts.Verbose {
		for _, n := range res.Notes {
			fmt.Fprintf(&b, "%s  %s\n", p.dim.Sprint("note:"), n)
		}
	}
	if !opts.Quiet {
		sum := res.Summarize()
		if s.wrote || b.Len() > 0 {
			b.WriteString("\n")
		}
		found := ""
		if !sum.Found.Empty() {
			found = " (" + sum.Found.String() + ")"
		}
		fmt.Fprintf(&b, "%d %s scanned%s, %d %s (%d critical, %d high, %d medium, %d low), %d suppressed, %d %s\n",
			sum.Files, plural(sum.Files, "file", "files"), found, sum.Findings, plural(sum.Findings, "finding", "findings"),
			sum.BySeverity[rule.Critical], sum.BySeverity[rule.High], sum.BySeverity[rule.Medium], sum.BySeverity[rule.Low],
			sum.Suppressed, sum.Errors, plural(sum.Errors, "error", "errors"))
		if bl := res.Baseline; bl != nil && bl.Stale > 0 {
			fmt.Fprintf(&b, "%d baseline %s no longer %s (%s); rewrite it with --write-baseline to drop %s\n",
				bl.Stale, plural(bl.Stale, "entry", "entries"), plural(bl.Stale, "occurs", "occur"), bl.File, plural(bl.Stale, "it", "them"))
		}
	}
	s.write(b.String())
	return s.err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// where names a finding's subject: its resource, or for a template-level
// finding the section entry (Parameters.DBPassword).
func where(fd finding.Finding) string {
	if fd.Resource != "" || len(fd.Path) == 0 {
		return fd.Resource
	}
	return fd.Path[:min(2, len(fd.Path))].String()
}

// sourceNote leads a finding in generated CloudFormation back to what the
// user wrote: "from lib/api-stack.ts:31:13 (construct App/Api/Resource)",
// "from serverless.yml:12:3 (function create-order)". Empty for findings in
// hand-written templates.
func sourceNote(fd finding.Finding) string {
	subject := strings.TrimPrefix(originSubject(fd), " ")
	if fd.Origin == nil {
		if subject == "" {
			return ""
		}
		return subject
	}
	note := fmt.Sprintf("from %s:%d:%d", fd.Origin.File, fd.Origin.Line, fd.Origin.Column)
	if subject != "" {
		note += " (" + subject + ")"
	}
	return note
}

// originSubject names the framework object a finding's resource came from,
// with a leading space, or "".
func originSubject(fd finding.Finding) string {
	switch {
	case fd.ServerlessFunction != "":
		return " function " + fd.ServerlessFunction
	case fd.CDKPath != "":
		return " construct " + fd.CDKPath
	case fd.SAMResource != "" && fd.SAMResource != fd.Resource:
		return " SAM resource " + fd.SAMResource
	}
	return ""
}
