package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/cfnvet/cfnvet"
	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/report"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/ruledoc"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/testengine"
	"github.com/cfnvet/cfnvet/internal/testenv"
)

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
)

// sarifSchema compiles the bundled OASIS schema (a copy of
// shared/design/sarif-schema-2.1.0.json) with format assertions on, so a
// malformed URI fails as surely as a missing property.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	schemaOnce.Do(func() {
		f, err := os.Open(filepath.Join(goldenDir, "sarif-schema-2.1.0.json"))
		if err != nil {
			schemaErr = err
			return
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			schemaErr = err
			return
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if schemaErr = c.AddResource("sarif-schema-2.1.0.json", doc); schemaErr != nil {
			return
		}
		schema, schemaErr = c.Compile("sarif-schema-2.1.0.json")
	})
	if schemaErr != nil {
		t.Fatalf("compile SARIF schema: %v", schemaErr)
	}
	return schema
}

func validateSARIF(t *testing.T, data []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	if err := sarifSchema(t).Validate(inst); err != nil {
		t.Errorf("SARIF does not validate against the 2.1.0 schema: %v", err)
	}
}

// sarifDoc is the part of a SARIF log the tests inspect.
type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID string `json:"id"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful bool `json:"executionSuccessful"`
		} `json:"invocations"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine, StartColumn, EndLine, EndColumn int
					} `json:"region"`
				} `json:"physicalLocation"`
				LogicalLocations []struct {
					FullyQualifiedName string `json:"fullyQualifiedName"`
				} `json:"logicalLocations"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Suppressions        []struct {
				Kind          string `json:"kind"`
				Justification string `json:"justification"`
			} `json:"suppressions"`
		} `json:"results"`
	} `json:"runs"`
}

func parseSARIF(t *testing.T, data []byte) sarifDoc {
	t.Helper()
	var d sarifDoc
	if err := json.Unmarshal(data, &d); err != nil || len(d.Runs) != 1 {
		t.Fatalf("want one SARIF run: %v", err)
	}
	return d
}

func TestSARIFGolden(t *testing.T) {
	var buf bytes.Buffer
	opts := report.SARIFOptions{Rules: goldenRules, Example: goldenExample, SourceRoot: "/work/repo"}
	if err := report.SARIF(&buf, goldenTool, goldenResult(), opts); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, buf.Bytes())
	checkGolden(t, "golden.sarif", buf.Bytes())

	var again bytes.Buffer
	if err := report.SARIF(&again, goldenTool, goldenResult(), opts); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two renderings of the same result differ")
	}
	d := parseSARIF(t, buf.Bytes())
	if d.Runs[0].Invocations[0].ExecutionSuccessful {
		t.Error("executionSuccessful is true although a file failed to parse")
	}
}

// TestSchemaCatchesMistakes proves the validation can fail: the mistakes a
// prototype made (line 0, a bad suppression kind) are rejected.
func TestSchemaCatchesMistakes(t *testing.T) {
	var buf bytes.Buffer
	if err := report.SARIF(&buf, goldenTool, goldenResult(), report.SARIFOptions{Rules: goldenRules}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ from, to string }{
		{`"startLine": 12`, `"startLine": 0`},
		{`"kind": "inSource"`, `"kind": "inline"`},
		{`"version": "2.1.0"`, `"version": "2.0.0"`},
	} {
		bad := strings.Replace(buf.String(), c.from, c.to, 1)
		if bad == buf.String() {
			t.Fatalf("golden input has no %s", c.from)
		}
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		if sarifSchema(t).Validate(inst) == nil {
			t.Errorf("schema accepted %s", c.to)
		}
	}
}

func newEngine(t testing.TB) *scan.Engine {
	t.Helper()
	eng := testengine.Builtin(t, scan.Config{Jobs: 4,
		Options: rule.Options{AssumeAWSDefaults: true}, // the CLI default
		Now:     time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)})
	return eng
}

func realOptions(eng *scan.Engine, root string) report.SARIFOptions {
	return report.SARIFOptions{Rules: eng.Registry.All(), SourceRoot: root, Example: func(id string) ruledoc.Example {
		bad, good := cfnvet.Example(id)
		return ruledoc.Example{Bad: bad, Good: good}
	}}
}

// checkRealSARIF validates SARIF of a real scan and the promises the schema
// cannot express: ruleIndex points at ruleId, no position is 0, suppressed
// results carry a justification.
func checkRealSARIF(t *testing.T, res finding.Result, eng *scan.Engine, root string) sarifDoc {
	t.Helper()
	var buf bytes.Buffer
	if err := report.SARIF(&buf, goldenTool, res, realOptions(eng, root)); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, buf.Bytes())
	d := parseSARIF(t, buf.Bytes())
	run := d.Runs[0]
	for i, r := range run.Results {
		if r.RuleIndex < 0 || r.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %d: ruleIndex %d does not point at %s", i, r.RuleIndex, r.RuleID)
		}
		reg := r.Locations[0].PhysicalLocation.Region
		if reg.StartLine < 1 || reg.StartColumn < 1 || reg.EndLine < reg.StartLine {
			t.Errorf("result %d (%s %s): bad region %+v", i, r.RuleID, r.Locations[0].PhysicalLocation.ArtifactLocation.URI, reg)
		}
		if len(r.PartialFingerprints) == 0 {
			t.Errorf("result %d: no partialFingerprints", i)
		}
		for _, s := range r.Suppressions {
			if s.Justification == "" || s.Kind != "inSource" {
				t.Errorf("result %d: suppression %+v lacks a justification or kind", i, s)
			}
		}
	}
	return d
}

// TestSARIFOfRealScan runs the whole registry over the repository's own
// fixtures, including the suppression fixtures.
func TestSARIFOfRealScan(t *testing.T) {
	eng := newEngine(t)
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	inputs := scan.Discover([]string{filepath.Join(root, "testdata")}, nil)
	res := eng.Run(context.Background(), inputs, nil)
	d := checkRealSARIF(t, res, eng, root)
	suppressed := 0
	for _, r := range d.Runs[0].Results {
		if len(r.Suppressions) > 0 {
			suppressed++
		}
		if uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI; !strings.HasPrefix(uri, "testdata/") {
			t.Errorf("uri %q is not relative to the source root", uri)
		}
	}
	if want := res.Summarize().Suppressed; suppressed != want || want == 0 {
		t.Errorf("%d results with suppressions, want %d (> 0)", suppressed, want)
	}
}

// TestFingerprintSurvivesLinesAbove moves every finding down by inserting
// unrelated lines above it: the lines change, the fingerprints must not.
func TestFingerprintSurvivesLinesAbove(t *testing.T) {
	const tmpl = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  WebSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 8443, ToPort: 8443, CidrIp: 0.0.0.0/0}
`
	const inserted = `Description: >-
  A description long enough
  to push every resource down
Parameters:
  Unused: {Type: String}
`
	moved := strings.Replace(tmpl, "Resources:\n", inserted+"Resources:\n", 1)
	eng := newEngine(t)
	scanOne := func(src string) sarifDoc {
		res := finding.Result{Files: []finding.FileResult{eng.ScanBytes(context.Background(), "stack.yaml", []byte(src))}}
		return checkRealSARIF(t, res, eng, "")
	}
	before, after := scanOne(tmpl).Runs[0].Results, scanOne(moved).Runs[0].Results
	if len(before) == 0 || len(before) != len(after) {
		t.Fatalf("results before/after: %d/%d, want the same non-zero number", len(before), len(after))
	}
	for i := range before {
		b, a := before[i], after[i]
		lb, la := b.Locations[0].PhysicalLocation.Region.StartLine, a.Locations[0].PhysicalLocation.Region.StartLine
		if la != lb+5 {
			t.Errorf("%s: line %d -> %d, want it moved down by 5", b.RuleID, lb, la)
		}
		if !equalMaps(b.PartialFingerprints, a.PartialFingerprints) {
			t.Errorf("%s: partialFingerprints changed when lines were inserted above: %v -> %v", b.RuleID, b.PartialFingerprints, a.PartialFingerprints)
		}
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestSARIFOfCorpus validates the SARIF of the shared corpus of real
// templates when it is present (it is not part of the repository).
func TestSARIFOfCorpus(t *testing.T) {
	corpus := testenv.SharedDir(t, "corpus")
	if testing.Short() {
		t.Skip("corpus scan skipped in -short mode")
	}
	root, err := filepath.Abs(corpus)
	if err != nil {
		t.Fatal(err)
	}
	eng := newEngine(t)
	res := eng.Run(context.Background(), scan.Discover([]string{root}, nil), nil)
	d := checkRealSARIF(t, res, eng, root)
	s := res.Summarize()
	t.Logf("corpus: %d files, %d errors, %d results (%d suppressed) validate against the SARIF 2.1.0 schema",
		s.Files, s.Errors, len(d.Runs[0].Results), s.Suppressed)
}
