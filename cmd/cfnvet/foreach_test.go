package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Fn::ForEach collections honour --parameter: the loop runs over the
// supplied value, and a collection without any value (Teams) is linted once
// with an unknown identifier, which produces no finding of its own.
func TestForEachHonoursParameters(t *testing.T) {
	file := filepath.Join(t.TempDir(), "foreach-ports.yaml")
	if err := os.WriteFile(file, []byte(foreachPorts), 0o644); err != nil {
		t.Fatal(err)
	}
	findings := func(args ...string) string {
		t.Helper()
		out, stderr, code := runCLI(t, "", append([]string{"scan", "--no-config", "--format", "json", "--rule", "NET"}, append(args, file)...)...)
		if code > 1 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var got []string
		for _, f := range decode(t, out).Findings {
			got = append(got, fmt.Sprintf("%s %d %s", f.RuleID, f.Line, f.Path))
		}
		sort.Strings(got)
		return strings.Join(got, "; ")
	}
	if got, want := findings(), "NET001 30 Resources.Port443.Properties.CidrIp"; got != want {
		t.Errorf("with the Default:\n got %s\nwant %s", got, want)
	}
	want := "NET001 30 Resources.Port443.Properties.CidrIp; NET002 30 Resources.Port22.Properties.CidrIp; NET004 30 Resources.Port3306.Properties.CidrIp"
	if got := findings("--parameter", "Ports=443,22,3306"); got != want {
		t.Errorf("with --parameter Ports=443,22,3306:\n got %s\nwant %s", got, want)
	}
}

const foreachPorts = `Transform: AWS::LanguageExtensions
Parameters:
  Ports:
    Type: CommaDelimitedList
    Default: "443"
  Teams:
    Type: CommaDelimitedList
Resources:
  WebSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupEgress:
        - Description: HTTPS out
          IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          DestinationPrefixListId: pl-63a5400a
  Fn::ForEach::Ingresses:
    - Port
    - !Ref Ports
    - Port${Port}:
        Type: AWS::EC2::SecurityGroupIngress
        Properties:
          GroupId: !GetAtt WebSG.GroupId
          Description: from anywhere
          IpProtocol: tcp
          FromPort: !Ref Port
          ToPort: !Ref Port
          CidrIp: 0.0.0.0/0
  Fn::ForEach::Teams:
    - Team
    - !Ref Teams
    - ${Team}Ingress:
        Type: AWS::EC2::SecurityGroupIngress
        Properties:
          GroupId: !GetAtt WebSG.GroupId
          Description: the team's range
          IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: !Ref Team
`
