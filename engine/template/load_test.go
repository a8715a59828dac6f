package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cfnvet/cfnvet/internal/hostile"
	"github.com/cfnvet/cfnvet/internal/testenv"
)

func mustParse(t *testing.T, src string) *Template {
	t.Helper()
	tpl, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return tpl
}

func TestShortTagsBecomeLongForm(t *testing.T) {
	tpl := mustParse(t, `Resources:
  R:
    Type: AWS::S3::Bucket
    Properties:
      A: !Ref Param
      B: !GetAtt Res.Outputs.Arn
      C: !Sub "x-${AWS::Region}"
      D: !If [Cond, !Ref X, !Ref "AWS::NoValue"]
      E: !Join ["", [a, b]]
      F: !GetAZs ""
      G: !Condition Other
`)
	props := tpl.Section("Resources").Get("R").Get("Properties")
	cases := map[string]string{"A": "Ref", "B": "Fn::GetAtt", "C": "Fn::Sub", "D": "Fn::If", "E": "Fn::Join", "F": "Fn::GetAZs", "G": "Condition"}
	for key, fn := range cases {
		got, _, ok := props.Get(key).Intrinsic()
		if !ok || got != fn {
			t.Errorf("%s: intrinsic %q (ok=%v), want %q", key, got, ok, fn)
		}
	}
	_, arg, _ := props.Get("B").Intrinsic()
	if arg.Kind != List || len(arg.Items()) != 2 || arg.Items()[0].Value() != "Res" || arg.Items()[1].Value() != "Outputs.Arn" {
		t.Errorf("!GetAtt Res.Outputs.Arn: got %+v", arg.Items())
	}
	_, ifArgs, _ := props.Get("D").Intrinsic()
	if fn, _, _ := ifArgs.Items()[2].Intrinsic(); fn != "Ref" {
		t.Errorf("nested short tag not converted: %q", fn)
	}
}

// The Rules section has functions of its own; their short forms are valid
// YAML tags, not unknown ones.
func TestRulesSectionShortTags(t *testing.T) {
	tpl := mustParse(t, `Parameters:
  Env: {Type: String}
  Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}
Rules:
  ProdSubnets:
    RuleCondition: !Contains [[prod], !Ref Env]
    Assertions:
      - Assert: !EachMemberIn [!ValueOfAll ["AWS::EC2::Subnet::Id", VpcId], !RefAll "AWS::EC2::VPC::Id"]
      - Assert: !EachMemberEquals [!ValueOfAll ["AWS::EC2::Subnet::Id", VpcId], vpc-1]
      - Assert: !Equals [!ValueOf [Subnets, VpcId], vpc-1]
Resources:
  T: {Type: AWS::SNS::Topic}
`)
	for _, w := range tpl.Warnings {
		t.Errorf("warning %d:%d: %s", w.Line, w.Col, w.Msg)
	}
	rule := tpl.Section("Rules").Get("ProdSubnets")
	if fn, _, _ := rule.Get("RuleCondition").Intrinsic(); fn != "Fn::Contains" {
		t.Errorf("!Contains became %q", fn)
	}
	assert := rule.Get("Assertions").Items()[0].Get("Assert")
	fn, args, _ := assert.Intrinsic()
	if fn != "Fn::EachMemberIn" || len(args.Items()) != 2 {
		t.Fatalf("!EachMemberIn became %q %+v", fn, args)
	}
	for i, want := range []string{"Fn::ValueOfAll", "Fn::RefAll"} {
		if got, _, _ := args.Items()[i].Intrinsic(); got != want {
			t.Errorf("argument %d: %q, want %q", i, got, want)
		}
	}
}

