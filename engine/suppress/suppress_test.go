package suppress_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/testengine"
)

// annotation is one `# want|suppressed|warning …` comment of a fixture.
type annotation struct {
	line   int
	kind   string // want, suppressed, warning
	rule   string // want, suppressed
	source string // suppressed
	rx     *regexp.Regexp
}

var annotationRx = regexp.MustCompile(`#\s*(want|suppressed|warning)\b\s*([A-Z]+\d{3})?\s*(cfnvet|cfn_nag|checkov|cdk_nag|guard)?\s*(?:"((?:[^"\\]|\\.)*)")?`)

func parseAnnotations(t *testing.T, src string) []annotation {
	t.Helper()
	var out []annotation
	for i, line := range strings.Split(src, "\n") {
		// Annotations trail a line of YAML; whole-line comments are prose.
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		m := annotationRx.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		a := annotation{line: i + 1, kind: m[1], rule: m[2], source: m[3]}
		if m[4] != "" {
			a.rx = regexp.MustCompile(strings.ReplaceAll(m[4], `\"`, `"`))
		}
		out = append(out, a)
	}
	return out
}

func newEngine(t *testing.T) *scan.Engine {
	t.Helper()
	eng := testengine.Builtin(t, scan.Config{ // Only the rules the fixtures are about, so rules added later
		// cannot change these expectations.
		Include: []string{"NET001", "NET002", "LOG001", "IAM002", "IAM003"},
		Now:     time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)})
	return eng
}

// TestSuppressionFixtures checks every finding and warning of the
// annotated fixtures in testdata/suppress, strictly both ways.
func TestSuppressionFixtures(t *testing.T) {
	files, err := filepath.Glob("../../testdata/suppress/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	eng := newEngine(t)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			res := eng.ScanBytes(context.Background(), file, data)
			if res.Err != nil {
				t.Fatalf("load: %v", res.Err)
			}
			for _, p := range check(parseAnnotations(t, string(data)), res) {
				t.Error(p)
			}
		})
	}
}

func check(want []annotation, res finding.FileResult) []string {
	var problems []string
	usedF := make([]bool, len(res.Findings))
	usedW := make([]bool, len(res.Warnings))
	for _, a := range want {
		found := false
		switch a.kind {
		case "warning":
			for i, w := range res.Warnings {
				if !usedW[i] && w.Line == a.line && (a.rx == nil || a.rx.MatchString(w.Msg)) {
					usedW[i], found = true, true
					break
				}
			}
		default:
			for i, f := range res.Findings {
				if usedF[i] || int(f.Range.Line) != a.line || f.Rule.ID != a.rule || f.Suppressed != (a.kind == "suppressed") {
					continue
				}
				if f.Suppressed && (f.Suppression.Source != a.source || (a.rx != nil && !a.rx.MatchString(f.Suppression.Reason))) {
					continue
				}
				usedF[i], found = true, true
				break
			}
		}
		if !found {
			problems = append(problems, fmt.Sprintf("%d: missing %s %s %s %v", a.line, a.kind, a.rule, a.source, a.rx))
		}
	}
	for i, f := range res.Findings {
		if !usedF[i] {
			problems = append(problems, fmt.Sprintf("%d: unexpected %s (suppressed=%v %+v)", f.Range.Line, f.Rule.ID, f.Suppressed, f.Suppression))
		}
	}
	for i, w := range res.Warnings {
		if !usedW[i] {
			problems = append(problems, fmt.Sprintf("%d:%d: unexpected warning: %s", w.Line, w.Col, w.Msg))
		}
	}
	sort.Strings(problems)
	return problems
}

// TestSuppressedFindingsNeverFail proves the exit code ignores suppressed
// findings while the summary still counts them.
func TestSuppressedFindingsNeverFail(t *testing.T) {
	src := `Resources:
  SG:
    Type: AWS::EC2::SecurityGroup
    Metadata:
      cfnvet:
        suppress: [{rule: NET001, reason: approved}]
    Properties:
      GroupDescription: x
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 8443, ToPort: 8443, CidrIp: 0.0.0.0/0}]
`
	fr := newEngine(t).ScanBytes(context.Background(), "t.yaml", []byte(src))
	res := finding.Result{Files: []finding.FileResult{fr}}
	s := res.Summarize()
	if s.Findings != 0 || s.Suppressed != 1 {
		t.Errorf("summary = %+v, want 0 findings and 1 suppressed", s)
	}
	if code := res.ExitCode(1); code != finding.ExitClean {
		t.Errorf("exit code = %d, want %d", code, finding.ExitClean)
	}
	if fr.Findings[0].Suppression.Line != 6 {
		t.Errorf("suppression line = %d, want 6", fr.Findings[0].Suppression.Line)
	}
}
