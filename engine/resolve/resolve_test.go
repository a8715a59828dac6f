package resolve

import (
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/template"
)

const header = `Parameters:
  Cidr: {Type: String, Default: 0.0.0.0/0}
  NoDefault: {Type: String}
  Env: {Type: String, AllowedValues: [dev, prod]}
  Subnets: {Type: CommaDelimitedList, Default: "a, b"}
  SsmName: {Type: "AWS::SSM::Parameter::Value<String>", Default: /my/param}
  Port: {Type: Number, Default: 22}
Mappings:
  RegionMap:
    us-east-1: {Ami: ami-123, Cidrs: [10.0.0.0/8]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Always: !Equals [a, a]
  Never: !Not [!Condition Always]
  Both: !And [!Condition Always, !Condition IsProd]
  Either: !Or [!Condition Always, !Condition IsProd]
  Loop1: !Condition Loop2
  Loop2: !Condition Loop1
`

func resolveProps(t *testing.T, props string, in Inputs) []*model.View {
	t.Helper()
	src := header + "Resources:\n  R:\n    Type: AWS::Test::Thing\n    Properties:\n" + props
	tpl, err := template.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := Resolve(tpl, in)
	return views
}

func prop(t *testing.T, props, key string, in Inputs) *model.Value {
	t.Helper()
	return resolveProps(t, props, in)[0].Resource("R").Prop(key)
}

func wantString(t *testing.T, v *model.Value, want string) {
	t.Helper()
	s, ok := v.Str()
	if !ok || s != want {
		t.Errorf("got %s (kind %d), want %q", v.Describe(), kindOf(v), want)
	}
}

func kindOf(v *model.Value) model.Kind {
	if v == nil {
		return 255
	}
	return v.Kind
}

func wantUnknown(t *testing.T, v *model.Value) {
	t.Helper()
	if !v.IsUnknown() {
		t.Errorf("got %s, want Unknown", v.Describe())
	}
}

func TestRefResolution(t *testing.T) {
	none := Inputs{}
	v := prop(t, "      X: !Ref Cidr\n", "X", none)
	wantString(t, v, "0.0.0.0/0")
	if len(v.Prov()) != 1 || v.Prov()[0].Kind != model.FromParameterDefault || v.Prov()[0].Line != 2 {
		t.Errorf("provenance %+v", v.Prov())
	}
	if int(v.Src.Line) != headerLines+5 || v.Src.Col != 10 {
		t.Errorf("value must point at the Ref use site, got %+v", v.Src)
	}
	supplied := prop(t, "      X: !Ref Cidr\n", "X", Inputs{Parameters: map[string]string{"Cidr": "10.0.0.0/8"}})
	wantString(t, supplied, "10.0.0.0/8")
	if supplied.Prov()[0].Kind != model.FromParameterValue {
		t.Errorf("supplied provenance %+v", supplied.Prov())
	}
	wantUnknown(t, prop(t, "      X: !Ref NoDefault\n", "X", none))
	wantUnknown(t, prop(t, "      X: !Ref SsmName\n", "X", none))
	wantUnknown(t, prop(t, "      X: !Ref AWS::Region\n", "X", none))
	wantString(t, prop(t, "      X: !Ref AWS::Region\n", "X", Inputs{Parameters: map[string]string{"AWS::Region": "eu-west-1"}}), "eu-west-1")
	if v := prop(t, "      X: !Ref AWS::NoValue\n", "X", none); v != nil {
		t.Errorf("AWS::NoValue must be absent, got %s", v.Describe())
	}
	list := prop(t, "      X: !Ref Subnets\n", "X", none)
	if list.Kind != model.List || len(list.Items()) != 2 || list.Items()[1].Scalar() != "b" {
		t.Errorf("CommaDelimitedList: %+v", list)
	}
	if n, ok := prop(t, "      X: !Ref Port\n", "X", none).Int(); !ok || n != 22 {
		t.Errorf("Number parameter: %d %v", n, ok)
	}
	ref := prop(t, "      X: !Ref Other\n", "X", none)
	if !ref.IsUnknown() || ref.Target() != "Other" {
		t.Errorf("Ref to a resource: %+v", ref)
	}
	att := prop(t, "      X: !GetAtt Other.Arn\n", "X", none)
	if !att.IsUnknown() || att.Target() != "Other" || att.Attr() != "Arn" {
		t.Errorf("GetAtt: %+v", att)
	}
}

// headerLines is the number of lines before "Resources:" in the fixture.
var headerLines = strings.Count(header, "\n")