func TestRangesPointAtKeysAndValues(t *testing.T) {
	src := "Resources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      CidrIp: \"0.0.0.0/0\"\n      Port: !Ref P\n      Plain: hello world # note\n      Flow: {a: 1, b: 'it''s'}\n"
	tpl := mustParse(t, src)
	props := tpl.Section("Resources").Get("SG").Get("Properties")
	check := func(name string, got Range, line, col, endCol int) {
		t.Helper()
		if int(got.Line) != line || int(got.Col) != col || int(got.EndCol) != endCol {
			t.Errorf("%s: range %+v, want line %d col %d..%d", name, got, line, col, endCol)
		}
	}
	check("CidrIp key", props.Entry("CidrIp").KeyRange, 5, 7, 13)
	check("CidrIp value (quoted)", props.Get("CidrIp").Range, 5, 15, 26)
	check("!Ref value", props.Get("Port").Range, 6, 13, 19)
	check("plain value", props.Get("Plain").Range, 7, 14, 25)
	flow := props.Get("Flow")
	check("flow a", flow.Get("a").Range, 8, 17, 18)
	check("flow b (single-quoted)", flow.Get("b").Range, 8, 23, 30)
}

func TestJSONTemplate(t *testing.T) {
	tpl, err := Parse("t.json", []byte(`{
  "Resources": {
    "B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Fn::Sub": "b-${AWS::Region}"}}}
  }
}`))
	if err != nil {
		t.Fatal(err)
	}
	v := tpl.Section("Resources").Get("B").Get("Properties").Get("BucketName")
	if fn, _, _ := v.Intrinsic(); fn != "Fn::Sub" || v.Range.Line != 3 {
		t.Errorf("got %q at %+v", fn, v.Range)
	}
	if tpl.Kind != "cloudformation" {
		t.Errorf("kind %q", tpl.Kind)
	}
}

func TestDuplicatesAnchorsAliasesAreReportedNotExpanded(t *testing.T) {
	tpl := mustParse(t, `Resources:
  B:
    Type: AWS::S3::Bucket
    Properties: &props
      BucketName: first
      BucketName: second
  C:
    Type: AWS::S3::Bucket
    Properties: *props
  D:
    Type: AWS::S3::Bucket
    Properties:
      <<: *props
      Tags: []
`)
	var msgs []string
	for _, w := range tpl.Warnings {
		msgs = append(msgs, w.Msg)
	}
	joined := strings.Join(msgs, "\n")
	for _, want := range []string{`duplicate key "BucketName" (first at line 5)`, "anchor &props", "alias *props", "merge key <<"} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing warning %q in:\n%s", want, joined)
		}
	}
	res := tpl.Section("Resources")
	if got := res.Get("B").Get("Properties").Get("BucketName").Value(); got != "second" {
		t.Errorf("duplicate key keeps %q, want the last value", got)
	}
	if res.Get("C").Get("Properties").Kind != Null {
		t.Error("alias was expanded")
	}
	if d := res.Get("D").Get("Properties"); d.Get("BucketName") != nil || d.Get("Tags") == nil {
		t.Error("merge key was expanded or siblings lost")
	}
}

func TestBadInputGivesLocatedErrors(t *testing.T) {
	cases := []struct {
		name, src, want string
		line            int
	}{
		{"empty", "", "empty file", 1},
		{"whitespace", "  \n\n", "empty file", 1},
		{"only comments", "# a template will go here\n# soon\n", "empty document", 1},
		{"only a document marker", "# a template will go here\n---\n", "empty document", 1},
		{"malformed yaml", "Resources:\n  A:\n    Type: x\n   bad: [\n", "invalid YAML/JSON", 4},
		{"malformed json", "{\"Resources\": {\"A\": }\n}", "invalid JSON", 1},
		{"trailing comma json", "{\n  \"Resources\": {},\n}\n", "invalid JSON", 3},
		{"yaml mapping value", "Resources:\n  A: b: c\n", "mapping value is not allowed", 2},
		{"yaml tab indent", "Resources:\n\t- a\n", "cannot start any token", 2},
		{"non utf8", "Resources:\n  A: \xff\xfe\n", "not valid UTF-8", 2},
		{"resources is a list", "Resources:\n  - a\n", "Resources must be a mapping", 2},
		{"resource is a scalar", "Resources:\n  A: 3\n", "resource A must be a mapping", 2},
		{"no type", "Resources:\n  A:\n    Properties: {}\n", "resource A has no Type", 2},
		{"type is a list", "Resources:\n  A:\n    Type: [x]\n", "Type must be a string", 3},
		{"properties is a list", "Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: [1]\n", "Properties must be a mapping", 4},
		{"parameters is a string", "Parameters: nope\nResources: {}\n", "Parameters must be a mapping", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(c.src))
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("want *Error, got %v", err)
			}
			if !strings.Contains(te.Msg, c.want) || te.Line != c.line || te.Col < 1 {
				t.Errorf("got %v (line %d), want %q at line %d", te, te.Line, c.want, c.line)
			}
			if !strings.HasPrefix(te.Error(), "bad.yaml:") {
				t.Errorf("error does not name the file: %v", te)
			}
		})
	}
}

