package scan_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/scan"
)

const nestedData = "../../testdata/nested"

func scanTargets(t *testing.T, targets ...string) finding.Result {
	t.Helper()
	for i, p := range targets {
		targets[i] = filepath.Join(nestedData, p)
	}
	return newEngine(t).Run(context.Background(), scan.Discover(targets, nil), strings.NewReader(""))
}

func findingsOf(res finding.Result, file, ruleID string) []finding.Finding {
	var out []finding.Finding
	for _, f := range res.Files {
		if filepath.ToSlash(f.File) != filepath.ToSlash(filepath.Join(nestedData, file)) {
			continue
		}
		for _, fd := range f.Findings {
			if fd.Rule.ID == ruleID {
				out = append(out, fd)
			}
		}
	}
	return out
}

// A child stack opened to the world only by the parameters its parent
// passes is reported in the child, with where the values came from.
func TestNestedStackBindsParentParameters(t *testing.T) {
	alone := scanTargets(t, "stacks/network.yaml")
	if got := findingsOf(alone, "stacks/network.yaml", "NET002"); len(got) != 0 {
		t.Fatalf("the child alone is safe with its defaults, got %v", got[0].Message)
	}
	res := scanTargets(t, "parent.yaml")
	if len(res.Files) != 2 || res.Files[1].Role.Parent != filepath.Join(nestedData, "parent.yaml") || res.Files[1].Role.ParentResource != "Network" {
		t.Fatalf("want the parent then its nested stack, got %d files %+v", len(res.Files), res.Files)
	}
	got := findingsOf(res, "stacks/network.yaml", "NET002")
	if len(got) != 1 {
		t.Fatalf("want NET002 on the nested stack via the parent's parameters, got %d", len(got))
	}
	f := got[0]
	if f.Range.Line != 20 || !strings.Contains(f.Message, `parameter IngressCidr "0.0.0.0/0" from parent stack`) {
		t.Errorf("finding at line %d: %s", f.Range.Line, f.Message)
	}
	if len(f.Provenance) < 2 || f.Provenance[0].Kind != model.FromParentStack || f.Provenance[0].Name != "IngressCidr" ||
		f.Provenance[0].Line != 13 || f.Provenance[1].Kind != model.FromParameterDefault || f.Provenance[1].Name != "AdminCidr" {
		t.Errorf("provenance %+v", f.Provenance)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "Archive: TemplateURL https://example-bucket.s3.amazonaws.com/archive.yaml is remote") {
		t.Errorf("remote TemplateURL not noted: %q", res.Notes)
	}
	if s := res.Summarize(); s.Found.Nested != 1 {
		t.Errorf("found %+v", s.Found)
	}
}

// A child found by a directory walk and through its parent is scanned once,
// with the parent's parameters.
func TestNestedStackFoundTwiceScannedOnce(t *testing.T) {
	res := scanTargets(t, "parent.yaml", "stacks/network.yaml")
	if len(res.Files) != 2 {
		t.Fatalf("want 2 files, got %d", len(res.Files))
	}
	if got := findingsOf(res, "stacks/network.yaml", "NET002"); len(got) != 1 {
		t.Errorf("want one NET002 with the parent's parameters, got %d", len(got))
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "scanned once, as nested stack Network") {
		t.Errorf("notes %q", res.Notes)
	}
}

// A value the parent only knows at deploy time makes the child's parameter
// Unknown: its Default is not what CloudFormation uses, so it is no finding.
func TestNestedStackUnknownBindingIsNotGuessed(t *testing.T) {
	if got := findingsOf(scanTargets(t, "stacks/open-default.yaml"), "stacks/open-default.yaml", "NET004"); len(got) != 1 {
		t.Fatalf("the child alone is open through its default; got %d NET004", len(got))
	}
	res := scanTargets(t, "opaque.yaml")
	if len(res.Files) != 2 {
		t.Fatalf("want 2 files, got %d", len(res.Files))
	}
	for _, id := range []string{"NET001", "NET004"} {
		if got := findingsOf(res, "stacks/open-default.yaml", id); len(got) != 0 {
			t.Errorf("%s from the child's default although the parent passes !GetAtt: %s", id, got[0].Message)
		}
	}
}

// Cycles and missing children are errors of their own, naming the
// TemplateURL line; the other files are still scanned.
func TestNestedStackErrors(t *testing.T) {
	res := scanTargets(t, "cycle/a.yaml")
	var msgs []string
	for _, f := range res.Files {
		if f.Err != nil {
			msgs = append(msgs, f.Err.Msg)
		}
	}
	if len(res.Files) != 3 || len(msgs) != 1 || !strings.Contains(msgs[0], "nested stack cycle: a.yaml → b.yaml → a.yaml") ||
		!strings.Contains(msgs[0], "cycle/b.yaml:5:20") {
		t.Errorf("cycle: %d files, errors %q", len(res.Files), msgs)
	}
	res = scanTargets(t, "missing.yaml")
	if len(res.Files) != 2 || res.Files[1].Err == nil || !strings.Contains(res.Files[1].Err.Msg, "missing.yaml:5:20") ||
		filepath.Base(res.Files[1].File) != "gone.yaml" {
		t.Errorf("missing child: %+v", res.Files)
	}
	if code := res.ExitCode(0); code != finding.ExitError {
		t.Errorf("exit %d, want 2", code)
	}
}
