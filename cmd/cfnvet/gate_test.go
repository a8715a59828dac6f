package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gateTemplate has two NET001 findings (medium): PublicAlbSG and AppSG.
const gateTemplate = `Resources:
  PublicAlbSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: alb
      SecurityGroupEgress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, DestinationPrefixListId: pl-1, Description: s3}]
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: https}
  AppSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: app
      SecurityGroupEgress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, DestinationPrefixListId: pl-1, Description: s3}]
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: https}
`

type gateFinding struct {
	RuleID      string `json:"rule_id"`
	Resource    string `json:"resource"`
	Suppressed  bool   `json:"suppressed"`
	Suppression *struct {
		Source  string  `json:"source"`
		Reason  string  `json:"reason"`
		Expires *string `json:"expires"`
		Line    int     `json:"line"`
		File    string  `json:"file"`
	} `json:"suppression"`
}

type gateReport struct {
	Findings []gateFinding `json:"findings"`
	Summary  struct {
		Findings   int `json:"findings"`
		Suppressed int `json:"suppressed"`
		Baseline   *struct {
			File    string `json:"file"`
			Entries int    `json:"entries"`
			Stale   int    `json:"stale"`
		} `json:"baseline"`
	} `json:"summary"`
}

func decodeGate(t *testing.T, out string) gateReport {
	t.Helper()
	var r gateReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("invalid JSON output: %v\n%s", err, out)
	}
	return r
}

