package baseline

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/fingerprint"
	"github.com/cfnvet/cfnvet/engine/model"
)

const (
	https  = "        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: https}\n"
	ssh    = "        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0, Description: ssh}\n"
	intern = "        - {IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIp: 10.0.0.0/8, Description: db}\n"
)

func webSG(ingress ...string) string {
	return "Resources:\n  WebSG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: web\n" +
		"      SecurityGroupIngress:\n" + strings.Join(ingress, "")
}

// TestBaselineHoldsAcrossListEdits is the case of issue 13: adding an
// entry above an accepted one must neither make the accepted finding new
// nor let the baseline accept the added one.
func TestBaselineHoldsAcrossListEdits(t *testing.T) {
	dir := t.TempDir()
	tmpl := writeFile(t, filepath.Join(dir, "app.yaml"), webSG(https))
	name := filepath.Join(dir, "baseline.json")
	if n, err := Write(name, scanFiles(t, tmpl), nil); err != nil || n != 1 {
		t.Fatalf("wrote %d, %v", n, err)
	}
	b, err := Read(name)
	if err != nil {
		t.Fatal(err)
	}
	for edit, src := range map[string]string{
		"insert a private entry above": webSG(intern, https),
		"insert an open entry above":   webSG(ssh, https),
		"insert an open entry below":   webSG(https, ssh),
		"reorder":                      webSG(intern, ssh, https),
		"reformat as block":            webSG("        - IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n          CidrIp: 0.0.0.0/0\n          Description: https\n"),
	} {
		writeFile(t, tmpl, src)
		res := scanFiles(t, tmpl)
		b.Apply(&res)
		for _, f := range res.Files[0].Findings {
			accepted := f.Suppressed && f.Suppression.Source == "baseline"
			isHTTPS := strings.Contains(f.Message, "443")
			if accepted != isHTTPS {
				t.Errorf("%s: finding %q at %s: accepted=%v, want %v", edit, f.Message, f.Path, accepted, isHTTPS)
			}
		}
		if res.Baseline.Stale != 0 {
			t.Errorf("%s: %d stale entries, want 0", edit, res.Baseline.Stale)
		}
	}
}

// TestVersion1BaselineStillMatches: a baseline written before content
// fingerprints (version 1, index-based) keeps accepting its findings, and
// rewriting it migrates the entries of the files scanned to version 2.
func TestVersion1BaselineStillMatches(t *testing.T) {
	dir := t.TempDir()
	tmpl := writeFile(t, filepath.Join(dir, "app.yaml"), webSG(intern, https))
	other := writeFile(t, filepath.Join(dir, "other.yaml"), webSG(https))
	legacy := func(i int) string {
		return fingerprint.Legacy("NET001", "WebSG", model.Path{"Properties", "SecurityGroupIngress", i, "CidrIp"})
	}
	v1 := `{"version": 1, "findings": [
  {"file": "app.yaml", "rule_id": "NET001", "fingerprint": "` + legacy(1) + `"},
  {"file": "other.yaml", "rule_id": "NET001", "fingerprint": "` + legacy(0) + `"}
]}`
	name := writeFile(t, filepath.Join(dir, "baseline.json"), v1)
	b, err := Read(name)
	if err != nil {
		t.Fatal(err)
	}
	res := scanFiles(t, tmpl)
	if f := res.Files[0].Findings; len(f) != 1 || f[0].Fingerprint == legacy(1) || f[0].LegacyFingerprint != legacy(1) {
		t.Fatalf("findings %+v: want one with a new fingerprint and legacy %s", f, legacy(1))
	}
	b.Apply(&res)
	if got, want := states(res), []string{"WebSG baseline"}; !reflect.DeepEqual(got, want) {
		t.Errorf("version 1 baseline: %v, want %v", got, want)
	}

	// Rewritten after scanning app.yaml only: app.yaml's entry gets the new
	// fingerprint, other.yaml's is carried over and marked as legacy.
	if n, err := Write(name, res, b); err != nil || n != 2 {
		t.Fatalf("rewrote %d, %v", n, err)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var doc document
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != Version || len(doc.Findings) != 2 ||
		doc.Findings[0].Fingerprint != res.Files[0].Findings[0].Fingerprint || doc.Findings[0].Scheme != 0 ||
		doc.Findings[1].Fingerprint != legacy(0) || doc.Findings[1].Scheme != legacyScheme {
		t.Fatalf("rewritten baseline:\n%s", data)
	}
	b, err = Read(name)
	if err != nil {
		t.Fatal(err)
	}
	res = scanFiles(t, tmpl, other)
	b.Apply(&res)
	if got, want := states(res), []string{"WebSG baseline", "WebSG baseline"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rewritten baseline: %v, want %v", got, want)
	}

	// A version 2 entry never matches by the legacy fingerprint: that is
	// the index-based identity that accepted the wrong finding.
	v2 := strings.Replace(v1, `"version": 1`, `"version": 2`, 1)
	writeFile(t, name, v2)
	if b, err = Read(name); err != nil {
		t.Fatal(err)
	}
	res = scanFiles(t, tmpl)
	b.Apply(&res)
	if got, want := states(res), []string{"WebSG active"}; !reflect.DeepEqual(got, want) {
		t.Errorf("version 2 entry with a legacy fingerprint: %v, want %v", got, want)
	}
}
