package sec

import (
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/template"
)

// TestJudge judges the Value of each output of one template, so every case
// sees the same parameters.
func TestJudge(t *testing.T) {
	src := `
Parameters:
  NoEchoPassword: {Type: String, NoEcho: true}
  EchoedPassword: {Type: String}
  DefaultPassword: {Type: String, NoEcho: true, Default: hunter2xyz}
  PlaceholderPassword: {Type: String, NoEcho: true, Default: CHANGE_ME}
  SecretArn: {Type: String, Default: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db"}
  Port: {Type: Number, Default: 5432}
Resources: {}
Outputs:
  Literal: {Value: hunter2xyz}
  Placeholder: {Value: "<your-password>"}
  EmptyJSON: {Value: "{}"}
  JSONWithoutSecret: {Value: '{"username": "admin", "dbname": "app"}'}
  JSONWithSecret: {Value: '{"username": "admin", "db": {"password": "hunter2xyz"}}'}
  SubSkeleton: {Value: !Sub '{"username": "admin", "port": ${Port}, "password": "${NoEchoPassword}"}'}
  SubEchoed: {Value: !Sub '{"username": "${EchoedPassword}", "password": "${EchoedPassword}"}'}
  SubDefault: {Value: !Sub '{"password": "${DefaultPassword}"}'}
  SubPlaceholderDefault: {Value: !Sub '{"password": "${PlaceholderPassword}"}'}
  SubLiteralText: {Value: !Sub "pw-${AWS::StackName}-fixed"}
  SubPunctuation: {Value: !Sub "${AWS::StackName}-${NoEchoPassword}"}
  SubResolve: {Value: !Sub "{{resolve:secretsmanager:${SecretArn}:SecretString:password}}"}
  SubResolveSSM: {Value: !Sub "{{resolve:ssm:/app/${SecretArn}}}"}
  JoinResolve: {Value: !Join ["", ["{{resolve:secretsmanager:", !Ref SecretArn, ":SecretString:password}}"]]}
  JoinSkeleton: {Value: !Join ["", ['{"password": "', !Ref DefaultPassword, '"}']]}
  GeneratedWithSuffix: {Value: !Sub "${Generator.Password}Aa1!"}
  NoEchoWithSuffix: {Value: !Join ["", [!Ref NoEchoPassword, "-suffix"]]}
  PublicWithSuffix: {Value: !Join ["", [!Ref "AWS::Region", "-hunter2"]]}
  MarkerWrittenOut: {Value: !Sub '{"password": "@@cfnvet7@@", "username": "${NoEchoPassword}"}'}
  IfBranch: {Value: !If [Cond, !Ref NoEchoPassword, hunter2xyz]}
  Opaque: {Value: !GetAtt Generator.Password}
`
	tpl, err := template.Parse("judge.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	ps := ParamsOf(tpl)
	tests := []struct {
		output  string
		verdict Verdict
		why     string // substring of Why
		member  string // dotted Member
	}{
		{"Literal", HardCoded, "a literal value [redacted, 10 characters]", ""},
		{"Placeholder", Safe, "", ""},
		{"EmptyJSON", Safe, "", ""},
		{"JSONWithoutSecret", Safe, "", ""},
		{"JSONWithSecret", HardCoded, `JSON key "password"`, "db.password"},
		{"SubSkeleton", Safe, "", ""},
		{"SubEchoed", Plaintext, "parameter EchoedPassword is not NoEcho", "password"},
		{"SubDefault", HardCoded, "parameter DefaultPassword has a Default", "password"},
		{"SubPlaceholderDefault", Safe, "", ""},
		{"SubLiteralText", HardCoded, "a Fn::Sub with literal text", ""},
		{"SubPunctuation", Safe, "", ""},
		{"SubResolve", Safe, "", ""},
		{"SubResolveSSM", Plaintext, "{{resolve:ssm:", ""},
		{"JoinResolve", Safe, "", ""},
		{"JoinSkeleton", HardCoded, "parameter DefaultPassword has a Default", "password"},
		{"GeneratedWithSuffix", Safe, "", ""},
		{"NoEchoWithSuffix", Safe, "", ""},
		{"PublicWithSuffix", HardCoded, "a Fn::Join with literal text", ""},
		{"MarkerWrittenOut", HardCoded, `JSON key "password"`, "password"},
		{"IfBranch", HardCoded, "a literal value", ""},
		{"Opaque", Safe, "", ""},
	}
	for _, tt := range tests {
		n := tpl.Section("Outputs").Get(tt.output).Get("Value")
		if n == nil {
			t.Fatalf("no output %s", tt.output)
		}
		j := Judge(tpl, ps, n)
		if j.Verdict != tt.verdict || !strings.Contains(j.Why, tt.why) || strings.Join(j.Member, ".") != tt.member {
			t.Errorf("%s: got verdict %d why %q member %q, want %d, %q, %q",
				tt.output, j.Verdict, j.Why, strings.Join(j.Member, "."), tt.verdict, tt.why, tt.member)
		}
	}
}
