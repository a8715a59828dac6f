package scan_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/internal/testengine"
)

// TestReleasingPropertiesChangesNoFinding: a scan of bytes empties the
// resources' Properties in its own parse tree once the Go rules ran
// (Template.ReleaseResourceProperties); a scan of a caller's tree leaves it
// whole. Every template of testdata, every rule enabled, must give the
// same findings both ways, so no policy, locating step or suppression
// reads what was released.
func TestReleasingPropertiesChangesNoFinding(t *testing.T) {
	eng := testengine.Builtin(t, scan.Config{Include: []string{"IAM", "NET", "LOG", "ENC", "SEC"},
		Options: rule.Options{AssumeAWSDefaults: true}})
	ctx := context.Background()
	compared, withFindings := 0, 0
	eachTestdataFile(t, func(path string, data []byte) {
		tpl, err := template.Parse(path, data)
		if err != nil {
			return // not a template, or invalid on purpose
		}
		whole := eng.ScanTemplate(ctx, tpl)
		released := eng.ScanBytes(ctx, path, data)
		if whole.Err != nil || released.Err != nil || whole.Skipped || released.Skipped {
			return
		}
		compared++
		if len(whole.Findings) > 0 {
			withFindings++
		}
		if a, b := findingLines(whole), findingLines(released); a != b {
			t.Errorf("%s: findings differ when the tree's properties are released:\nwhole tree:\n%s\nreleased:\n%s", path, a, b)
		}
	})
	if compared < 500 || withFindings < 300 {
		t.Fatalf("compared %d templates (%d with findings); expected the testdata fixtures", compared, withFindings)
	}
}

// TestReleaseResourcePropertiesEmptiesTheTree checks what the release
// keeps: each Properties key and the kind and range of its value.
func TestReleaseResourcePropertiesEmptiesTheTree(t *testing.T) {
	src := "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: logs\n    Metadata:\n      Note: kept\n  Queue:\n    Type: AWS::SQS::Queue\n"
	tpl, err := template.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	before := tpl.Section("Resources").Get("Bucket").Entry("Properties")
	keyRange, valueRange := before.KeyRange, before.Value.Range
	tpl.ReleaseResourceProperties()
	bucket := tpl.Section("Resources").Get("Bucket")
	props := bucket.Entry("Properties")
	switch {
	case props == nil:
		t.Fatal("the Properties key was removed")
	case props.Value.Kind != template.Map || len(props.Value.Entries()) != 0:
		t.Errorf("Properties still holds %d entries (kind %v)", len(props.Value.Entries()), props.Value.Kind)
	case props.KeyRange != keyRange || props.Value.Range != valueRange:
		t.Errorf("ranges changed: key %v value %v, want %v %v", props.KeyRange, props.Value.Range, keyRange, valueRange)
	}
	if bucket.Get("Metadata").Get("Note").Text() != "kept" || bucket.Get("Type").Text() != "AWS::S3::Bucket" {
		t.Error("the release touched more than Properties")
	}
}

// eachTestdataFile calls fn with every file of testdata with a template's
// extension.
func eachTestdataFile(t *testing.T, fn func(path string, data []byte)) {
	t.Helper()
	err := filepath.WalkDir("../../testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isTemplateName(path) {
			return err
		}
		data, err := os.ReadFile(path)
		if err == nil {
			fn(path, data)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func isTemplateName(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json", ".template":
		return true
	}
	return false
}

func findingLines(res finding.FileResult) string {
	var b strings.Builder
	for _, f := range res.Findings {
		fmt.Fprintf(&b, "%s | %s | %s | %s | %s | %v | %s\n", f.Rule.ID, f.Resource, f.Path, f.Message,
			f.Fingerprint, f.Range, boolText(f.Suppressed))
	}
	return b.String()
}

func boolText(b bool) string {
	if b {
		return "suppressed"
	}
	return ""
}
