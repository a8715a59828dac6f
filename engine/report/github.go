package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// GitHub writes GitHub Actions workflow commands, one per unsuppressed
// finding, file error and file warning, so that they appear as annotations
// on the pull request's diff:
//
//	::error file=stacks/api.yaml,line=14,col=19,endLine=14,endColumn=28,title=NET001 …::message
//
// Critical and high findings are errors, medium ones warnings, low ones
// notices. Suppressed findings are left out, as in text output.
func GitHub(w io.Writer, res finding.Result) error {
	s := NewGitHubStream(w)
	for _, f := range res.Files {
		s.File(f)
	}
	return s.Finish()
}

// GitHubStream writes workflow commands one file at a time, as a scan
// hands its results over; the bytes are those GitHub writes.
type GitHubStream struct {
	w   io.Writer
	err error
}

// NewGitHubStream starts GitHub annotations output to w.
func NewGitHubStream(w io.Writer) *GitHubStream { return &GitHubStream{w: w} }

// File writes one file's commands. A write error is kept for Finish.
func (s *GitHubStream) File(f finding.FileResult) {
	if s.err != nil || f.Skipped {
		return
	}
	var b strings.Builder
	writeFileCommands(&b, f)
	if b.Len() > 0 {
		_, s.err = io.WriteString(s.w, b.String())
	}
}

// Finish returns the first write error; annotations have no summary.
func (s *GitHubStream) Finish() error { return s.err }

func writeFileCommands(b *strings.Builder, f finding.FileResult) {
	if f.Err != nil {
		writeCommand(b, "error", f.File, f.Err.Line, f.Err.Col, 0, 0, "File not scanned by cfnvet", f.Err.Msg)
		return
	}
	for _, re := range f.RuleErrors {
		writeCommand(b, "error", f.File, 0, 0, 0, 0, "Rule "+re.Rule+" not evaluated by cfnvet", re.Msg)
	}
	for _, d := range f.Warnings {
		writeCommand(b, "warning", f.File, d.Line, d.Col, 0, 0, "cfnvet warning", d.Msg)
	}
	for _, fd := range f.Findings {
		if fd.Suppressed {
			continue
		}
		title := fmt.Sprintf("%s %s (%s)", fd.Rule.ID, fd.Rule.Title, fd.Severity)
		msg := fmt.Sprintf("%s [%s]\n", fd.Message, fd.Resource)
		if note := sourceNote(fd); note != "" {
			msg += "Source: " + note + "\n"
		}
		msg += fmt.Sprintf("Fix: %s\nMore: %s", strings.Join(strings.Fields(fd.Rule.Remediation), " "), fd.Rule.HelpURI())
		rg := fd.Range
		writeCommand(b, githubLevel(fd.Severity), fd.File, int(rg.Line), int(rg.Col), int(rg.EndLine), int(rg.EndCol), title, msg)
	}
}

func githubLevel(s rule.Severity) string {
	switch s {
	case rule.Critical, rule.High:
		return "error"
	case rule.Medium:
		return "warning"
	}
	return "notice"
}

// writeCommand writes one workflow command. Positions below 1 are left
// out rather than written as 0; an end column is written only with an end
// on the same line, as GitHub requires.
func writeCommand(b *strings.Builder, level, file string, line, col, endLine, endCol int, title, msg string) {
	props := []string{"file=" + escapeProperty(file)}
	if line >= 1 {
		props = append(props, fmt.Sprintf("line=%d", line))
		if col >= 1 {
			props = append(props, fmt.Sprintf("col=%d", col))
		}
		if endLine >= line {
			props = append(props, fmt.Sprintf("endLine=%d", endLine))
			if endLine == line && endCol > col && col >= 1 {
				props = append(props, fmt.Sprintf("endColumn=%d", endCol))
			}
		}
	}
	props = append(props, "title="+escapeProperty(title))
	fmt.Fprintf(b, "::%s %s::%s\n", level, strings.Join(props, ","), escapeData(msg))
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command property value, where ':' and
// ',' are separators too.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
