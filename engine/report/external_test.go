package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/report"
)

const threeOpen = `Resources:
  ConfigSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: a
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: x}]
  BaselineSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: b
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: x}]
  MetadataSG:
    Type: AWS::EC2::SecurityGroup
    Metadata:
      cfnvet:
        suppress: [{rule: NET001, reason: in source}]
    Properties:
      GroupDescription: c
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: x}]
`

// externalResult has one NET001 finding suppressed by each kind of source:
// config, baseline and the template's Metadata.
func externalResult(t *testing.T, root string) finding.Result {
	t.Helper()
	eng := newEngine(t)
	fr := eng.ScanBytes(context.Background(), filepath.Join(root, "stacks", "app.yaml"), []byte(threeOpen))
	suppressed := 0
	for i := range fr.Findings {
		f := &fr.Findings[i]
		if f.Rule.ID != "NET001" {
			f.Suppressed, f.Suppression = true, &finding.Suppression{Source: "cfnvet", Reason: "not under test"}
			continue
		}
		switch f.Resource {
		case "ConfigSG":
			f.Suppressed, f.Suppression = true, &finding.Suppression{Source: finding.SourceConfig, Reason: "public",
				Expires: "2999-01-01", Line: 4, File: filepath.Join(root, ".cfnvet.yaml")}
			suppressed++
		case "BaselineSG":
			f.Suppressed, f.Suppression = true, &finding.Suppression{Source: finding.SourceBaseline,
				Reason: "in baseline cfnvet-baseline.json", Line: 9, File: filepath.Join(root, "cfnvet-baseline.json")}
			suppressed++
		}
	}
	if suppressed != 2 {
		t.Fatalf("fixture: %d NET001 findings on ConfigSG and BaselineSG, want 2", suppressed)
	}
	return finding.Result{Files: []finding.FileResult{fr}, Baseline: &finding.BaselineUse{File: "cfnvet-baseline.json", Entries: 3, Stale: 1}}
}

func TestSARIFExternalSuppressions(t *testing.T) {
	root := t.TempDir()
	eng := newEngine(t)
	var buf bytes.Buffer
	if err := report.SARIF(&buf, goldenTool, externalResult(t, root), realOptions(eng, root)); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, buf.Bytes())
	var d struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					Logical []struct {
						Name string `json:"name"`
					} `json:"logicalLocations"`
				} `json:"locations"`
				Suppressions []struct {
					Kind       string                                      `json:"kind"`
					Location   *struct{ PhysicalLocation json.RawMessage } `json:"location"`
					Properties struct {
						Source string `json:"source"`
					} `json:"properties"`
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range d.Runs[0].Results {
		if r.RuleID != "NET001" || len(r.Suppressions) != 1 {
			continue
		}
		s := r.Suppressions[0]
		var where bytes.Buffer
		if s.Location != nil {
			if err := json.Compact(&where, s.Location.PhysicalLocation); err != nil {
				t.Fatal(err)
			}
		}
		got[r.Locations[0].Logical[0].Name] = s.Kind + " " + s.Properties.Source + " " + where.String()
	}
	want := map[string]string{
		"ConfigSG":   `external config {"artifactLocation":{"uri":".cfnvet.yaml","uriBaseId":"%SRCROOT%"},"region":{"startLine":4}}`,
		"BaselineSG": `external baseline {"artifactLocation":{"uri":"cfnvet-baseline.json","uriBaseId":"%SRCROOT%"},"region":{"startLine":9}}`,
		"MetadataSG": `inSource cfnvet {"artifactLocation":{"uri":"stacks/app.yaml","uriBaseId":"%SRCROOT%"},"region":{"startLine":16}}`,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: suppression %s\nwant %s", k, got[k], w)
		}
	}
}

func TestJSONExternalSuppressions(t *testing.T) {
	root := t.TempDir()
	var buf bytes.Buffer
	if err := report.JSON(&buf, goldenTool, externalResult(t, root)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`"suppression": {
        "source": "config",
        "reason": "public",
        "expires": "2999-01-01",
        "line": 4,
        "file": "` + filepath.Join(root, ".cfnvet.yaml") + `"
      }`,
		`"suppression": {
        "source": "baseline",
        "reason": "in baseline cfnvet-baseline.json",
        "expires": null,
        "line": 9,
        "file": "` + filepath.Join(root, "cfnvet-baseline.json") + `"
      }`,
		// In-template suppressions keep the contract's shape: no file.
		`"suppression": {
        "source": "cfnvet",
        "reason": "in source",
        "expires": null,
        "line": 16
      }`,
		`"baseline": {
      "file": "cfnvet-baseline.json",
      "entries": 3,
      "stale": 1
    }`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks\n%s\nin\n%s", want, out)
		}
	}
}

func TestTextMentionsStaleBaselineEntries(t *testing.T) {
	res := externalResult(t, t.TempDir())
	var buf bytes.Buffer
	if err := report.Text(&buf, res, report.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := "1 baseline entry no longer occurs (cfnvet-baseline.json); rewrite it with --write-baseline to drop it\n"; !strings.Contains(buf.String(), want) {
		t.Errorf("text output lacks %q:\n%s", want, buf.String())
	}
	res.Baseline.Stale = 0
	buf.Reset()
	if err := report.Text(&buf, res, report.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "baseline") {
		t.Errorf("no stale entries, yet the text mentions the baseline:\n%s", buf.String())
	}
}
