package locate

import (
	"testing"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/template"
)

const src = `Parameters:
  Cidr: {Type: String, Default: 0.0.0.0/0}
Resources:
  SG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - IpProtocol: tcp
          CidrIp: !Ref Cidr
      Tags:
        - {Key: a, Value: b}
  Bare:
    Type: AWS::S3::Bucket
    Metadata:
      Owner: team-a
`

func TestLocate(t *testing.T) {
	tpl, err := template.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := resolve.Resolve(tpl, resolve.Inputs{})
	sg, bare := views[0].Resource("SG"), views[0].Resource("Bare")
	cases := []struct {
		name      string
		r         *model.Resource
		path      model.Path
		line, col int
		exact     bool
	}{
		{"value from a parameter points at the Ref", sg, model.Path{"Properties", "SecurityGroupIngress", 0, "CidrIp"}, 10, 19, true},
		{"a block is reported at its key", sg, model.Path{"Properties", "SecurityGroupIngress"}, 8, 7, true},
		{"a list item", sg, model.Path{"Properties", "Tags", 0}, 12, 11, true},
		{"missing property: nearest ancestor key", sg, model.Path{"Properties", "SecurityGroupIngress", 0, "CidrIpv6"}, 9, 11, false},
		{"missing top-level property: Properties key", sg, model.Path{"Properties", "VpcId"}, 6, 5, false},
		{"index out of range: the list key", sg, model.Path{"Properties", "Tags", 5, "Key"}, 11, 7, false},
		{"no Properties: the Type key", bare, model.Path{"Properties", "BucketEncryption"}, 14, 5, false},
		{"raw Metadata", bare, model.Path{"Metadata", "Owner"}, 16, 14, true},
		{"whole resource", bare, nil, 13, 3, true},
	}
	for _, c := range cases {
		got := Locate(tpl, c.r, c.path)
		if int(got.Range.Line) != c.line || int(got.Range.Col) != c.col || got.Exact != c.exact {
			t.Errorf("%s: got %d:%d exact=%v, want %d:%d exact=%v", c.name, got.Range.Line, got.Range.Col, got.Exact, c.line, c.col, c.exact)
		}
	}
	if v := Locate(tpl, sg, model.Path{"Properties", "SecurityGroupIngress", 0, "CidrIp"}).Value; v == nil || len(v.Prov()) != 1 {
		t.Errorf("located value lost its provenance: %+v", v)
	}
}

// A property a decided Fn::If set to AWS::NoValue is reported at the
// Fn::If; one without a source position (a transform made it) at the
// nearest key. Either way the result says why the property is missing.
func TestLocateAbsentByFnIf(t *testing.T) {
	tpl, err := template.Parse("t.yaml", []byte(`Conditions:
  Never: !Equals [a, b]
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption: !If [Never, {}, !Ref AWS::NoValue]
`))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := resolve.Resolve(tpl, resolve.Inputs{})
	b := views[0].Resource("B")
	path := model.Path{"Properties", "BucketEncryption", "ServerSideEncryptionConfiguration"}
	got := Locate(tpl, b, path)
	if got.Range.Line != 7 || got.Range.Col != 25 || got.Absent == nil || got.Absent.Condition != "Never" || got.Exact {
		t.Errorf("got %d:%d absent=%+v exact=%v, want the !If at 7:25 naming Never", got.Range.Line, got.Range.Col, got.Absent, got.Exact)
	}
	b.Properties.Absent()[0].If = template.Range{}
	got = Locate(tpl, b, path)
	if got.Range.Line != 6 || got.Range.Col != 5 || got.Absent == nil {
		t.Errorf("without a position: got %d:%d absent=%+v, want the Properties key at 6:5", got.Range.Line, got.Range.Col, got.Absent)
	}
}
