package resolve

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/template"
)

const scenarioTemplate = `Parameters:
  KeyName: {Type: String, Default: ""}
  Env: {Type: String, Default: dev}
  Size: {Type: Number, Default: 1}
  Tier: {Type: String, Default: small, AllowedValues: [small, medium, large]}
  Ssm: {Type: "AWS::SSM::Parameter::Value<String>", Default: /x}
Mappings:
  EnvMap:
    dev: {Logs: "no"}
    prod: {Logs: "yes"}
Conditions:
  HasKey: !Not [!Equals [!Ref KeyName, ""]]
  Logs: !Equals [!FindInMap [EnvMap, !Ref Env, Logs], "yes"]
  Big: !Equals [!Ref Size, 3]
  Large: !Equals [!Ref Tier, large]
  Never: !Equals [a, b]
  FromSsm: !Equals [!Ref Ssm, on]
  Both: !And [!Condition HasKey, !Condition Large]
Resources:
  Keyed: {Type: AWS::Test::Thing, Condition: HasKey, Properties: {Key: !Ref KeyName}}
  Logged: {Type: AWS::Test::Thing, Condition: Logs}
  Sized: {Type: AWS::Test::Thing, Condition: Big}
  Tiered: {Type: AWS::Test::Thing, Condition: Large}
  Gone: {Type: AWS::Test::Thing, Condition: Never}
  Ssm: {Type: AWS::Test::Thing, Condition: FromSsm}
  Both: {Type: AWS::Test::Thing, Condition: Both}
`

// scenarioSummary renders each scenario as "assumed → switched" lines.
func scenarioSummary(t *testing.T, src string, in Inputs) []string {
	t.Helper()
	tpl, err := template.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := Resolve(tpl, in)
	var out []string
	for _, sc := range views[0].Scenarios {
		var assumed []string
		for _, p := range sc.Assumed {
			assumed = append(assumed, p.Name+"="+p.Value)
		}
		out = append(out, fmt.Sprintf("%s -> %s", strings.Join(assumed, ","), strings.Join(sortedKeys(sc.Switched), ",")))
	}
	return out
}

func TestScenariosSwitchOnWhatDefaultsSwitchOff(t *testing.T) {
	got := scenarioSummary(t, scenarioTemplate, Inputs{})
	want := []string{
		"KeyName=any-other-value -> Keyed",
		"Env=prod -> Logged",
		"Size=3 -> Sized",
		"Tier=large -> Tiered",
		// Both needs two parameters changed: searched after single changes.
		"KeyName=any-other-value,Tier=large -> Both",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("scenarios:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestScenariosRespectSuppliedValues(t *testing.T) {
	got := scenarioSummary(t, scenarioTemplate, Inputs{
		Parameters: map[string]string{"KeyName": "", "Env": "dev", "Size": "1", "Tier": "small"},
		Conditions: map[string]bool{},
	})
	if len(got) != 0 {
		t.Errorf("supplied values decide every condition, got scenarios %q", got)
	}
	got = scenarioSummary(t, scenarioTemplate, Inputs{Conditions: map[string]bool{"HasKey": false, "Logs": false, "Big": false, "Large": false}})
	if len(got) != 0 {
		t.Errorf("--conditions decide every condition, got scenarios %q", got)
	}
}

func TestScenarioValuesAreAssumed(t *testing.T) {
	tpl, err := template.Parse("t.yaml", []byte(scenarioTemplate))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := Resolve(tpl, Inputs{})
	if views[0].Resource("Keyed") != nil {
		t.Fatal("Keyed exists for the defaults")
	}
	sc := views[0].Scenarios[0]
	key := sc.Resolve()[0].Resource("Keyed").Prop("Key")
	if len(key.Prov()) != 1 || key.Prov()[0].Kind != model.FromParameterAssumed {
		t.Errorf("Key provenance = %+v, want one parameter_assumed", key.Prov())
	}
	if got, want := sc.Note("Keyed"), " (when condition HasKey is true; false for the parameter defaults)"; got != want {
		t.Errorf("note %q, want %q", got, want)
	}
}

func TestScenariosAreBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("Parameters:\n")
	for i := 0; i < maxScenarios+3; i++ {
		fmt.Fprintf(&b, "  P%d: {Type: String, Default: \"no\"}\n", i)
	}
	b.WriteString("Conditions:\n")
	for i := 0; i < maxScenarios+3; i++ {
		fmt.Fprintf(&b, "  C%d: !Equals [!Ref P%d, \"yes\"]\n", i, i)
	}
	b.WriteString("Resources:\n")
	for i := 0; i < maxScenarios+3; i++ {
		fmt.Fprintf(&b, "  R%d: {Type: AWS::Test::Thing, Condition: C%d}\n", i, i)
	}
	tpl, err := template.Parse("t.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	views, warnings := Resolve(tpl, Inputs{})
	if len(views[0].Scenarios) != maxScenarios {
		t.Errorf("%d scenarios, want %d", len(views[0].Scenarios), maxScenarios)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0].Msg, "3 resources switched off by the parameter defaults") {
		t.Errorf("warnings %+v, want one about the 3 unchecked resources", warnings)
	}
}

func TestAbsenceNamesTheCondition(t *testing.T) {
	src := `Parameters:
  Encrypt: {Type: String, Default: "false"}
Conditions:
  DoEncrypt: !Equals [!Ref Encrypt, "true"]
  Unknowable: !Equals [!Ref "AWS::Region", us-east-1]
Resources:
  R:
    Type: AWS::Test::Thing
    Properties:
      A: !If [DoEncrypt, true, !Ref AWS::NoValue]
      B: !If [Unknowable, true, !Ref AWS::NoValue]
      C: !Ref AWS::NoValue
      D: !If [DoEncrypt, x, !If [DoEncrypt, y, !Ref AWS::NoValue]]
`
	tpl, err := template.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	check := func(in Inputs, wantByDefaults bool) {
		t.Helper()
		views, _ := Resolve(tpl, in)
		props := views[0].Resource("R").Properties
		a := props.AbsentKey("A")
		if a == nil || a.Condition != "DoEncrypt" || a.Value || a.ByDefaults != wantByDefaults || a.If.Line != 10 || a.If.Col != 10 {
			t.Errorf("A: %+v", a)
		}
		if d := props.AbsentKey("D"); d == nil || d.If.Col != 29 {
			t.Errorf("D (the inner Fn::If chose AWS::NoValue): %+v", d)
		}
		if props.AbsentKey("C") != nil {
			t.Error("C is AWS::NoValue without a condition")
		}
		// An undecided condition is enumerated as variants, not recorded.
		for _, v := range views {
			if v.Resource("R").Properties.AbsentKey("B") != nil {
				t.Error("B recorded although its condition is undecided")
			}
		}
	}
	check(Inputs{}, true)
	check(Inputs{Parameters: map[string]string{"Encrypt": "false"}}, false)
}

// A value a parent stack passes settles a condition like a supplied one.
func TestScenariosRespectParentStackValues(t *testing.T) {
	got := scenarioSummary(t, scenarioTemplate, Inputs{Bound: map[string]Binding{
		"KeyName": {Known: true, Value: ""}, "Env": {Known: true, Value: "dev"},
		"Size": {Known: true, Value: "1"}, "Tier": {Known: true, Value: "small"}}})
	if len(got) != 0 {
		t.Errorf("bound values decide every condition, got scenarios %q", got)
	}
}
