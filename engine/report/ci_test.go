package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/report"
)

func TestJUnitGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := report.JUnit(&buf, goldenResult(), report.JUnitOptions{Rules: goldenRules}); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "golden.junit.xml", buf.Bytes())

	// The counts CI parsers show must add up to the cases written.
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Skipped  int `xml:"skipped,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Failure *struct{} `xml:"failure"`
				Error   *struct{} `xml:"error"`
				Skipped *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("JUnit output is not XML: %v", err)
	}
	var tests, failures, errors, skipped int
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			tests++
			if c.Failure != nil {
				failures++
			}
			if c.Error != nil {
				errors++
			}
			if c.Skipped != nil {
				skipped++
			}
		}
	}
	if doc.Tests != tests || doc.Failures != failures || doc.Errors != errors || doc.Skipped != skipped {
		t.Errorf("totals %d/%d/%d/%d, cases say %d/%d/%d/%d", doc.Tests, doc.Failures, doc.Errors, doc.Skipped,
			tests, failures, errors, skipped)
	}
	if len(doc.Suites) != 3 {
		t.Errorf("%d suites, want one per scanned file (3; the skipped non-template has none)", len(doc.Suites))
	}
	// 4 resources × applicable rules in api.yaml (1+1+1+1) + an errored
	// file (1) + one bucket (1).
	if tests != 6 || failures != 3 || errors != 1 || skipped != 1 {
		t.Errorf("got %d tests, %d failures, %d errors, %d skipped; want 6, 3, 1, 1", tests, failures, errors, skipped)
	}
}

func TestGitHubGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := report.GitHub(&buf, goldenResult()); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "golden.github.txt", buf.Bytes())
	for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		if !strings.HasPrefix(line, "::error ") && !strings.HasPrefix(line, "::warning ") && !strings.HasPrefix(line, "::notice ") {
			t.Errorf("not a workflow command: %q", line)
		}
		if strings.Contains(line, "line=0") || strings.Contains(line, "col=0") {
			t.Errorf("position 0 in %q", line)
		}
	}
	if strings.Contains(buf.String(), "BastionSG") {
		t.Error("a suppressed finding was annotated")
	}
}

// TestOriginInEveryFormat checks that a finding's origin (the user's source
// that generated the resource) reaches JSON, text and, with the construct
// path, the other formats (the golden files cover GitHub, JUnit, SARIF).
func TestOriginInEveryFormat(t *testing.T) {
	var js bytes.Buffer
	if err := report.JSON(&js, goldenTool, goldenResult()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Findings []struct {
			Resource string `json:"resource"`
			Source   struct {
				CDKPath *string `json:"cdk_path"`
				Origin  *struct {
					File   string `json:"file"`
					Line   int    `json:"line"`
					Column int    `json:"column"`
				} `json:"origin"`
			} `json:"source"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	withOrigin := 0
	for _, f := range doc.Findings {
		o := f.Source.Origin
		switch {
		case f.Resource == "AdminRole" && (o == nil || o.File != "lib/api-stack.ts" || o.Line != 31 || o.Column != 13):
			t.Errorf("AdminRole origin %+v", o)
		case f.Resource != "AdminRole" && o != nil:
			t.Errorf("%s: origin %+v on a hand-written resource", f.Resource, o)
		}
		if o != nil {
			withOrigin++
		}
	}
	if withOrigin != 1 {
		t.Errorf("%d findings with an origin, want 1", withOrigin)
	}
	var text bytes.Buffer
	if err := report.Text(&text, goldenResult(), report.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	want := "stacks/api.yaml:12:25  CRITICAL  IAM001  statement \"All\" allows every action on every resource  (AdminRole)\n" +
		"    from lib/api-stack.ts:31:13 (construct ApiStack/AdminRole/Resource)\n"
	if !strings.Contains(text.String(), want) {
		t.Errorf("text output lacks the origin line:\n%s", text.String())
	}
}
