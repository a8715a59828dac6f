package nested_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/nested"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/template"
)

const parent = `Transform: AWS::Serverless-2016-10-31
Parameters:
  Env:
    Type: String
    Default: prod
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Cdk:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: !Join ["", ["https://s3.", !Ref "AWS::Region", ".amazonaws.com/bucket/abc.json"]]
      Parameters:
        referencetoVpcRef: !Ref Vpc
    Metadata:
      aws:asset:path: AppNestedABC.nested.template.json
      aws:asset:property: TemplateURL
  Sam:
    Type: AWS::Serverless::Application
    Properties:
      Location: apps/child.yaml
      Parameters:
        Stage: !Ref Env
        Ports: [22, 3389]
        Mode: !If [IsProd, strict, !Ref "AWS::NoValue"]
  Sar:
    Type: AWS::Serverless::Application
    Properties:
      Location: {ApplicationId: "arn:aws:serverlessrepo:us-east-1:123456789012:applications/x", SemanticVersion: 1.0.0}
  Packaged:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: s3://bucket/child.yaml
  Deferred:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: !Sub "https://${Bucket}.s3.amazonaws.com/x.yaml"
  Vpc:
    Type: AWS::EC2::VPC
  Bucket:
    Type: AWS::S3::Bucket
`

func TestFind(t *testing.T) {
	tpl, err := template.Parse("dir/parent.yaml", []byte(parent))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := resolve.Resolve(tpl, resolve.Inputs{})
	refs := nested.Find("dir/parent.yaml", views)
	byID := map[string]nested.Ref{}
	for _, r := range refs {
		byID[r.Resource] = r
	}
	if len(refs) != 5 {
		t.Fatalf("want 5 nesting resources, got %d", len(refs))
	}
	if r := byID["Cdk"]; r.Path != filepath.Join("dir", "AppNestedABC.nested.template.json") || r.Parameters["referencetoVpcRef"].Known() {
		t.Errorf("CDK nested stack: %+v", r)
	}
	if r := byID["Sam"]; r.Path != filepath.Join("dir", "apps", "child.yaml") || r.Range.Line != 21 {
		t.Errorf("SAM application: %+v", r)
	}
	for id, note := range map[string]string{"Sar": "Serverless Application Repository", "Packaged": "is remote", "Deferred": "only known at deploy time"} {
		if r := byID[id]; r.Path != "" || !strings.Contains(r.Note, note) {
			t.Errorf("%s: path %q note %q, want a note with %q", id, r.Path, r.Note, note)
		}
	}
	in := nested.Bind("dir/parent.yaml", byID["Sam"], resolve.Inputs{Parameters: map[string]string{"AWS::Region": "eu-west-1", "Env": "prod"}})
	if in.Parameters["AWS::Region"] != "eu-west-1" || in.Parameters["Env"] != "" {
		t.Errorf("pseudo parameters carry over, the parent's own do not: %v", in.Parameters)
	}
	if b := in.Bound["Stage"]; !b.Known || b.Value != "prod" || b.Prov[0].Kind != model.FromParentStack || b.Prov[0].Stack != "dir/parent.yaml (Sam)" {
		t.Errorf("Stage binding %+v", b)
	}
	if b := in.Bound["Ports"]; !b.Known || b.Value != "22,3389" {
		t.Errorf("a list is passed comma-joined: %+v", b)
	}
	if b := nested.Bind("p", byID["Cdk"], resolve.Inputs{}).Bound["referencetoVpcRef"]; b.Known {
		t.Errorf("a Ref to a resource is not known before deploy: %+v", b)
	}
}
