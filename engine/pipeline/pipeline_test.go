package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/pipeline"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/engine/suppress"
	"github.com/cfnvet/cfnvet/rules"
)

const openSG = `Resources:
  WebSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
`

func options(dir string) pipeline.Options {
	return pipeline.Options{Config: scan.Config{GoRules: rules.Go(), Policies: rules.Policies(), Include: []string{"NET001"}},
		Targets: []string{dir}, FailOn: rule.Low}
}

// TestScanStages: the façade discovers, scans, gates, writes a baseline
// and then passes the gate with it, and reports scan-wide warnings.
func TestScanStages(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "app.yaml"), []byte(openSG), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	o := options(dir)
	res, err := pipeline.Scan(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Exit != finding.ExitFindings || len(res.Files) != 1 || len(res.Files[0].Findings) != 1 || len(res.EnabledRules) != 1 {
		t.Fatalf("exit %d, %d files, enabled %d", res.Exit, len(res.Files), len(res.EnabledRules))
	}

	name := filepath.Join(dir, "baseline.json")
	o.BaselineFile, o.BaselineOrigin, o.WriteBaseline = name, "--baseline", name
	if res, err = pipeline.Scan(ctx, o); err != nil {
		t.Fatal(err)
	}
	if res.Exit != finding.ExitClean || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "wrote 1 accepted finding") {
		t.Errorf("writing the baseline: exit %d, notes %q", res.Exit, res.Notes)
	}
	o.WriteBaseline = ""
	o.Suppressions = func(*rule.Registry, time.Time) ([]suppress.External, []string, error) {
		return []suppress.External{{Key: "NET001", Rules: map[string]bool{"NET001": true}, Resources: []string{"Other"},
			Reason: "r", File: "cfg.yaml", Line: 3, Col: 5}}, []string{"cfg.yaml:9:1: expired"}, nil
	}
	if res, err = pipeline.Scan(ctx, o); err != nil {
		t.Fatal(err)
	}
	if f := res.Files[0].Findings[0]; res.Exit != finding.ExitClean || !f.Suppressed || f.Suppression.Source != finding.SourceBaseline {
		t.Errorf("with the baseline: exit %d, finding %+v", res.Exit, f)
	}
	if len(res.Warnings) != 2 || res.Warnings[0] != "cfg.yaml:9:1: expired" || !strings.HasPrefix(res.Warnings[1], "cfg.yaml:3:5: suppress entry for NET001 matched no finding") {
		t.Errorf("warnings %q", res.Warnings)
	}

	o.BaselineFile = filepath.Join(dir, "missing.json")
	if _, err := pipeline.Scan(ctx, o); err == nil || !strings.HasPrefix(err.Error(), "--baseline: ") {
		t.Errorf("missing baseline: %v", err)
	}
}
