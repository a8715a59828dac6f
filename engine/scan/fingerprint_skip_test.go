package scan_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/testengine"
)

// TestSkippingFingerprintsChangesNothingElse: with SkipFingerprints (a
// text report without a baseline) findings have no fingerprints and are
// otherwise the same, for every template of testdata with every rule on.
func TestSkippingFingerprintsChangesNothingElse(t *testing.T) {
	cfg := scan.Config{Include: []string{"IAM", "NET", "LOG", "ENC", "SEC"}, Options: rule.Options{AssumeAWSDefaults: true}}
	with := testengine.Builtin(t, cfg)
	cfg.SkipFingerprints = true
	without := testengine.Builtin(t, cfg)
	ctx := context.Background()
	findings := 0
	err := filepath.WalkDir("../../testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isTemplateName(path) {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		a, b := with.ScanBytes(ctx, path, data), without.ScanBytes(ctx, path, data)
		for i := range a.Findings {
			if a.Findings[i].Fingerprint == "" || a.Findings[i].LegacyFingerprint == "" {
				t.Fatalf("%s: a finding without a fingerprint in a default scan: %+v", path, a.Findings[i])
			}
			a.Findings[i].Fingerprint, a.Findings[i].LegacyFingerprint = "", ""
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: skipping fingerprints changed the result:\n%+v\n%+v", path, a, b)
		}
		findings += len(b.Findings)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if findings < 500 {
		t.Fatalf("only %d findings compared: testdata not found", findings)
	}
}