func TestDeepNestingIsRejected(t *testing.T) {
	src := "Resources:\n  A:\n    Type: T\n    Properties:\n      X: " + strings.Repeat("[", MaxDepth+10) + strings.Repeat("]", MaxDepth+10) + "\n"
	_, err := Parse("deep.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "nesting deeper") {
		t.Fatalf("want nesting error, got %v", err)
	}
}

func TestAliasBombIsNotExpanded(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		b.WriteString("a")
		b.WriteString(string(rune('0' + i%10)))
		b.WriteString(strings.Repeat("_", i))
		b.WriteString(": &b")
		b.WriteString(strings.Repeat("_", i))
		b.WriteString(" [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]\n")
	}
	b.WriteString("Resources:\n  A:\n    Type: AWS::S3::Bucket\n")
	tpl, err := Parse("bomb.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(tpl.Warnings) == 0 {
		t.Error("aliases not reported")
	}
}

func TestNonTemplatesAreRecognised(t *testing.T) {
	for _, src := range []string{"service: my-service\nprovider: {name: aws}\n", "[1, 2]\n", "just a string\n", `{"foo": "moo"}`} {
		_, err := Parse("x.yaml", []byte(src))
		if !errors.Is(err, ErrNotTemplate) {
			t.Errorf("%q: want ErrNotTemplate, got %v", src, err)
		}
	}
	// Template sections without Resources: CloudFormation rejects them, and
	// org-formation files look like this.
	for _, src := range []string{"AWSTemplateFormatVersion: '2010-09-09'\n", "Transform: AWS::Serverless-2016-10-31\n",
		"AWSTemplateFormatVersion: '2010-09-09-OC'\nParameters: {A: {Type: String}}\n"} {
		if _, err := Parse("x.yaml", []byte(src)); !errors.Is(err, ErrNoResources) || !errors.Is(err, ErrNotTemplate) {
			t.Errorf("%q: want ErrNoResources, got %v", src, err)
		}
	}
	for _, src := range []string{"Resources: {}\n", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n"} {
		if _, err := Parse("x.yaml", []byte(src)); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}

func TestKindDetection(t *testing.T) {
	cases := map[string]string{
		"Transform: AWS::Serverless-2016-10-31\nResources: {}\n":                                             "sam",
		"Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\nResources: {}\n":                  "sam",
		"Resources:\n  CDKMetadata:\n    Type: AWS::CDK::Metadata\n":                                         "cdk",
		"Resources:\n  ServerlessDeploymentBucket:\n    Type: AWS::S3::Bucket\n":                             "serverless",
		"Resources:\n  B:\n    Type: AWS::S3::Bucket\n":                                                      "cloudformation",
		"Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Metadata:\n      aws:cdk:path: Stack/B/Resource\n": "cdk",
	}
	for src, want := range cases {
		if got := mustParse(t, src).Kind; got != want {
			t.Errorf("%q: kind %q, want %q", src, got, want)
		}
	}
}

func TestForEachExpansion(t *testing.T) {
	tpl := mustParse(t, `Transform: AWS::LanguageExtensions
Parameters:
  Names: {Type: CommaDelimitedList, Default: "a,b"}
Resources:
  Fn::ForEach::Buckets:
    - Name
    - !Ref Names
    - Bucket${Name}:
        Type: AWS::S3::Bucket
        Properties:
          BucketName: !Ref Name
          Tag: !Sub "x-${Name}"
  Fn::ForEach::Unknown:
    - X
    - !GetAZs ""
    - Q${X}: {Type: AWS::S3::Bucket}
`)
	res := tpl.Section("Resources")
	if len(res.Entries()) != 3 || res.Get("Bucketa") == nil || res.Get("Bucketb") == nil || res.Get("Q${X}") == nil {
		var keys []string
		for _, e := range res.Entries() {
			keys = append(keys, e.Key)
		}
		t.Fatalf("expanded keys %v, want [Bucketa Bucketb Q${X}]", keys)
	}
	p := res.Get("Bucketb").Get("Properties")
	if p.Get("BucketName").Value() != "b" || p.Get("BucketName").Range.Line != 11 {
		t.Errorf("Ref to loop identifier: %+v", p.Get("BucketName"))
	}
	if _, arg, _ := p.Get("Tag").Intrinsic(); arg.Value() != "x-b" {
		t.Errorf("Sub in loop body: %q", arg.Value())
	}
	for _, w := range tpl.Warnings {
		t.Errorf("unexpected warning %+v", w)
	}
}

func TestForEachOverSuppliedParameter(t *testing.T) {
	src := []byte(`Parameters:
  Names: {Type: CommaDelimitedList, Default: "a,b"}
  Ssm: {Type: "AWS::SSM::Parameter::Value<List<String>>", Default: /names}
Resources:
  Fn::ForEach::Buckets:
    - Name
    - !Ref Names
    - Bucket${Name}: {Type: AWS::S3::Bucket}
  Fn::ForEach::FromSsm:
    - Item
    - !Ref Ssm
    - S${Item}: {Type: AWS::S3::Bucket}
`)
	keys := func(tpl *Template) string {
		var out []string
		for _, e := range tpl.Section("Resources").Entries() {
			out = append(out, e.Key)
		}
		return strings.Join(out, " ")
	}
	tpl, err := ParseWith("t.yaml", src, Options{Parameters: map[string]string{"Names": "x, y,z", "Ssm": "/other"}})
	if err != nil {
		t.Fatal(err)
	}
	// A value supplied for an SSM-typed parameter names the SSM
	// parameter: what the loop runs over is still unknown.
	if got := keys(tpl); got != "Bucketx Buckety Bucketz S${Item}" {
		t.Errorf("supplied value: got %s, want Bucketx Buckety Bucketz S${Item}", got)
	}
	if got := keys(mustParse(t, string(src))); got != "Bucketa Bucketb S${Item}" {
		t.Errorf("default: got %s, want Bucketa Bucketb S${Item}", got)
	}
}

// A collection without value is expanded once with an Unknown identifier:
// literal text of the body is kept, every use of the identifier becomes a
// Ref the resolver cannot know.
func TestForEachPlaceholderIteration(t *testing.T) {
	tpl := mustParse(t, `Parameters:
  Ports: {Type: CommaDelimitedList}
  Ssm: {Type: "AWS::SSM::Parameter::Value<List<String>>", Default: /ports}
Resources:
  Fn::ForEach::Rules:
    - Port
    - !Ref Ports
    - Rule&{Port}:
        Type: AWS::EC2::SecurityGroupIngress
        Properties:
          CidrIp: 0.0.0.0/0
          FromPort: !Ref Port
          Description: !Sub "port ${Port} from ${AWS::Region}"
          ListSub: !Sub ["${Port}-${X}", {X: !Ref Port}]
          Plain: "p-${Port}"
          Fn::ForEach::Inner:
            - Side
            - [a, b]
            - ${Side}Key: v-${Side}
  Fn::ForEach::FromSsm:
    - Item
    - !Ref Ssm
    - S${Item}: {Type: AWS::S3::Bucket}
`)
	res := tpl.Section("Resources")
	if res.Get("S${Item}") == nil {
		t.Error("a collection from an SSM parameter's default is not a value: want the placeholder iteration")
	}
	rule := res.Get("Rule&{Port}")
	if rule == nil {
		t.Fatalf("no placeholder resource Rule&{Port}: %+v", res.Entries())
	}
	p := rule.Get("Properties")
	if v := p.Get("CidrIp"); v.Value() != "0.0.0.0/0" || v.Range.Line != 11 {
		t.Errorf("literal in the body: %+v", v)
	}
	isPlaceholder := func(n *Node) bool {
		fn, arg, ok := n.Intrinsic()
		return ok && fn == "Ref" && arg.Value() == LoopIdentifierPrefix+"Port"
	}
	if !isPlaceholder(p.Get("FromPort")) || !isPlaceholder(p.Get("Plain")) {
		t.Errorf("uses of the identifier: FromPort %+v, Plain %+v", p.Get("FromPort"), p.Get("Plain"))
	}
	if _, arg, _ := p.Get("Description").Intrinsic(); arg.Value() != "port ${Fn::ForEach::Port} from ${AWS::Region}" {
		t.Errorf("Sub: %q", arg.Value())
	}
	_, arg, _ := p.Get("ListSub").Intrinsic()
	if arg.Items()[0].Value() != "${Fn::ForEach::Port}-${X}" || !isPlaceholder(arg.Items()[1].Get("X")) {
		t.Errorf("Sub with variables: %+v", arg)
	}
	if p.Get("aKey").Value() != "v-a" || p.Get("bKey").Value() != "v-b" {
		t.Errorf("a nested loop with a known collection is expanded: %+v", p.Entries())
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: {B: !Ref X}\n"))
	f.Add([]byte(`{"Resources": {"A": {"Type": "T", "Properties": {"X": {"Fn::If": ["c", 1, 2]}}}}}`))
	f.Add([]byte("Resources:\n  Fn::ForEach::L: [x, [a], {R${x}: {Type: T}}]\n"))
	for _, sh := range hostile.Shapes() {
		f.Add(sh.Seed())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tpl, err := Parse("fuzz.yaml", data)
		if err == nil && tpl.Root == nil {
			t.Fatal("nil root without error")
		}
	})
}

func TestForEachExpansionIsBounded(t *testing.T) {
	items := "[" + strings.TrimSuffix(strings.Repeat("a,", 60), ",") + "]"
	src := "Resources:\n  Fn::ForEach::A:\n    - X\n    - " + items + "\n    - Fn::ForEach::B:\n        - Y\n        - " + items +
		"\n        - Fn::ForEach::C:\n            - Z\n            - " + items + "\n            - R${X}${Y}${Z}: {Type: AWS::S3::Bucket}\n"
	tpl, err := Parse("bomb.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if n, most := tpl.Section("Resources").count(), forEachBudget(len(src)); n > most {
		t.Errorf("%d values generated, want at most %d", n, most)
	}
	warned := false
	for _, w := range tpl.Warnings {
		warned = warned || strings.Contains(w.Msg, "expands to more than")
	}
	if !warned {
		t.Error("truncated expansion not reported")
	}
}

func TestNestedForEach(t *testing.T) {
	tpl := mustParse(t, `Resources:
  Fn::ForEach::Envs:
    - Env
    - [dev, prod]
    - Fn::ForEach::Apps:
        - App
        - [web, api]
        - ${App}${Env}Bucket:
            Type: AWS::S3::Bucket
            Properties: {BucketName: !Sub "${App}-${Env}"}
`)
	var got []string
	for _, e := range tpl.Section("Resources").Entries() {
		_, arg, _ := e.Value.Get("Properties").Get("BucketName").Intrinsic()
		got = append(got, e.Key+"="+arg.Value())
	}
	want := "webdevBucket=web-dev apidevBucket=api-dev webprodBucket=web-prod apiprodBucket=api-prod"
	if strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

func TestSourceLineKeepsTheTextWithoutLineBreaks(t *testing.T) {
	tpl, err := Parse("t.yaml", []byte("\xef\xbb\xbfResources:\r\n  R: {Type: AWS::S3::Bucket}\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		n    int
		want string
		ok   bool
	}{
		{0, "", false},
		{1, "Resources:", true}, // the byte-order mark is not part of the text
		{2, "  R: {Type: AWS::S3::Bucket}", true},
		{3, "", true}, // after the final line break
		{4, "", false},
	}
	for _, c := range cases {
		got, ok := tpl.SourceLine(c.n)
		if got != c.want || ok != c.ok {
			t.Errorf("SourceLine(%d) = %q, %v; want %q, %v", c.n, got, ok, c.want, c.ok)
		}
	}
	var none *Template
	if _, ok := none.SourceLine(1); ok {
		t.Error("a nil template has no lines")
	}
}

// minifiedTemplate is a valid one-line JSON template with n resources, the
// shape tools write and the one whose positions were once found by scanning
// the whole line for every value.
func minifiedTemplate(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"Resources":{`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"Q%d":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":"q%d","DelaySeconds":%d}}`, i, i, i%60)
	}
	b.WriteString(`}}`)
	return []byte(b.String())
}

// TestMinifiedJSONIsLinear parses one template written on one line and
// pretty-printed: the same values cost about the same whichever way they
// are laid out. The quadratic position lookup this guards against made
// the one-line form 35x slower at 1 MB; here (8,000 resources) decoding
// the line again for every value took 261x. The bound is a ratio of CPU times, the fastest of five
// runs each, never an absolute time.
func TestMinifiedJSONIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing ratio skipped in -short mode")
	}
	minified := minifiedTemplate(8000)
	var buf bytes.Buffer
	if err := json.Indent(&buf, minified, "", "  "); err != nil {
		t.Fatal(err)
	}
	pretty := buf.Bytes()
	var tm, tp time.Duration
	parse := func(data []byte, best *time.Duration) {
		d := testenv.CPUTime(func() {
			if _, err := Parse("t.json", data); err != nil {
				t.Error(err)
			}
		})
		if *best == 0 || d < *best {
			*best = d
		}
	}
	for i := 0; i < 5; i++ {
		parse(minified, &tm)
		parse(pretty, &tp)
	}
	ratio := float64(tm) / float64(tp)
	t.Logf("one line: %.1fx the CPU time of the pretty-printed form (%v vs %v)", ratio, tm, tp)
	if ratio > 3 {
		t.Errorf("the one-line template took %.1fx the CPU time of the same template pretty-printed (%v vs %v): "+
			"locating values is not linear in the line length", ratio, tm, tp)
	}
}

