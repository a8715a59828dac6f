package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// JUnitOptions are what the JUnit report needs besides the results.
type JUnitOptions struct {
	// Rules are the rules that ran; each applies to the resources of its
	// ResourceTypes and yields one test case per such resource, so clean
	// resources show up as passed tests.
	Rules []*rule.Meta
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// caseKey is one rule × resource test case.
type caseKey struct{ rule, resource string }

// JUnit writes one testsuite per scanned file and one testcase per rule ×
// resource: a failure lists the rule's unsuppressed findings on that
// resource, a case whose findings are all suppressed is skipped, and a
// file that could not be scanned is a suite with one errored case.
func JUnit(w io.Writer, res finding.Result, opts JUnitOptions) error {
	doc := junitSuites{Name: "cfnvet"}
	for _, f := range res.Files {
		if f.Skipped {
			continue
		}
		suite := junitSuite{Name: f.File}
		if f.Err != nil {
			suite.Cases = append(suite.Cases, junitCase{Name: "scan", ClassName: f.File, File: f.File, Line: f.Err.Line,
				Error: &junitProblem{Message: f.Err.Msg, Type: "error",
					Body: fmt.Sprintf("%s:%d:%d: %s", f.File, f.Err.Line, f.Err.Col, f.Err.Msg)}})
		} else {
			suite.Cases = fileCases(f, opts.Rules)
		}
		for _, re := range f.RuleErrors {
			suite.Cases = append(suite.Cases, junitCase{Name: "rule " + re.Rule, ClassName: f.File, File: f.File,
				Error: &junitProblem{Message: re.Msg, Type: "error", Body: re.Msg}})
		}
		for _, c := range suite.Cases {
			suite.Tests++
			switch {
			case c.Failure != nil:
				suite.Failures++
			case c.Error != nil:
				suite.Errors++
			case c.Skipped != nil:
				suite.Skipped++
			}
		}
		doc.Tests += suite.Tests
		doc.Failures += suite.Failures
		doc.Errors += suite.Errors
		doc.Skipped += suite.Skipped
		doc.Suites = append(doc.Suites, suite)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// fileCases builds the cases of one file: resources in template order,
// rules by id, and a case for any finding whose resource or rule is not
// in the inventory (so no finding is ever dropped).
func fileCases(f finding.FileResult, rules []*rule.Meta) []junitCase {
	byCase := map[caseKey][]finding.Finding{}
	for _, fd := range f.Findings {
		k := caseKey{fd.Rule.ID, fd.Resource}
		byCase[k] = append(byCase[k], fd)
	}
	sorted := append([]*rule.Meta(nil), rules...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	var keys []caseKey
	seen := map[caseKey]bool{}
	add := func(k caseKey) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	metas := map[string]*rule.Meta{}
	for _, m := range sorted {
		metas[m.ID] = m
	}
	for _, r := range f.Inventory {
		for _, m := range sorted {
			if appliesTo(m, r.Type) || len(byCase[caseKey{m.ID, r.ID}]) > 0 {
				add(caseKey{m.ID, r.ID})
			}
		}
	}
	for _, fd := range f.Findings {
		metas[fd.Rule.ID] = fd.Rule
		add(caseKey{fd.Rule.ID, fd.Resource})
	}
	cases := make([]junitCase, 0, len(keys))
	for _, k := range keys {
		cases = append(cases, junitCaseOf(f.File, k, metas[k.rule], byCase[k]))
	}
	return cases
}

func appliesTo(m *rule.Meta, typ string) bool {
	for _, t := range m.ResourceTypes {
		if t == typ {
			return true
		}
	}
	return false
}

func junitCaseOf(file string, k caseKey, m *rule.Meta, findings []finding.Finding) junitCase {
	c := junitCase{Name: k.rule + " " + m.Slug, ClassName: file + "." + k.resource, File: file}
	var active, suppressed []finding.Finding
	for _, fd := range findings {
		if fd.Suppressed {
			suppressed = append(suppressed, fd)
		} else {
			active = append(active, fd)
		}
	}
	switch {
	case len(active) > 0:
		c.Line = int(active[0].Range.Line)
		var body strings.Builder
		worst := active[0].Severity
		for _, fd := range active {
			worst = max(worst, fd.Severity)
			fmt.Fprintf(&body, "%s:%d:%d: %s %s: %s\n", file, fd.Range.Line, fd.Range.Col,
				strings.ToUpper(fd.Severity.String()), k.rule, fd.Message)
			if note := sourceNote(fd); note != "" {
				fmt.Fprintf(&body, "  %s\n", note)
			}
		}
		for _, fd := range suppressed {
			fmt.Fprintf(&body, "%s:%d:%d: suppressed %s: %s (reason: %s)\n", file, fd.Range.Line, fd.Range.Col,
				k.rule, fd.Message, fd.Suppression.Reason)
		}
		msg := active[0].Message
		if len(active) > 1 {
			msg = fmt.Sprintf("%s (and %d more)", msg, len(active)-1)
		}
		c.Failure = &junitProblem{Message: msg, Type: worst.String(), Body: strings.TrimSuffix(body.String(), "\n")}
	case len(suppressed) > 0:
		c.Line = int(suppressed[0].Range.Line)
		c.Skipped = &junitSkipped{Message: "suppressed: " + suppressed[0].Suppression.Reason}
	}
	return c
}
