package report_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/report"
)

// The configuration in effect is recorded in JSON (`config`) and in the
// SARIF invocation's properties, with null for "none"; the SARIF stays
// valid against the 2.1.0 schema.
func TestConfigInEffectIsRecorded(t *testing.T) {
	for _, c := range []struct {
		cfg        *finding.ConfigFile
		wantPath   any
		wantOrigin string
	}{
		{&finding.ConfigFile{Path: "../.cfnvet.yaml", Origin: finding.ConfigFound}, "../.cfnvet.yaml", "found"},
		{&finding.ConfigFile{Path: "ci.yaml", Origin: finding.ConfigNamed}, "ci.yaml", "--config"},
		{&finding.ConfigFile{Origin: finding.ConfigNone}, nil, "none"},
		{&finding.ConfigFile{Origin: finding.ConfigOff}, nil, "--no-config"},
	} {
		res := goldenResult()
		res.Config = c.cfg

		var js bytes.Buffer
		if err := report.JSON(&js, goldenTool, res); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Config map[string]any `json:"config"`
		}
		if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Config["path"] != c.wantPath || doc.Config["origin"] != c.wantOrigin {
			t.Errorf("JSON config %v, want path %v origin %s", doc.Config, c.wantPath, c.wantOrigin)
		}

		var sarif bytes.Buffer
		if err := report.SARIF(&sarif, goldenTool, res, report.SARIFOptions{Rules: goldenRules, Example: goldenExample, SourceRoot: "/work/repo"}); err != nil {
			t.Fatal(err)
		}
		validateSARIF(t, sarif.Bytes())
		var s struct {
			Runs []struct {
				Invocations []struct {
					Properties map[string]any `json:"properties"`
				} `json:"invocations"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(sarif.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		props := s.Runs[0].Invocations[0].Properties
		if _, ok := props["config"]; !ok || props["config"] != c.wantPath || props["configOrigin"] != c.wantOrigin {
			t.Errorf("SARIF invocation properties %v, want config %v origin %s", props, c.wantPath, c.wantOrigin)
		}
	}
}
