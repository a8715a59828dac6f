package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestJudge(t *testing.T) {
	for _, tt := range []struct{ doc, want string }{
		{`{"Effect":"Allow","Action":"*","Resource":"*"}`, "grants every action on every resource"},
		{`[{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}]`,
			"grants every action except iam:*, organizations:* on every resource"},
		{`[{"Effect":"Allow","Action":["s3:*","S3:*","ssmmessages:*"],"Resource":["arn:aws:s3:::*"]}]`,
			"grants s3:* on every resource"}, // ssmmessages has nothing to scope; duplicates once
		{`[{"Effect":"Allow","Action":"logs:*","Resource":"arn:aws:logs:*:*:*"}]`, "grants logs:* on every resource"},
		{`[{"Effect":"Allow","Action":["a:*","b:*","dynamodb:*","sqs:*","sns:*"],"Resource":"*"}]`,
			"grants dynamodb:*, sqs:*, sns:* on every resource"}, // unknown services are not judged
		{`[{"Effect":"Allow","Action":["ec2:*","s3:*","sqs:*","sns:*"],"Resource":"*"}]`,
			"grants ec2:*, s3:*, sqs:* and 1 more on every resource"},
		{`[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket/*"}]`, ""},
		{`[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:us-east-1:111122223333:*"}]`, ""},
		{`[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceAccount":"1"}}}]`, ""},
		{`[{"Effect":"Deny","Action":"*","Resource":"*"}]`, ""},
		{`[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}]`, ""},
		{`[{"Effect":"Allow","Action":"ssmmessages:*","Resource":"*"}]`, ""},
	} {
		var stmts []statement
		if err := unmarshalStatements(json.RawMessage(tt.doc), &stmts); err != nil {
			t.Fatalf("%s: %v", tt.doc, err)
		}
		if got := judge(stmts); got != tt.want {
			t.Errorf("judge(%s) = %q, want %q", tt.doc, got, tt.want)
		}
	}
}

func TestJudgeWrites(t *testing.T) {
	for _, tt := range []struct{ doc, want string }{
		{`[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject","ssmmessages:OpenDataChannel"],"Resource":"*"}]`,
			"grants 1 write action of s3 on every resource"}, // GetObject reads; ssmmessages has nothing to scope
		{`[{"Effect":"Allow","Action":["s3:PutObject","s3:putobject"],"Resource":"*"},
		   {"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"*"}]`,
			"grants 2 write actions of logs, s3 on every resource"}, // one action counted once
		{`[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::bucket/*"}]`, ""},
		{`[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"StringEquals":{"aws:ResourceAccount":"1"}}}]`, ""},
		{`[{"Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]`, ""},
		{`[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]`, ""},
	} {
		var stmts []statement
		if err := unmarshalStatements(json.RawMessage(tt.doc), &stmts); err != nil {
			t.Fatalf("%s: %v", tt.doc, err)
		}
		if got := judgeWrites(stmts); got != tt.want {
			t.Errorf("judgeWrites(%s) = %q, want %q", tt.doc, got, tt.want)
		}
	}
}