func TestConfigSuppressionsCLI(t *testing.T) {
	cfg := writeConfig(t, map[string]string{
		"cdk.out/App.template.yaml": gateTemplate,
		".cfnvet.yaml": `suppress:
  - rule: net-ingress-open-to-world
    reason: Public ALB
    files: ["cdk.out/*.template.yaml"]
    resources: ["PublicAlb*"]
    expires: 2999-12-31
  - rule: NET001
    reason: nothing has this
    resources: [Typo]
`,
	})
	tmpl := filepath.Join(filepath.Dir(cfg), "cdk.out", "App.template.yaml")
	out, stderr, code := runCLI(t, "", "scan", "--config", cfg, "--format", "json", tmpl)
	if code != 1 {
		t.Errorf("exit %d, want 1: AppSG's finding is not suppressed; %s", code, stderr)
	}
	r := decodeGate(t, out)
	if len(r.Findings) != 2 || r.Summary.Findings != 1 || r.Summary.Suppressed != 1 {
		t.Fatalf("findings %+v summary %+v", r.Findings, r.Summary)
	}
	alb := r.Findings[0]
	if alb.Resource != "PublicAlbSG" || !alb.Suppressed || alb.Suppression == nil {
		t.Fatalf("PublicAlbSG finding %+v", alb)
	}
	if s := alb.Suppression; s.Source != "config" || s.Reason != "Public ALB" || s.Line != 2 || s.File != cfg ||
		s.Expires == nil || *s.Expires != "2999-12-31" {
		t.Errorf("suppression %+v", *s)
	}
	wantWarn := "cfnvet: warning: " + cfg + ":7:5: suppress entry for NET001 matched no finding in this scan"
	if !strings.Contains(stderr, wantWarn) || strings.Count(stderr, "matched no finding") != 1 {
		t.Errorf("stderr %q, want one %q", stderr, wantWarn)
	}

	// SARIF: the suppression is external and points into the config file.
	out, _, _ = runCLI(t, "", "scan", "--config", cfg, "--format", "sarif", tmpl)
	var sarif struct {
		Runs []struct {
			Results []struct {
				Suppressions []struct {
					Kind          string `json:"kind"`
					Justification string `json:"justification"`
					Location      struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
							Region struct {
								StartLine int `json:"startLine"`
							} `json:"region"`
						} `json:"physicalLocation"`
					} `json:"location"`
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil {
		t.Fatal(err)
	}
	res := sarif.Runs[0].Results
	if len(res) != 2 || len(res[0].Suppressions) != 1 || len(res[1].Suppressions) != 0 {
		t.Fatalf("SARIF results %+v", res)
	}
	s := res[0].Suppressions[0]
	loc := s.Location.PhysicalLocation
	if s.Kind != "external" || s.Justification != "Public ALB" || !strings.HasSuffix(loc.ArtifactLocation.URI, "/.cfnvet.yaml") ||
		loc.Region.StartLine != 2 {
		t.Errorf("SARIF suppression %+v", s)
	}

	// Suppressing AppSG too leaves nothing active: exit 0.
	full := writeConfig(t, map[string]string{".cfnvet.yaml": "suppress:\n  - {rule: NET001, reason: all accepted}\n"})
	if _, stderr, code := runCLI(t, "", "scan", "--config", full, tmpl); code != 0 {
		t.Errorf("exit %d with every finding suppressed, want 0; %s", code, stderr)
	}
}

func TestConfigSuppressionDiagnosticsCLI(t *testing.T) {
	tmpl := writeConfig(t, map[string]string{"t.yaml": gateTemplate})
	tmpl = filepath.Join(filepath.Dir(tmpl), "t.yaml")

	expired := writeConfig(t, map[string]string{".cfnvet.yaml": "suppress:\n  - {rule: NET001, reason: old, expires: 2001-01-01}\n"})
	_, stderr, code := runCLI(t, "", "scan", "--config", expired, tmpl)
	if code != 1 || !strings.Contains(stderr, expired+":2:42: suppress entry for NET001 expired on 2001-01-01; its findings are active again") {
		t.Errorf("expired entry: exit %d, stderr %q; want 1 and the expiry warning", code, stderr)
	}

	for _, c := range []struct{ src, want string }{
		{"suppress:\n  - rule: NET001\n", ":2:5: suppress entry for NET001 has no reason"},
		{"suppress:\n  - {rule: NET999, reason: typo}\n", `:2:12: suppress: unknown rule "NET999"`},
		{"suppress:\n  - {rule: NET001, reason: r, expires: soon}\n", `:2:40: suppress.expires: "soon" is not a YYYY-MM-DD date`},
	} {
		cfg := writeConfig(t, map[string]string{".cfnvet.yaml": c.src})
		_, stderr, code := runCLI(t, "", "scan", "--config", cfg, tmpl)
		if code != 2 || !strings.Contains(stderr, cfg+c.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", c.src, code, stderr, c.want)
		}
	}
}

func TestBaselineCLI(t *testing.T) {
	cfg := writeConfig(t, map[string]string{
		"stacks/app.yaml": gateTemplate,
		".cfnvet.yaml":    "baseline: cfnvet-baseline.json\n",
	})
	dir := filepath.Dir(cfg)
	tmpl := filepath.Join(dir, "stacks", "app.yaml")
	name := filepath.Join(dir, "cfnvet-baseline.json")

	// The config names a baseline that does not exist yet: writing it is
	// allowed, and the run that writes it passes.
	_, stderr, code := runCLI(t, "", "scan", "--config", cfg, "--write-baseline", name, tmpl)
	if code != 0 || !strings.Contains(stderr, "cfnvet: wrote 2 accepted findings to "+name) {
		t.Fatalf("write: exit %d, stderr %q", code, stderr)
	}

	// A new finding (a third group, inserted above the others so the old
	// findings move down) fails the gate; the old ones do not.
	added := strings.Replace(gateTemplate, "Resources:\n", `Description: moved
Resources:
  NewSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: new
      SecurityGroupEgress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, DestinationPrefixListId: pl-1, Description: s3}]
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 8080, ToPort: 8080, CidrIp: 0.0.0.0/0, Description: new}
`, 1)
	if err := os.WriteFile(tmpl, []byte(added), 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runCLI(t, "", "scan", "--config", cfg, "--format", "json", tmpl)
	if code != 1 {
		t.Errorf("exit %d, want 1 for the new finding; %s", code, stderr)
	}
	r := decodeGate(t, out)
	var active []string
	for _, f := range r.Findings {
		switch {
		case !f.Suppressed:
			active = append(active, f.Resource)
		case f.Suppression.Source != "baseline" || f.Suppression.Reason != "in baseline "+name || f.Suppression.File != name || f.Suppression.Line < 4:
			t.Errorf("baseline suppression %+v", *f.Suppression)
		}
	}
	if len(active) != 1 || active[0] != "NewSG" || len(r.Findings) != 3 {
		t.Errorf("active %v of %d findings, want only NewSG", active, len(r.Findings))
	}
	if b := r.Summary.Baseline; b == nil || b.File != name || b.Entries != 2 || b.Stale != 0 {
		t.Errorf("summary baseline %+v", b)
	}

	// Fixing AppSG makes its entry stale; the text summary says so.
	fixed := strings.Replace(added, "CidrIp: 0.0.0.0/0, Description: https}\n", "CidrIp: 10.0.0.0/8, Description: https}\n", 2)
	fixed = strings.Replace(fixed, "CidrIp: 10.0.0.0/8, Description: https}\n  AppSG", "CidrIp: 0.0.0.0/0, Description: https}\n  AppSG", 1)
	if err := os.WriteFile(tmpl, []byte(fixed), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code = runCLI(t, "", "scan", "--config", cfg, "--baseline", name, tmpl)
	if code != 1 || !strings.Contains(out, "1 baseline entry no longer occurs ("+name+")") {
		t.Errorf("exit %d, text output:\n%s\nwant exit 1 and the stale entry mentioned", code, out)
	}

	// An unreadable baseline is an error, not an empty baseline.
	if _, stderr, code := runCLI(t, "", "scan", "--no-config", "--baseline", filepath.Join(dir, "nope.json"), tmpl); code != 2 ||
		!strings.Contains(stderr, "cannot read baseline") {
		t.Errorf("missing baseline: exit %d, %q", code, stderr)
	}
}
