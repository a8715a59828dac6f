package main

import (
	"bytes"
	"context"
	"flag"
	"path/filepath"
	"testing"
	"time"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/pipeline"
	"github.com/cfnvet/cfnvet/engine/report"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/engine/suppress"
	"github.com/cfnvet/cfnvet/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden outputs in testdata/golden/out")

// Paths are relative to the repository root, which the test runs from so
// that file names and SARIF URIs are the same on every machine.
const (
	goldenTemplates = "testdata/golden/templates"
	goldenOut       = "testdata/golden/out"
)

// goldenRules are defined here rather than taken from the registry, so the
// golden outputs change only when the pipeline or a printer does, not when
// a built-in rule's wording is improved.
func goldenRules() []*rule.Rule {
	meta := func(id, slug string, fam rule.Family, sev rule.Severity, title, typ string, aliases map[string][]string) rule.Meta {
		return rule.Meta{ID: id, Slug: slug, Family: fam, Severity: sev, Title: title, Description: title + ".",
			Remediation: "Fix it.", ResourceTypes: []string{typ}, Aliases: aliases, Engine: "go"}
	}
	open := &rule.Rule{Meta: meta("GLD001", "gld-open-ingress", rule.NET, rule.High, "Ingress open to the world",
		"AWS::EC2::SecurityGroup", map[string][]string{"cfn_nag": {"W2"}}),
		Check: func(p *rule.Pass, r *model.Resource) {
			for i, in := range r.Prop("SecurityGroupIngress").List() {
				if cidr, ok := in.Get("CidrIp").Str(); ok && cidr == "0.0.0.0/0" {
					port, _ := in.Get("FromPort").Str()
					p.Report(r, model.Path{"Properties", "SecurityGroupIngress", i, "CidrIp"}, "%s allows 0.0.0.0/0 on tcp/%s", r.ID, port)
				}
			}
		}}
	logging := &rule.Rule{Meta: meta("GLD002", "gld-bucket-logging", rule.LOG, rule.Low, "Bucket without access logging",
		"AWS::S3::Bucket", nil),
		Check: func(p *rule.Pass, r *model.Resource) {
			if r.Prop("LoggingConfiguration") == nil {
				p.Report(r, model.Path{"Properties", "LoggingConfiguration"}, "%s has no LoggingConfiguration", r.ID)
			}
		}}
	return []*rule.Rule{open, logging}
}

// TestGoldenOutputs scans a few fixtures through the whole pipeline and
// writes them in every format as `cfnvet scan --no-color` does, checking
// each byte for byte. Run `go test ./cmd/cfnvet -run TestGoldenOutputs
// -update` to regenerate them, and review the diff.
func TestGoldenOutputs(t *testing.T) {
	t.Chdir("../..")
	opts := pipeline.Options{
		Config: scan.Config{GoRules: goldenRules(), Jobs: 2, Now: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC),
			Suppressions: func(*rule.Registry, time.Time) ([]suppress.External, []string, error) {
				return []suppress.External{{Key: "GLD002", Rules: map[string]bool{"GLD002": true}, Resources: []string{"Audit*"},
					Reason: "audit buckets log elsewhere", File: ".cfnvet.yaml", Line: 4, Col: 5}}, nil, nil
			}},
		Targets: []string{goldenTemplates}, FailOn: rule.Low,
		ConfigFile: &finding.ConfigFile{Path: ".cfnvet.yaml", Origin: finding.ConfigFound},
	}
	res, err := pipeline.Scan(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Exit != finding.ExitError {
		t.Errorf("exit %d, want %d: broken.yaml cannot be parsed", res.Exit, finding.ExitError)
	}
	tool := report.Tool{Name: "cfnvet", Version: "1.2.3"}
	for format, name := range map[string]string{"text": "scan.txt", "json": "scan.json", "sarif": "scan.sarif",
		"junit": "scan.junit.xml", "github": "scan.github.txt"} {
		var buf bytes.Buffer
		o := &scanOptions{noColor: true, showSuppressed: true}
		// A fixed source root: SARIF names it, and the scanned file names
		// (relative to the working directory) are relative to it.
		if err := writeReports(&buf, o, []string{format}, tool, "/src", res); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		checkGoldenOutput(t, name, buf.Bytes())
	}
}

func checkGoldenOutput(t *testing.T, name string, got []byte) {
	t.Helper()
	testenv.Golden(t, filepath.Join(goldenOut, name), got, *update, "go test ./cmd/cfnvet -run TestGoldenOutputs -update")
}