func TestConditions(t *testing.T) {
	r := New(mustTemplate(t), Inputs{})
	cases := map[string]tri{"Always": triTrue, "Never": triFalse, "IsProd": triUnknown, "Both": triUnknown,
		"Either": triTrue, "Loop1": triUnknown, "Missing": triUnknown}
	for name, want := range cases {
		if got := r.condition(name, template.Range{}); got != want {
			t.Errorf("%s = %d, want %d", name, got, want)
		}
	}
	forced := New(mustTemplate(t), Inputs{Conditions: map[string]bool{"IsProd": true}})
	if forced.condition("Both", template.Range{}) != triTrue {
		t.Error("--conditions override not applied through Fn::And")
	}
	supplied := New(mustTemplate(t), Inputs{Parameters: map[string]string{"Env": "prod"}})
	if supplied.condition("IsProd", template.Range{}) != triTrue {
		t.Error("condition over a supplied parameter")
	}
	warned := false
	for _, w := range r.Warnings() {
		warned = warned || strings.Contains(w.Msg, "refers to itself")
	}
	if !warned {
		t.Error("self-referencing condition not reported")
	}
}

func mustTemplate(t *testing.T) *template.Template {
	t.Helper()
	tpl, err := template.Parse("t.yaml", []byte(header+"Resources: {}\n"))
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

func TestFnIfVariants(t *testing.T) {
	views := resolveProps(t, "      X: !If [IsProd, 0.0.0.0/0, 10.0.0.0/8]\n      Y: !If [Always, yes, no]\n      Z: !If [IsProd, a, !Ref AWS::NoValue]\n", Inputs{})
	if len(views) != 2 {
		t.Fatalf("undecided condition: %d views, want 2", len(views))
	}
	r0, r1 := views[0].Resource("R"), views[1].Resource("R")
	if r0.Variants != 2 {
		t.Errorf("variants %d", r0.Variants)
	}
	wantString(t, r0.Prop("X"), "0.0.0.0/0")
	wantString(t, r1.Prop("X"), "10.0.0.0/8")
	wantString(t, r0.Prop("Y"), "yes")
	wantString(t, r1.Prop("Y"), "yes")
	wantString(t, r0.Prop("Z"), "a")
	if r1.Prop("Z") != nil {
		t.Error("the same condition must pick the same branch everywhere in a variant")
	}
}

func TestAllowedValuesVariants(t *testing.T) {
	views := resolveProps(t, "      X: !Ref Env\n", Inputs{})
	if len(views) != 2 {
		t.Fatalf("%d views, want one per allowed value", len(views))
	}
	wantString(t, views[0].Resource("R").Prop("X"), "dev")
	wantString(t, views[1].Resource("R").Prop("X"), "prod")
	if views[1].Resource("R").Prop("X").Prov()[0].Kind != model.FromAllowedValue {
		t.Error("allowed-value provenance missing")
	}
}

func TestVariantCap(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 6; i++ {
		b.WriteString("      X" + string(rune('0'+i)) + ": !If [C" + string(rune('0'+i)) + ", a, b]\n")
	}
	src := "Conditions:\n"
	for i := 0; i < 6; i++ {
		src += "  C" + string(rune('0'+i)) + ": !Equals [!Ref AWS::Region, r" + string(rune('0'+i)) + "]\n"
	}
	src += "Resources:\n  R:\n    Type: T\n    Properties:\n" + b.String()
	tpl, err := template.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := Resolve(tpl, Inputs{})
	if len(views) != MaxVariants {
		t.Fatalf("%d views, want %d", len(views), MaxVariants)
	}
	last := views[0].Resource("R").Prop("X5")
	wantUnknown(t, last)
}

func TestIntrinsicFunctions(t *testing.T) {
	none := Inputs{}
	wantString(t, prop(t, "      X: !Sub \"arn:${AWS::Partition}:s3:::${Cidr}\"\n", "X", Inputs{Parameters: map[string]string{"AWS::Partition": "aws"}}), "arn:aws:s3:::0.0.0.0/0")
	sub := prop(t, "      X: !Sub \"arn:${AWS::Partition}:s3:::b/*\"\n", "X", none)
	wantUnknown(t, sub)
	if sub.Partial() != "arn:${AWS::Partition}:s3:::b/*" {
		t.Errorf("partial %q", sub.Partial())
	}
	wantString(t, prop(t, "      X: !Sub [\"${a}-${!Literal}\", {a: !Ref Cidr}]\n", "X", none), "0.0.0.0/0-${Literal}")
	wantString(t, prop(t, "      X: !Join [\"-\", [a, !Ref Cidr]]\n", "X", none), "a-0.0.0.0/0")
	wantUnknown(t, prop(t, "      X: !Join [\"-\", [a, !Ref NoDefault]]\n", "X", none))
	wantString(t, prop(t, "      X: !Select [1, [a, b, c]]\n", "X", none), "b")
	wantString(t, prop(t, "      X: !Select [0, !Split [\",\", \"x,y\"]]\n", "X", none), "x")
	wantUnknown(t, prop(t, "      X: !Select [5, [a]]\n", "X", none))
	wantString(t, prop(t, "      X: !FindInMap [RegionMap, us-east-1, Ami]\n", "X", none), "ami-123")
	wantUnknown(t, prop(t, "      X: !FindInMap [RegionMap, !Ref AWS::Region, Ami]\n", "X", none))
	wantString(t, prop(t, "      X: !FindInMap [RegionMap, eu-west-1, Ami, {DefaultValue: ami-default}]\n", "X", none), "ami-default")
	wantString(t, prop(t, "      X: !Base64 \"#!/bin/bash\"\n", "X", none), "#!/bin/bash")
	for _, opaque := range []string{"!ImportValue x", "!GetAZs ''", "!Cidr [10.0.0.0/16, 2, 8]", "'{{resolve:ssm:/p}}'", "!Sub '{{resolve:secretsmanager:${Cidr}}}'"} {
		wantUnknown(t, prop(t, "      X: "+opaque+"\n", "X", none))
	}
	if n, ok := prop(t, "      X: {\"Fn::Length\": [a, b, c]}\n", "X", none).Int(); !ok || n != 3 {
		t.Errorf("Fn::Length = %d", n)
	}
	wantString(t, prop(t, "      X: {\"Fn::ToJsonString\": {a: [1, true]}}\n", "X", none), `{"a":[1,true]}`)
}

func TestMalformedIntrinsicsAreUnknownWithWarnings(t *testing.T) {
	src := header + "Resources:\n  R:\n    Type: T\n    Properties:\n      A: !Join [only-one]\n      B: {Ref: [x]}\n      C: {\"Fn::Bogus\": 1}\n      D: !If [OnlyCond]\n"
	tpl, err := template.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	views, warnings := Resolve(tpl, Inputs{})
	r := views[0].Resource("R")
	for _, k := range []string{"A", "B", "C", "D"} {
		wantUnknown(t, r.Prop(k))
	}
	if len(warnings) < 4 {
		t.Errorf("want a warning per malformed intrinsic, got %v", warnings)
	}
}

func TestSelfReferencingMappingTerminates(t *testing.T) {
	src := "Mappings:\n  M:\n    k: {v: {\"Fn::FindInMap\": [M, k, v]}}\nResources:\n  R:\n    Type: T\n    Properties:\n      X: !FindInMap [M, k, v]\n"
	tpl, err := template.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := Resolve(tpl, Inputs{})
	wantUnknown(t, views[0].Resource("R").Prop("X"))
}

func TestResourceConditionSkips(t *testing.T) {
	src := header + "Resources:\n  Off:\n    Type: T\n    Condition: Never\n  On:\n    Type: T\n    Condition: Always\n  Maybe:\n    Type: T\n    Condition: IsProd\n"
	tpl, err := template.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := Resolve(tpl, Inputs{})
	v := views[0]
	if v.Resource("Off") != nil || v.Resource("On") == nil || v.Resource("Maybe") == nil {
		t.Errorf("resources in view: %d", len(v.Resources))
	}
}

func TestRainDirectivesAndModuleOutputsAreQuiet(t *testing.T) {
	src := `Resources:
  Network:
    Type: {Rain::Module: ../vpc.yml}
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      SubnetId: !Ref NetworkPublicSubnet1
      UserData: {"Fn::Base64": {"Fn::Sub": {"Rain::Embed": setup.sh}}}
      Other: !Ref Missing
`
	tpl, err := template.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	views, warnings := Resolve(tpl, Inputs{})
	r := views[0].Resource("Instance")
	wantUnknown(t, r.Prop("SubnetId"))
	wantUnknown(t, r.Prop("UserData"))
	if len(warnings) != 1 || !strings.Contains(warnings[0].Msg, "Ref to Missing") {
		t.Errorf("want only the undeclared Ref reported, got %+v", warnings)
	}
}
