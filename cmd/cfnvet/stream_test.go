package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/config"
	"github.com/cfnvet/cfnvet/engine/pipeline"
	"github.com/cfnvet/cfnvet/engine/report"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/internal/synth"
)

// TestStreamedOutputEqualsWholeResult: text and GitHub output written
// while the scan goes on (files finishing out of order on two workers) are
// byte for byte what the writers produce from the finished result, with and
// without nested stacks (which are handed over at the end).
func TestStreamedOutputEqualsWholeResult(t *testing.T) {
	dir := t.TempDir()
	if err := synth.WriteSmallTemplates(filepath.Join(dir, "many"), 24); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "many", "broken.yaml"), []byte("Resources:\n  A: {Type: AWS::S3::Bucket\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, targets := range [][]string{
		{filepath.Join(dir, "many"), "../../testdata/examples"},
		{filepath.Join(dir, "many"), "../../testdata/nested/parent.yaml"},
	} {
		github := filepath.Join(dir, "github.txt")
		args := append([]string{"scan", "--no-config", "--no-color", "--verbose", "--jobs", "2",
			"--format", "text", "--format", "github", "--output", "-", "--output", github}, targets...)
		streamed, _, code := runCLI(t, "", args...)
		if code != 2 {
			t.Fatalf("%v: exit %d, want 2 (broken.yaml)", targets, code)
		}
		streamedGitHub, err := os.ReadFile(github)
		if err != nil {
			t.Fatal(err)
		}

		o := &scanOptions{noConfig: true, noColor: true, verbose: true, jobs: 2, assumeAWSDefaults: true}
		opts, err := pipelineOptions(o, &config.File{}, targets, rule.Low, streams{out: &bytes.Buffer{}, err: &bytes.Buffer{}})
		if err != nil {
			t.Fatal(err)
		}
		res, err := pipeline.Scan(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		var text, gh bytes.Buffer
		if err := report.Text(&text, res.Result, report.TextOptions{Verbose: true}); err != nil {
			t.Fatal(err)
		}
		if err := report.GitHub(&gh, res.Result); err != nil {
			t.Fatal(err)
		}
		if streamed != text.String() || strings.Count(streamed, "\n") < 25 {
			t.Errorf("%v: streamed text output differs from the whole result's:\n%s\n--- whole ---\n%s", targets, streamed, text.String())
		}
		if string(streamedGitHub) != gh.String() || gh.Len() == 0 {
			t.Errorf("%v: streamed GitHub output differs from the whole result's", targets)
		}
	}
}
