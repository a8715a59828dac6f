package schema

import (
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/template"
)

func TestMisspelledSecurityControlsAreReported(t *testing.T) {
	src := `Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncyption: {}
      VersioningConfiguration: {Status: Enabled}
  SG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      SecurityGroupIngress:
        - IpProtocol: tcp
          CidrIP: 0.0.0.0/0
          FromPort: 22
          ToPort: 22
  Future:
    Type: AWS::S3::Bucket
    Properties:
      SomeBrandNewFeatureConfiguration: {}
  Custom:
    Type: Custom::Thing
    Properties:
      BucketEncyption: {}
  Conditional:
    Type: AWS::S3::Bucket
    Properties: !If [C, {LogingConfiguration: {}}, {}]
`
	tpl, err := template.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c := New()
	if c.Len() < 1000 || !c.Known("AWS::S3::Bucket") || c.Known("Custom::Thing") {
		t.Fatalf("catalogue: %d types", c.Len())
	}
	diags := c.CheckProperties(tpl)
	want := map[int]string{
		5:  `unknown property "BucketEncyption", did you mean "BucketEncryption"?`,
		13: `unknown property "CidrIP", did you mean "CidrIp"?`,
		26: `unknown property "LogingConfiguration", did you mean "LoggingConfiguration"?`,
	}
	got := map[int]string{}
	for _, d := range diags {
		got[d.Line] = d.Msg
	}
	for line, msg := range want {
		if !strings.Contains(got[line], msg) {
			t.Errorf("line %d: got %q, want %q", line, got[line], msg)
		}
	}
	if len(diags) != len(want) {
		t.Errorf("got %d diagnostics, want %d (unknown-but-distant names and custom types stay silent): %+v", len(diags), len(want), diags)
	}
}

func BenchmarkNew(b *testing.B) {
	for i := 0; i < b.N; i++ {
		New()
	}
}