func TestReadDeprecated(t *testing.T) {
	dir := t.TempDir()
	write := func(text string) string {
		f := filepath.Join(dir, "deprecated.txt")
		if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	got, err := readDeprecated(write("# comment\n\nOld   New   # source\nOlder Newer\nOrphan -\n"))
	if r, ok := got["Orphan"]; err != nil || len(got) != 3 || got["Old"] != "New" || got["Older"] != "Newer" || !ok || r != "" {
		t.Errorf("readDeprecated = %v, %v", got, err)
	}
	for _, bad := range []string{"Old\n", "Old New Extra\n", "Old New\nOld Other\n"} {
		if _, err := readDeprecated(write(bad)); err == nil || !strings.Contains(err.Error(), "deprecated.txt:") {
			t.Errorf("readDeprecated(%q) = %v, want an error naming file and line", bad, err)
		}
	}
	if got, err := readDeprecated(""); err != nil || got != nil {
		t.Errorf("readDeprecated(\"\") = %v, %v", got, err)
	}
}

func TestRunManagedPolicies(t *testing.T) {
	dir := t.TempDir()
	policies := `{
		"S3All": {"arn": "arn:aws:iam::aws:policy/service-role/S3All", "latestVersionId": "v2", "lastUpdatedDate": "2025-01-02T00:00:00Z",
			"versions": {"v1": {"document": {"Statement": []}},
			             "v2": {"document": {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}}}},
		"Narrow": {"arn": "arn:aws:iam::aws:policy/Narrow", "latestVersionId": "v1", "lastUpdatedDate": "2025-03-04T00:00:00Z",
			"versions": {"v1": {"document": {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}}},
		"Writer": {"arn": "arn:aws:iam::aws:policy/Writer", "latestVersionId": "v1", "lastUpdatedDate": "2025-01-01T00:00:00Z",
			"versions": {"v1": {"document": {"Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}}}}
	}`
	tgz, integrity := tarball(t, dir, map[string]string{
		"package.json":              `{"name":"mp","version":"0.0.1","license":"MIT"}`,
		"dist/managedPolicies.json": policies,
	})
	out := filepath.Join(dir, "out.go")
	if err := run("managed-policies", "mp@0.0.1", integrity, tgz, out, nil); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{
		"package managed", `SourceUpdated   = "2025-03-04T00:00:00Z"`, "policyCount     = 3",
		`{"S3All", "service-role/", "grants s3:* on every resource", false, ""},`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Narrow") {
		t.Errorf("narrow policy flagged:\n%s", got)
	}
	// A deprecated policy that writes on every resource is flagged with its
	// replacement; one the data lacks fails the generation.
	if err := run("managed-policies", "mp@0.0.1", integrity, tgz, out, map[string]string{"Narrow2": "Narrow"}); err == nil ||
		!strings.Contains(err.Error(), "Narrow2 is not an AWS managed policy") {
		t.Errorf("unknown deprecated policy: %v", err)
	}
	if err := run("managed-policies", "mp@0.0.1", integrity, tgz, out, map[string]string{"Writer": "S3All"}); err != nil {
		t.Fatal(err)
	}
	if b, err = os.ReadFile(out); err != nil {
		t.Fatal(err)
	}
	if want := `{"Writer", "", "grants 1 write action of s3 on every resource", true, "S3All"},`; !strings.Contains(string(b), want) {
		t.Errorf("output lacks %q:\n%s", want, b)
	}
	bad, integrity := tarball(t, t.TempDir(), map[string]string{
		"package.json":              `{"name":"mp","version":"0.0.1","license":"MIT"}`,
		"dist/managedPolicies.json": `{"X": {"arn": "arn:aws:iam::aws:policy/Y", "latestVersionId": "v1", "versions": {}}}`,
	})
	if err := run("managed-policies", "mp@0.0.1", integrity, bad, out, nil); err == nil {
		t.Error("policy named unlike its ARN accepted")
	}
}

func TestRunManagedPaths(t *testing.T) {
	dir := t.TempDir()
	policies := `{
		"Basic": {"arn": "arn:aws:iam::aws:policy/service-role/Basic", "latestVersionId": "v1", "lastUpdatedDate": "2025-01-02T00:00:00Z",
			"versions": {"v1": {"document": {"Statement": []}}}},
		"Viewer": {"arn": "arn:aws:iam::aws:policy/job-function/Viewer", "latestVersionId": "v1", "lastUpdatedDate": "2025-03-04T00:00:00Z",
			"versions": {"v1": {"document": {"Statement": []}}}},
		"Plain": {"arn": "arn:aws:iam::aws:policy/Plain", "latestVersionId": "v1", "lastUpdatedDate": "2025-02-01T00:00:00Z",
			"versions": {"v1": {"document": {"Statement": []}}}}
	}`
	got := generate(t, dir, "managed-paths", "mp@0.0.1", map[string]string{
		"package.json":              `{"name":"mp","version":"0.0.1","license":"MIT"}`,
		"dist/managedPolicies.json": policies,
	})
	for _, want := range []string{
		"package awsmanaged", `SourceUpdated   = "2025-03-04T00:00:00Z"`, "policyCount     = 3",
		"{\"Basic\", \"service-role/\"},\n\t{\"Viewer\", \"job-function/\"},",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Plain") {
		t.Errorf("policy without a path listed:\n%s", got)
	}
}
