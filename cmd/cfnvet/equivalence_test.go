package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/baseline"
	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/report"
	"github.com/cfnvet/cfnvet/internal/testengine"
)

// equivalenceTemplate has one NET001 finding for every suppression source:
// the template's cfnvet form, the cfn_nag form, a config entry, the
// baseline, and none (active).
const equivalenceTemplate = `Resources:
  ByTemplate:
    Type: AWS::EC2::SecurityGroup
    Metadata:
      cfnvet:
        suppress:
          - {rule: NET001, reason: public ALB}
    Properties:
      GroupDescription: a
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
  ByCfnNag:
    Type: AWS::EC2::SecurityGroup
    Metadata:
      cfn_nag:
        rules_to_suppress:
          - {id: W2, reason: public ALB}
    Properties:
      GroupDescription: b
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
  ByConfig:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: c
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
  ByBaseline:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: d
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0}
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
`

// TestScanBytesEqualsCLI: an embedder building an Engine from the same
// configuration gets from ScanBytes what `cfnvet scan` reports, every
// suppression source included (issue 13: they used to differ, because the
// CLI applied config suppressions and the baseline itself).
func TestScanBytesEqualsCLI(t *testing.T) {
	cfgFile := writeConfig(t, map[string]string{
		"app.yaml": equivalenceTemplate,
		".cfnvet.yaml": "rules: {enable: [NET001]}\nbaseline: baseline.json\nsuppress:\n" +
			"  - {rule: NET001, resources: [ByConfig], reason: internal only}\n",
	})
	dir := filepath.Dir(cfgFile)
	tmpl := filepath.Join(dir, "app.yaml")
	base := filepath.Join(dir, "baseline.json")

	// Accept ByBaseline's port 80 finding: its fingerprint from a scan
	// without the baseline.
	out, stderr, _ := runCLI(t, "", "scan", "--no-config", "--rule", "NET001", "--format", "json", tmpl)
	var first struct {
		Findings []struct {
			Resource    string `json:"resource"`
			Path        string `json:"path"`
			Fingerprint string `json:"fingerprint"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &first); err != nil {
		t.Fatalf("%v: %s %s", err, out, stderr)
	}
	var fp string
	for _, f := range first.Findings {
		if f.Resource == "ByBaseline" && strings.Contains(f.Path, "[0]") {
			fp = f.Fingerprint
		}
	}
	if fp == "" {
		t.Fatalf("no ByBaseline finding in %s", out)
	}
	if err := os.WriteFile(base, []byte(`{"version": 2, "findings": [{"file": "app.yaml", "rule_id": "NET001", "fingerprint": "`+fp+`"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}

	cliOut, stderr, code := runCLI(t, "", "scan", "--config", cfgFile, "--format", "json", tmpl)
	if code != 1 {
		t.Fatalf("cfnvet scan: exit %d, want 1 (one active finding); %s", code, stderr)
	}

	// The embedder: the same configuration, the baseline read and given to
	// the engine, one file's bytes.
	o := &scanOptions{jobs: 1, assumeAWSDefaults: true, noConfig: false, configFile: cfgFile, failOn: "low"}
	file, _, err := loadConfig(o)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := buildConfig(o, file, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Baseline, err = baseline.Read(base); err != nil {
		t.Fatal(err)
	}
	eng := testengine.New(t, cfg)
	data, err := os.ReadFile(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	fr := eng.ScanBytes(context.Background(), tmpl, data)
	var embedded bytes.Buffer
	if err := report.JSON(&embedded, report.Tool{Name: "cfnvet", Version: version()}, finding.Result{Files: []finding.FileResult{fr}}); err != nil {
		t.Fatal(err)
	}

	cliFindings, embeddedFindings := findingsOf(t, cliOut), findingsOf(t, embedded.String())
	if !reflect.DeepEqual(cliFindings, embeddedFindings) {
		t.Errorf("ScanBytes and cfnvet scan differ:\n--- cfnvet scan ---\n%s\n--- ScanBytes ---\n%s", cliFindings, embeddedFindings)
	}
	// And the case is not vacuous: every source suppressed its finding.
	var got []string
	for _, f := range fr.Findings {
		s := "active"
		if f.Suppressed {
			s = f.Suppression.Source
		}
		got = append(got, f.Resource+" "+s)
	}
	want := []string{"ByTemplate cfnvet", "ByCfnNag cfn_nag", "ByConfig config", "ByBaseline baseline", "ByBaseline active"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ScanBytes findings %v, want %v", got, want)
	}
}

// findingsOf returns the findings array of a JSON report, re-encoded.
func findingsOf(t *testing.T, out string) string {
	t.Helper()
	var doc struct {
		Findings json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("invalid JSON output: %v\n%s", err, out)
	}
	var v any
	if err := json.Unmarshal(doc.Findings, &v); err != nil {
		t.Fatal(err)
	}
	pretty, _ := json.MarshalIndent(v, "", "  ")
	return string(pretty)
}
