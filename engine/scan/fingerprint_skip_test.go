package scan_test

import (
	"context"
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
	eachTestdataFile(t, func(path string, data []byte) {
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
	})
	if findings < 500 {
		t.Fatalf("only %d findings compared: testdata not found", findings)
	}
}
