package sam

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/template"
)

const pairs = "../../../testdata/sam"

func parse(t *testing.T, name, src string) *template.Template {
	t.Helper()
	tpl, err := template.Parse(name, []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return Transform(tpl)
}

func TestGlobalsAreMerged(t *testing.T) {
	tpl := parse(t, "t.yaml", `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Tracing: Active
    Environment:
      Variables: {STAGE: prod, LOG: info}
    Layers: [arn:layer:1]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.11
      Environment:
        Variables: {LOG: debug}
      Layers: [arn:layer:2]
  Bare:
    Type: AWS::Serverless::Function
  Other:
    Type: AWS::S3::Bucket
`)
	res := tpl.Section("Resources")
	fn := res.Get("Fn").Get("Properties")
	if fn.Get("Runtime").Value() != "python3.11" {
		t.Error("resource value must win over Globals")
	}
	if tr := fn.Get("TracingConfig").Get("Mode"); tr == nil || tr.Range.Line != 5 {
		t.Errorf("inherited value must keep the Globals position: %+v", tr)
	}
	vars := fn.Get("Environment").Get("Variables")
	if vars.Get("STAGE").Value() != "prod" || vars.Get("LOG").Value() != "debug" {
		t.Errorf("maps merge key by key: %+v", vars.Entries())
	}
	if l := fn.Get("Layers"); len(l.Items()) != 2 || l.Items()[0].Value() != "arn:layer:1" {
		t.Errorf("lists concatenate, globals first: %+v", l.Items())
	}
	if res.Get("Bare").Get("Properties").Get("TracingConfig") == nil {
		t.Error("a resource without Properties inherits Globals")
	}
	if res.Get("Other").Get("Properties") != nil {
		t.Error("Globals applied to a non-SAM type")
	}
}

func TestFunctionExpansion(t *testing.T) {
	tpl := parse(t, "t.yaml", `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Condition: IsProd
    Metadata: {cfnvet: {suppress: [{rule: IAM001, reason: r}]}}
    Properties:
      Handler: index.handler
      Policies:
        - AmazonS3ReadOnlyAccess
        - VPCAccessPolicy: {}
        - S3CrudPolicy:
            BucketName: !Ref Bucket
        - Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]
      FunctionUrlConfig:
        AuthType: NONE
      Events:
        Get:
          Type: Api
          Properties: {Path: /, Method: get}
        Http:
          Type: HttpApi
`)
	res := tpl.Section("Resources")
	var got []string
	for _, e := range res.Entries() {
		got = append(got, e.Key+" "+e.Value.Get("Type").Value()+" from "+tpl.SAMOrigin[e.Key])
	}
	want := []string{
		"Fn AWS::Lambda::Function from Fn",
		"FnRole AWS::IAM::Role from Fn",
		"FnUrl AWS::Lambda::Url from Fn",
		"FnUrlPublicPermissions AWS::Lambda::Permission from Fn",
		"FnURLInvokeAllowPublicAccess AWS::Lambda::Permission from Fn",
		"FnGetPermissionProd AWS::Lambda::Permission from Fn",
		"FnHttpPermission AWS::Lambda::Permission from Fn",
		"ServerlessRestApi AWS::ApiGateway::RestApi from Fn",
		"ServerlessRestApiDeployment AWS::ApiGateway::Deployment from Fn",
		"ServerlessRestApiProdStage AWS::ApiGateway::Stage from Fn",
		"ServerlessHttpApi AWS::ApiGatewayV2::Api from Fn",
		"ServerlessHttpApiApiGatewayDefaultStage AWS::ApiGatewayV2::Stage from Fn",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("resources:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	fn := res.Get("Fn")
	if fn.Get("Metadata") == nil || fn.Get("Condition") == nil {
		t.Error("the primary resource keeps Metadata and Condition")
	}
	if res.Get("FnRole").Get("Metadata") != nil || res.Get("FnRole").Get("Condition").Value() != "IsProd" {
		t.Error("generated resources take the Condition, not the Metadata")
	}
	if c := res.Get("ServerlessRestApi").Get("Condition"); c == nil || c.Value() != "IsProd" {
		t.Error("an implicit API used only by conditional resources takes their Condition")
	}
	role := res.Get("FnRole").Get("Properties")
	arns := role.Get("ManagedPolicyArns").Items()
	if len(arns) != 2 || arns[1].Value() != "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" || arns[1].Range.Line != 10 {
		t.Errorf("managed policies: %+v", arns)
	}
	pols := role.Get("Policies").Items()
	if len(pols) != 3 {
		t.Fatalf("inline policies: %d, want 3", len(pols))
	}
	if n := pols[0].Get("PolicyName").Value(); n != "FnRolePolicy1" {
		t.Errorf("policy name %s, want FnRolePolicy1 (the index in Policies)", n)
	}
	vpc := pols[0].Get("PolicyDocument").Get("Statement").Items()[0].Get("Resource")
	if vpc.Value() != "*" || vpc.Range.Line != 11 || vpc.Range.Col != 11 {
		t.Errorf("a template's statements are located at the template name: %+v", vpc.Range)
	}
	sub := pols[1].Get("PolicyDocument").Get("Statement").Items()[0].Get("Resource").Items()[0].Get("Fn::Sub").Items()[1]
	if b := sub.Get("bucketName"); b.Get("Ref").Value() != "Bucket" || b.Range.Line != 13 {
		t.Errorf("a template parameter is the user's node: %+v", b)
	}
	if doc := pols[2].Get("PolicyDocument"); doc.Range.Line != 14 {
		t.Errorf("an inline document is the user's node: %+v", doc.Range)
	}
	principal := res.Get("FnUrlPublicPermissions").Get("Properties").Get("Principal")
	if principal.Value() != "*" || principal.Range.Line != 16 {
		t.Errorf("the public permission is located at AuthType's value: %+v", principal.Range)
	}
	if s := res.Get("ServerlessRestApiDeployment").Get("Properties").Get("StageName"); s == nil || s.Value() != "Stage" {
		t.Error("the deployment creates SAM's extra Stage stage")
	}
	if e := res.Entry("ServerlessRestApiProdStage"); e.KeyRange.Line != 18 {
		t.Errorf("the implicit API is located at its first event: line %d", e.KeyRange.Line)
	}

	// Idempotent: a second run changes nothing.
	if Transform(tpl) != tpl {
		t.Error("Transform is not idempotent")
	}
}

func TestInputIsNotModified(t *testing.T) {
	src := `Transform: AWS::Serverless-2016-10-31
Globals:
  Function: {Timeout: 3}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Handler: h}
  Bare:
    Type: AWS::Serverless::Function
`
	tpl, err := template.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	out := Transform(tpl)
	res := tpl.Section("Resources")
	if len(res.Entries()) != 2 || res.Get("Fn").Get("Type").Value() != "AWS::Serverless::Function" ||
		res.Get("Fn").Get("Properties").Get("Timeout") != nil || res.Get("Bare").Get("Properties") != nil ||
		tpl.SAMOrigin != nil {
		t.Error("Transform modified its input")
	}
	if out.Section("Resources").Get("Bare").Get("Properties").Get("Timeout") == nil {
		t.Error("Globals not applied to the output")
	}
}

func TestImplicitAPICondition(t *testing.T) {
	src := `Transform: AWS::Serverless-2016-10-31
Conditions:
  A: !Equals [a, b]
  B: !Equals [a, b]
Resources:
  F1:
    Type: AWS::Serverless::Function
    Condition: A
    Properties: {Events: {E: {Type: Api, Properties: {Path: /, Method: get}}, H: {Type: HttpApi}}}
  F2:
    Type: AWS::Serverless::Function
    Condition: B
    Properties: {Events: {E: {Type: Api, Properties: {Path: /x, Method: get}}}}
  F3:
    Type: AWS::Serverless::Function
    Properties: {Events: {H: {Type: HttpApi}}}
`
	in, err := template.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	tpl := Transform(in)
	res := tpl.Section("Resources")
	if c := res.Get("ServerlessRestApiProdStage").Get("Condition"); c == nil || c.Value() != "ServerlessRestApiCondition" {
		t.Fatalf("stage condition: %+v", c)
	}
	or := tpl.Section("Conditions").Get("ServerlessRestApiCondition").Get("Fn::Or")
	if or == nil || len(or.Items()) != 2 || or.Items()[1].Get("Condition").Value() != "B" {
		t.Errorf("ServerlessRestApiCondition: %+v", or)
	}
	if res.Get("ServerlessHttpApi").Get("Condition") != nil {
		t.Error("an implicit API used by an unconditional function is unconditional")
	}
	if in.Section("Conditions").Get("ServerlessRestApiCondition") != nil {
		t.Error("the parsed template's Conditions were modified")
	}
}

func TestManagedPolicyChoice(t *testing.T) {
	tpl := parse(t, "t.yaml", `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - !If [IsProd, AmazonS3ReadOnlyAccess, !Ref AWS::NoValue]
        - !If [IsProd, {Statement: []}, !Ref AWS::NoValue]
`)
	role := tpl.Section("Resources").Get("FnRole").Get("Properties")
	choice := role.Get("ManagedPolicyArns").Items()[1].Get("Fn::If").Items()
	if choice[1].Value() != "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" || choice[2].Get("Ref").Value() != "AWS::NoValue" {
		t.Errorf("a managed name inside Fn::If becomes its ARN: %+v", choice)
	}
	if doc := role.Get("Policies").Items()[0].Get("PolicyDocument"); doc.Get("Fn::If") == nil {
		t.Error("a choice of policy documents is an inline policy")
	}
}

func TestFunctionWithRoleGetsNoRole(t *testing.T) {
	tpl := parse(t, "t.yaml", `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/r
      FunctionUrlConfig: {AuthType: AWS_IAM}
`)
	res := tpl.Section("Resources")
	if res.Get("FnRole") != nil || res.Get("FnUrlPublicPermissions") != nil || res.Get("FnUrl") == nil {
		t.Errorf("got %d resources", len(res.Entries()))
	}
}

func TestUnknownPolicyTemplateWarns(t *testing.T) {
	tpl := parse(t, "t.yaml", `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - S3CrudPolicyy: {BucketName: b}
        - S3CrudPolicy: {}
`)
	var msgs []string
	for _, w := range tpl.Warnings {
		msgs = append(msgs, fmt.Sprintf("%d: %s", w.Line, w.Msg))
	}
	if len(msgs) != 2 || !strings.HasPrefix(msgs[0], "7: ") || !strings.HasPrefix(msgs[1], "8: ") {
		t.Errorf("warnings: %q", msgs)
	}
}

// TestPolicyTemplatesMatchTranslator expands every policy template of the
// translator's kitchen-sink test and compares each statement's Effect,
// Action and Resource with the translator's expected output.
func TestPolicyTemplatesMatchTranslator(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(pairs, "all_policy_templates.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tpl := parse(t, "all_policy_templates.yaml", string(src))
	ours := rolePolicies(t, toJSON(tpl.Section("Resources").Get("KitchenSinkFunctionRole")))

	data, err := os.ReadFile(filepath.Join(pairs, "transformed", "all_policy_templates.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	theirs := rolePolicies(t, out["Resources"].(map[string]any)["KitchenSinkFunctionRole"])
	if len(theirs) < 60 {
		t.Fatalf("translator output has only %d policies", len(theirs))
	}
	used := map[string]bool{}
	for _, e := range tpl.Warnings {
		t.Errorf("warning: %d: %s", e.Line, e.Msg)
	}
	for name, want := range theirs {
		got, ok := ours[name]
		if !ok {
			t.Errorf("%s: not generated", name)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
		used[name] = true
	}
	for name := range ours {
		if !used[name] {
			t.Errorf("%s: generated, not in the translator's output", name)
		}
	}
	// The kitchen sink predates some templates: those expand with every
	// parameter given, and no Ref to a parameter is left.
	for name, pt := range catalogue() {
		if strings.Contains(string(src), "- "+name+":") {
			continue
		}
		params := &template.Node{Kind: template.Map}
		for p := range pt.Parameters {
			set(params, p, template.Range{}, str("given", template.Range{}))
		}
		doc, err := expandPolicyTemplate(name, &template.Entry{Key: name, Value: params})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		b, _ := json.Marshal(toJSON(doc))
		if len(doc.Get("Statement").Items()) == 0 || strings.Contains(string(b), `"Ref":`) && !strings.Contains(string(b), `"Ref":"AWS::`) {
			t.Errorf("%s: %s", name, b)
		}
	}
}

// rolePolicies returns, by PolicyName, each policy's statements rendered as
// normalised "Effect Action=[…] Resource=[…]" lines.
func rolePolicies(t *testing.T, role any) map[string]string {
	t.Helper()
	props := role.(map[string]any)["Properties"].(map[string]any)
	out := map[string]string{}
	for _, p := range props["Policies"].([]any) {
		pm := p.(map[string]any)
		doc := pm["PolicyDocument"].(map[string]any)
		var lines []string
		for _, st := range asList(doc["Statement"]) {
			s := st.(map[string]any)
			lines = append(lines, fmt.Sprintf("%v Action=%s Resource=%s", s["Effect"], norm(s["Action"]), norm(s["Resource"])))
		}
		out[pm["PolicyName"].(string)] = strings.Join(lines, "\n")
	}
	return out
}

func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}

// norm renders a value canonically: a scalar and a one-item list alike,
// list items sorted, mapping keys sorted.
func norm(v any) string {
	var items []string
	for _, it := range asList(v) {
		b, _ := json.Marshal(it) // map keys are sorted by encoding/json
		items = append(items, string(b))
	}
	sort.Strings(items)
	return "[" + strings.Join(items, ",") + "]"
}

// toJSON renders a node tree as decoded JSON would be.
func toJSON(n *template.Node) any {
	switch n.Kind {
	case template.Map:
		m := map[string]any{}
		for _, e := range n.Entries() {
			m[e.Key] = toJSON(e.Value)
		}
		return m
	case template.List:
		l := make([]any, 0, len(n.Items()))
		for _, it := range n.Items() {
			l = append(l, toJSON(it))
		}
		return l
	case template.Null:
		return nil
	}
	return n.Value()
}

// TestOddShapesDoNotPanic expands SAM resources whose properties have
// shapes the translator would reject or that intrinsic functions hide.
func TestOddShapesDoNotPanic(t *testing.T) {
	shapes := []string{
		"Properties:",
		"Properties: !If [C, {Handler: a}, {Handler: b}]",
		"Properties: {Events: [a, b], Policies: {S3CrudPolicy: x, Other: y}, FunctionUrlConfig: [NONE]}",
		"Properties: {Events: !Ref E, Policies: !Ref P, FunctionUrlConfig: !Ref U, Tags: [a], DeadLetterQueue: x}",
		"Properties: {Events: {E: {Type: SNS, Properties: {Topic: t, SqsSubscription: {QueueArn: !Ref Q}}}}}",
		"Properties: {Events: {E: {Type: SNS, Properties: {Topic: t, SqsSubscription: !Ref S}}}}",
		"Properties: {Events: {E: {Type: Api, Properties: !Ref P}, F: {Type: HttpApi, Properties: null}, G: null}}",
		"Properties: {Policies: [null, 3, [a], {Statement: x}, !If [C, {Statement: []}, !Ref AWS::NoValue], {S3CrudPolicy: !Ref B}]}",
		"Properties: {CodeUri: {Bucket: b, Key: k}, Tracing: !Ref T, VpcConfig: {}, Role: !GetAtt R.Arn}",
		"Properties: {Domain: {DomainName: d, EndpointConfiguration: PRIVATE}, EndpointConfiguration: {Type: PRIVATE}, StageName: !Ref S}",
		"Properties: {PrimaryKey: {Name: k, Type: Number}, Tags: !Ref T}",
		"Properties: {Location: {ApplicationId: a, SemanticVersion: 1}}",
		"Properties: {Location: ./child.yaml, Tags: {a: b}}",
	}
	types := []string{"Function", "Api", "HttpApi", "WebSocketApi", "StateMachine", "SimpleTable", "LayerVersion", "Application"}
	parsed := 0
	defer func() {
		if parsed < len(types)*(len(shapes)-1) {
			t.Errorf("only %d of %d shapes parsed", parsed, len(types)*len(shapes))
		}
	}()
	for _, typ := range types {
		for _, shape := range shapes {
			src := "Transform: AWS::Serverless-2016-10-31\nGlobals: {Function: {Timeout: 3}, Api: [x]}\nResources:\n  R:\n    Type: AWS::Serverless::" +
				typ + "\n    " + shape + "\n"
			tpl, err := template.Parse("t.yaml", []byte(src))
			if err != nil {
				t.Logf("%s %s: %v", typ, shape, err)
				continue
			}
			parsed++
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Errorf("%s %s: panic: %v", typ, shape, p)
					}
				}()
				Transform(tpl)
			}()
		}
	}
}
