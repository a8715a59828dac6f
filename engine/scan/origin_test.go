package scan

import (
	"testing"

	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/template"
)

func TestServerlessFunctionOrigin(t *testing.T) {
	src := `Resources:
  ServerlessDeploymentBucket: {Type: AWS::S3::Bucket}
  HelloLambdaFunction: {Type: AWS::Lambda::Function}
  HelloLogGroup: {Type: AWS::Logs::LogGroup}
  HelloDashworldLambdaFunction: {Type: AWS::Lambda::Function}
  HelloDashworldLogGroup: {Type: AWS::Logs::LogGroup}
  SendUnderscoremailLambdaFunction: {Type: AWS::Lambda::Function}
  ApiGatewayRestApi: {Type: AWS::ApiGateway::RestApi}
`
	tpl, err := template.Parse(".serverless/cloudformation-template-update-stack.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := resolve.Resolve(tpl, resolve.Inputs{})
	fns := serverlessFunctions(views[0])
	cases := map[string]string{
		"HelloLogGroup":                    "hello",
		"HelloDashworldLogGroup":           "hello-world",
		"SendUnderscoremailLambdaFunction": "send_mail",
		"ApiGatewayRestApi":                "",
		"ServerlessDeploymentBucket":       "",
	}
	for id, want := range cases {
		if got := serverlessFunctionOf(fns, id); got != want {
			t.Errorf("%s: function %q, want %q", id, got, want)
		}
	}
	plain, err := template.Parse("stack.yaml", []byte("Resources:\n  HelloLambdaFunction: {Type: AWS::Lambda::Function}\n"))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := resolve.Resolve(plain, resolve.Inputs{})
	if fns := serverlessFunctions(v[0]); fns != nil {
		t.Errorf("a hand-written template is not Serverless output: %v", fns)
	}
}
