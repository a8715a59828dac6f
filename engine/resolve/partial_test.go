package resolve

import (
	"testing"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/template"
)

// A partly resolved Fn::Sub / Fn::Join stays Unknown but keeps the
// provenance of the parts that did resolve, so a rule reading its partial
// text (a JSON policy document) can name the parameters behind it.
func TestPartialKeepsProvenance(t *testing.T) {
	src := `
Parameters:
  Action:
    Type: String
    Default: s3:*
Resources:
  R:
    Type: AWS::Test::Thing
    Properties:
      Sub: !Sub '${Action} in ${AWS::AccountId}'
      Join: !Join ['/', [!Ref Action, !Ref AWS::AccountId]]
`
	tpl, err := template.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := Resolve(tpl, Inputs{})
	r := views[0].Resource("R")
	for key, want := range map[string]string{"Sub": "s3:* in ${AWS::AccountId}", "Join": "s3:*/${Ref AWS::AccountId}"} {
		v := r.Prop(key)
		if !v.IsUnknown() || v.Partial() != want {
			t.Errorf("%s: got kind %v partial %q, want Unknown with partial %q", key, v.Kind, v.Partial(), want)
		}
		if len(v.Prov()) != 1 || v.Prov()[0].Kind != model.FromParameterDefault || v.Prov()[0].Name != "Action" {
			t.Errorf("%s: provenance %+v, want the default of parameter Action", key, v.Prov())
		}
	}
}
