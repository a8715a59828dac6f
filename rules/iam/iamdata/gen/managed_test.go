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

func TestRunManagedPolicies(t *testing.T) {
	dir := t.TempDir()
	policies := `{
		"S3All": {"arn": "arn:aws:iam::aws:policy/service-role/S3All", "latestVersionId": "v2", "lastUpdatedDate": "2025-01-02T00:00:00Z",
			"versions": {"v1": {"document": {"Statement": []}},
			             "v2": {"document": {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}}}},
		"Narrow": {"arn": "arn:aws:iam::aws:policy/Narrow", "latestVersionId": "v1", "lastUpdatedDate": "2025-03-04T00:00:00Z",
			"versions": {"v1": {"document": {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}}}
	}`
	tgz, integrity := tarball(t, dir, map[string]string{
		"package.json":              `{"name":"mp","version":"0.0.1","license":"MIT"}`,
		"dist/managedPolicies.json": policies,
	})
	out := filepath.Join(dir, "out.go")
	if err := run("managed-policies", "mp@0.0.1", integrity, tgz, out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{
		"package managed", `SourceUpdated   = "2025-03-04T00:00:00Z"`, "policyCount     = 2",
		`{"S3All", "service-role/", "grants s3:* on every resource"},`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Narrow") {
		t.Errorf("narrow policy flagged:\n%s", got)
	}
	bad, integrity := tarball(t, t.TempDir(), map[string]string{
		"package.json":              `{"name":"mp","version":"0.0.1","license":"MIT"}`,
		"dist/managedPolicies.json": `{"X": {"arn": "arn:aws:iam::aws:policy/Y", "latestVersionId": "v1", "versions": {}}}`,
	})
	if err := run("managed-policies", "mp@0.0.1", integrity, bad, out); err == nil {
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
	tgz, integrity := tarball(t, dir, map[string]string{
		"package.json":              `{"name":"mp","version":"0.0.1","license":"MIT"}`,
		"dist/managedPolicies.json": policies,
	})
	out := filepath.Join(dir, "out.go")
	if err := run("managed-paths", "mp@0.0.1", integrity, tgz, out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
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
