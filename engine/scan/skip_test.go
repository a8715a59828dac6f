package scan_test

import (
	"context"
	"testing"

	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/testengine"
)

// TestUnparseableNonTemplatesAreSkipped: a pre-commit hook or a directory
// walk hands over every *.yaml and *.json; broken files of other tools
// must not fail the scan, broken templates must.
func TestUnparseableNonTemplatesAreSkipped(t *testing.T) {
	eng := testengine.Builtin(t, scan.Config{})
	for _, c := range []struct {
		name, src string
		skipped   bool
	}{
		{"helm.yaml", "metadata:\n  name: {{ .Release.Name }}\n{{ include \"x\" . | indent 4 }}\n", true},
		{"tsconfig.json", "{\n  // comment\n  \"compilerOptions\": {}\n}\n", true},
		{"broken.yaml", "Resources:\n  A: {Type: AWS::S3::Bucket\n", false},
		{"broken.json", "{\"AWSTemplateFormatVersion\": \"2010-09-09\",\n \"Resources\": {,}}\n", false},
		{"notes.yaml", "title: not a template\n", true},
	} {
		res := eng.ScanBytes(context.Background(), c.name, []byte(c.src))
		if res.Skipped != c.skipped || (res.Err != nil) == c.skipped {
			t.Errorf("%s: skipped=%v err=%v, want skipped=%v and an error otherwise", c.name, res.Skipped, res.Err, c.skipped)
		}
	}
}
