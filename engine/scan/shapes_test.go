package scan_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// sectionShapes returns small documents in which each top-level section
// appears with each value shape (absent, null, empty, scalar, list, mapping
// with one entry), alone and beside the keys that make a document a
// template. They seed the fuzz target and run as a test on every `go test`:
// a 3-line file with a template header and no Resources once crashed the
// whole scan, and random fuzzing did not find it.
func sectionShapes() []string {
	sections := []string{"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters",
		"Mappings", "Conditions", "Transform", "Rules", "Resources", "Outputs", "Globals"}
	// Entries of every kind too: a parameter without Type once crashed SEC.
	shapes := []string{"", "null", "{}", "'2010-09-09-OC'", "[a, {b: c}]", "{X: {Type: String, Default: d}}",
		"{X: {Default: d}}", "{X: {}}", "{X: null}", "{X: [a]}", "{X: s}"}
	headers := []string{"", "AWSTemplateFormatVersion: '2010-09-09'\n", "Transform: AWS::Serverless-2016-10-31\n",
		"Resources:\n  T: {Type: AWS::SNS::Topic}\n", "Resources: {}\n"}
	var docs []string
	for _, h := range headers {
		for _, s := range sections {
			for _, v := range shapes {
				if v == "" {
					docs = append(docs, h)
					continue
				}
				if strings.HasPrefix(h, s+":") {
					continue
				}
				docs = append(docs, fmt.Sprintf("%s%s: %s\n", h, s, v))
			}
		}
	}
	return docs
}

func TestSectionShapesNeverPanic(t *testing.T) {
	eng := newEngine(t)
	for _, doc := range sectionShapes() {
		res := eng.ScanBytes(context.Background(), "shape.yaml", []byte(doc))
		if res.Err != nil && strings.Contains(res.Err.Msg, "internal error") {
			t.Errorf("panic on\n%s\n%s", doc, res.Err.Msg)
		}
	}
}

func TestTemplateHeaderWithoutResourcesIsSkipped(t *testing.T) {
	eng := newEngine(t)
	for _, doc := range []string{
		"AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  A: {Type: String}\n",
		"AWSTemplateFormatVersion: '2010-09-09-OC'\nOrganizationalUnits: {}\n",
		`{"AWSTemplateFormatVersion": "2010-09-09", "Outputs": {}}`,
	} {
		res := eng.ScanBytes(context.Background(), "org.yaml", []byte(doc))
		if res.Err != nil || !res.Skipped || res.SkipReason != "not a CloudFormation template: no Resources" {
			t.Errorf("%q: err %v, skipped %v (%q)", doc, res.Err, res.Skipped, res.SkipReason)
		}
	}
}

// --verbose lists skipped files with the reason; valid YAML or JSON that
// is not a template must not be called invalid.
func TestNonTemplateSkipReasons(t *testing.T) {
	eng := newEngine(t)
	for doc, want := range map[string]string{
		"name: build\non: [push]\njobs: {}\n":       "not a CloudFormation template",
		`{"compilerOptions": {"strict": true}}`:     "not a CloudFormation template",
		"- a\n- b\n":                                "not a CloudFormation template",
		"{{ if .Values.enabled }}\nkind: Service\n": "not a CloudFormation template (and not valid YAML/JSON)",
		`{"a": 1,}`: "not a CloudFormation template (and not valid YAML/JSON)",
	} {
		res := eng.ScanBytes(context.Background(), "other.yaml", []byte(doc))
		if res.Err != nil || !res.Skipped || res.SkipReason != want {
			t.Errorf("%q: err %v, skipped %v (%q), want reason %q", doc, res.Err, res.Skipped, res.SkipReason, want)
		}
	}
}
