package schema

import (
	"reflect"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation"

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
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
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
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBrokenTableIsAnErrorNamingTheLine(t *testing.T) {
	for table, want := range map[string]string{
		"":                         "line 1: bad header",
		"types 2\nAWS::X 0\n":      "line 1: bad header",
		"types 1\nAWS::X\nA B\n":   `line 2: bad type line "AWS::X"`,
		"types 1\nAWS::X 1\nA B\n": `line 2: bad type line "AWS::X 1"`,
	} {
		if _, err := parseTable(table); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseTable(%q) = %v, want an error containing %q", table, err, want)
		}
	}
	c, err := parseTable("types 1\nAWS::X 0\nA B=1 C\nD\n")
	if err != nil {
		t.Fatal(err)
	}
	if s := c.shape("AWS::X"); s == nil || len(s.names) != 3 || s.props["B"].shape == nil || s.props["B"].shape.props["D"] == nil {
		t.Errorf("decoded shape %+v", s)
	}
}

// TestTableMatchesGoformation decodes every type of the generated table and
// compares it, property by property and level by level, with goformation's
// structs, the table's source: it checks the decoder, and a stale table
// fails here as well as in internal/gen's TestTableUpToDate (regenerate
// with `go generate ./engine/schema`).
func TestTableMatchesGoformation(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	resources := cloudformation.AllResources()
	if c.Len() != len(resources) {
		t.Errorf("table has %d types, goformation %d", c.Len(), len(resources))
	}
	seen := map[reflect.Type]bool{}
	var compare func(where string, rt reflect.Type, s *shape)
	compare = func(where string, rt reflect.Type, s *shape) {
		for rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Slice {
			rt = rt.Elem()
		}
		if rt.Kind() != reflect.Struct {
			if s != nil {
				t.Errorf("%s: table has properties, goformation a %s", where, rt.Kind())
			}
			return
		}
		if s == nil {
			t.Errorf("%s: table has no properties, goformation a struct", where)
			return
		}
		if seen[rt] {
			return
		}
		seen[rt] = true
		var names []string
		for f := range rt.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" || !f.IsExported() {
				continue
			}
			names = append(names, name)
			if s.props[name] == nil {
				t.Errorf("%s: property %s missing from the table", where, name)
				continue
			}
			compare(where+"."+name, f.Type, s.props[name].shape)
		}
		if len(names) != len(s.names) {
			t.Errorf("%s: table has %d properties, goformation %d", where, len(s.names), len(names))
		}
	}
	for name, res := range resources {
		if !c.Known(name) {
			t.Errorf("%s missing from the table", name)
			continue
		}
		compare(name, reflect.TypeOf(res), c.shape(name))
	}
}
