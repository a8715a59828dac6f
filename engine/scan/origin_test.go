package scan_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

const adminPolicy = `[{"PolicyName": "p", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]`

// Findings in generated templates lead back to the user's source: the
// serverless.yml key, the CDK app's line, with the function or construct.
func TestFindingsCarryTheirOrigin(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"svc/serverless.yml": `service: shop
provider:
  name: aws
  iam:
    role:
      statements:
        - {Effect: Allow, Action: "*", Resource: "*"}
functions:
  dash-board:
    handler: h.handler
`,
		"svc/.serverless/serverless-state.json": `{"service": {"serviceFilename": "serverless.yml",
  "functions": {"dash-board": {"versionLogicalId": "DashDashboardLambdaVersionX1"}}}}`,
		"svc/.serverless/cloudformation-template-update-stack.json": `{"Resources": {
  "IamRoleLambdaExecution": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}, "Policies": ` + adminPolicy + `}},
  "DashDashboardIamRoleLambdaExecution": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}, "Policies": ` + adminPolicy + `}}
}}`,
		"app/cdk.out/manifest.json": `{"version": "48.0.0", "artifacts": {"Api": {"type": "aws:cloudformation:stack"}}}`,
		"app/cdk.out/Api.template.json": `{"Resources": {
  "AdminRole12AB": {"Type": "AWS::IAM::Role", "Metadata": {"aws:cdk:path": "Api/Admin/Resource"},
    "Properties": {"AssumeRolePolicyDocument": {}, "Policies": ` + adminPolicy + `}}
}}`,
		"app/cdk.out/Api.metadata.json": `{"/Api/Admin/Resource": [{"type": "aws:cdk:creationStack",
  "data": ["...new Role in aws-cdk-lib...", "new ApiStack (lib/api-stack.ts:31:13)"]}]}`,
	})
	inputs := []string{
		filepath.Join(root, "svc/.serverless/cloudformation-template-update-stack.json"),
		filepath.Join(root, "app/cdk.out/Api.template.json"),
	}
	eng := newEngine(t)
	type want struct{ function, origin string }
	wants := map[string]want{
		"IamRoleLambdaExecution":              {"", filepath.Join(root, "svc/serverless.yml") + ":6:7"},
		"DashDashboardIamRoleLambdaExecution": {"dash-board", filepath.Join(root, "svc/serverless.yml") + ":9:3"},
		"AdminRole12AB":                       {"", "lib/api-stack.ts:31:13"},
	}
	seen := map[string]bool{}
	for _, in := range inputs {
		data, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		res := eng.ScanBytes(context.Background(), in, data)
		for _, f := range res.Findings {
			if f.Rule.ID != "IAM001" {
				continue
			}
			w, ok := wants[f.Resource]
			if !ok {
				t.Errorf("unexpected IAM001 on %s", f.Resource)
				continue
			}
			seen[f.Resource] = true
			got := ""
			if f.Origin != nil {
				got = f.Origin.File + ":" + strconv.Itoa(f.Origin.Line) + ":" + strconv.Itoa(f.Origin.Column)
			}
			if f.ServerlessFunction != w.function || got != w.origin {
				t.Errorf("%s: function %q origin %q, want %q %q", f.Resource, f.ServerlessFunction, got, w.function, w.origin)
			}
		}
	}
	for id := range wants {
		if !seen[id] {
			t.Errorf("no IAM001 finding on %s", id)
		}
	}
}