// The parser that words yaml.v3's errors has no depth limit; a deeply
// nested invalid document is reported from the tokens instead of parsed.
func TestDeepInvalidYAMLIsReportedWithoutTheSecondParser(t *testing.T) {
	for name, src := range map[string]string{
		"unclosed flow": "Resources: " + strings.Repeat("[", 100_000) + "\n",
		"too deep":      "Resources: " + strings.Repeat("[", 20_000) + strings.Repeat("]", 20_000) + "\n",
		"mappings":      "Resources: " + strings.Repeat("{a: ", 20_000) + "\n",
		"indented":      "Resources:\n  B:\n    Properties:\n      Tags: " + strings.Repeat("[", 20_000) + "\n",
	} {
		_, err := Parse("deep.yaml", []byte(src))
		var te *Error
		line := 1
		if name == "indented" {
			line = 4
		}
		if !errors.As(err, &te) || te.Line != line || te.Col < 12 || !strings.Contains(te.Msg, "nesting deeper than 512 levels") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Shallow invalid YAML keeps the second parser's position and wording.
	_, err := Parse("bad.yaml", []byte("Resources:\n  A:\n    Type: T\n    Properties: [a, b\n  B: {}\n"))
	var te *Error
	if !errors.As(err, &te) || te.Line < 4 {
		t.Errorf("shallow invalid YAML: %v", err)
	}
}
