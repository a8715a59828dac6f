package scan_test

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/engine/suppress"
	"github.com/cfnvet/cfnvet/internal/testengine"
)

// twoGroups has three NET001 findings: PublicAlbSG ingress 0 and 1, AppSG
// ingress 0.
const twoGroups = `Resources:
  PublicAlbSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: alb
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: https}
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0, Description: http}
  AppSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: app
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: https}
`

// annotated is twoGroups with AppSG's finding suppressed in its Metadata.
const annotated = `Resources:
  AppSG:
    Type: AWS::EC2::SecurityGroup
    Metadata:
      cfnvet:
        suppress:
          - {rule: NET001, reason: in template}
    Properties:
      GroupDescription: app
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: https}
`

func net001Engine(t *testing.T) *scan.Engine {
	t.Helper()
	eng := testengine.Builtin(t, scan.Config{Include: []string{"NET001"}})
	return eng
}

// suppressedAt lists "file resource path source" for every suppressed finding.
func suppressedAt(res finding.Result) []string {
	var out []string
	for _, f := range res.Files {
		for _, fd := range f.Findings {
			if fd.Suppressed {
				out = append(out, filepath.Base(f.File)+" "+fd.Resource+" "+fd.Path.String()+" "+fd.Suppression.Source)
			}
		}
	}
	return out
}

func TestApplyExternalMatching(t *testing.T) {
	eng := net001Engine(t)
	dir := filepath.ToSlash(t.TempDir())
	net001 := map[string]bool{"NET001": true}
	scanTwo := func() finding.Result {
		ctx := context.Background()
		return finding.Result{Files: []finding.FileResult{
			eng.ScanBytes(ctx, filepath.Join(dir, "cdk.out", "App.template.json"), []byte(twoGroups)),
			eng.ScanBytes(ctx, filepath.Join(dir, "stacks", "other.yaml"), []byte(twoGroups)),
			eng.ScanBytes(ctx, filepath.Join(dir, "stacks", "annotated.yaml"), []byte(annotated)),
		}}
	}
	const ing0, ing1 = "Properties.SecurityGroupIngress[0].CidrIp", "Properties.SecurityGroupIngress[1].CidrIp"
	for _, c := range []struct {
		name string
		sup  suppress.External
		want []string
	}{
		{"every file and resource", suppress.External{}, []string{
			"App.template.json PublicAlbSG " + ing0 + " config", "App.template.json PublicAlbSG " + ing1 + " config",
			"App.template.json AppSG " + ing0 + " config",
			"other.yaml PublicAlbSG " + ing0 + " config", "other.yaml PublicAlbSG " + ing1 + " config",
			"other.yaml AppSG " + ing0 + " config",
			"annotated.yaml AppSG " + ing0 + " cfnvet"}},
		{"files glob", suppress.External{Files: []string{dir + "/cdk.out/*.template.json"}}, []string{
			"App.template.json PublicAlbSG " + ing0 + " config", "App.template.json PublicAlbSG " + ing1 + " config",
			"App.template.json AppSG " + ing0 + " config",
			"annotated.yaml AppSG " + ing0 + " cfnvet"}},
		{"files glob is anchored", suppress.External{Files: []string{dir + "/*.template.json"}}, []string{
			"annotated.yaml AppSG " + ing0 + " cfnvet"}},
		{"double star", suppress.External{Files: []string{dir + "/**/other.yaml"}, Resources: []string{"Public*"}}, []string{
			"other.yaml PublicAlbSG " + ing0 + " config", "other.yaml PublicAlbSG " + ing1 + " config",
			"annotated.yaml AppSG " + ing0 + " cfnvet"}},
		{"resource and path", suppress.External{Resources: []string{"PublicAlbSG"}, Path: "Properties.SecurityGroupIngress[1]"}, []string{
			"App.template.json PublicAlbSG " + ing1 + " config", "other.yaml PublicAlbSG " + ing1 + " config",
			"annotated.yaml AppSG " + ing0 + " cfnvet"}},
		{"full path", suppress.External{Path: "Resources.AppSG.Properties.SecurityGroupIngress"}, []string{
			"App.template.json AppSG " + ing0 + " config", "other.yaml AppSG " + ing0 + " config",
			"annotated.yaml AppSG " + ing0 + " cfnvet"}},
		{"path is not a string prefix", suppress.External{Path: "Properties.SecurityGroupIngress[1"}, []string{
			"annotated.yaml AppSG " + ing0 + " cfnvet"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.sup.Key, c.sup.Rules, c.sup.Reason, c.sup.File, c.sup.Line, c.sup.Col = "NET001", net001, "accepted", ".cfnvet.yaml", 3, 5
			res := scanTwo()
			warnings := eng.ApplyExternal(&res, []suppress.External{c.sup})
			if got := suppressedAt(res); !reflect.DeepEqual(got, c.want) {
				t.Errorf("suppressed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			// An entry that only overlaps the in-template suppression still
			// matched a finding, so it is not reported as unused.
			if len(c.want) > 1 && len(warnings) > 0 {
				t.Errorf("unexpected warnings %q", warnings)
			}
		})
	}
}

func TestApplyExternalRecordsTheEntry(t *testing.T) {
	eng := net001Engine(t)
	res := finding.Result{Files: []finding.FileResult{eng.ScanBytes(context.Background(), "a.yaml", []byte(twoGroups))}}
	eng.ApplyExternal(&res, []suppress.External{{Key: "net-ingress-open-to-world", Rules: map[string]bool{"NET001": true},
		Resources: []string{"AppSG"}, Reason: "public by design", Expires: "2999-01-01", File: "conf/.cfnvet.yaml", Line: 7, Col: 5}})
	var got []finding.Suppression
	for _, fd := range res.Files[0].Findings {
		if fd.Suppressed {
			got = append(got, *fd.Suppression)
		}
	}
	want := []finding.Suppression{{Source: "config", Reason: "public by design", Expires: "2999-01-01", Line: 7, File: "conf/.cfnvet.yaml"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if !got[0].External() {
		t.Error("a config suppression must be external")
	}
}

func TestApplyExternalReportsUnusedEntries(t *testing.T) {
	eng := net001Engine(t)
	res := finding.Result{Files: []finding.FileResult{
		eng.ScanBytes(context.Background(), "a.yaml", []byte(twoGroups)),
		eng.ScanBytes(context.Background(), "b.yaml", []byte(twoGroups)),
	}}
	sups := []suppress.External{
		{Key: "NET001", Rules: map[string]bool{"NET001": true}, Resources: []string{"AppSG"}, File: ".cfnvet.yaml", Line: 2, Col: 5},
		{Key: "NET001", Rules: map[string]bool{"NET001": true}, Resources: []string{"Typo*"}, File: ".cfnvet.yaml", Line: 5, Col: 5},
		// IAM001 did not run (--rule NET001): not reported.
		{Key: "IAM001", Rules: map[string]bool{"IAM001": true}, File: ".cfnvet.yaml", Line: 8, Col: 5},
	}
	warnings := eng.ApplyExternal(&res, sups)
	want := []string{".cfnvet.yaml:5:5: suppress entry for NET001 matched no finding in this scan; remove it or fix its rule, files, resources or path"}
	if !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings %q, want %q (reported once for the whole scan, not per file)", warnings, want)
	}
}
