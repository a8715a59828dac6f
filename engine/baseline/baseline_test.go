package baseline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/testengine"
)

const original = `Resources:
  WebSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: https}
`

// edited moves WebSG's finding down by inserting lines above it and adds a
// new finding on AdminSG.
const edited = `AWSTemplateFormatVersion: "2010-09-09"
Description: |
  Three lines
  of description
Resources:
  AdminSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: admin
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 8443, ToPort: 8443, CidrIp: 0.0.0.0/0, Description: admin}
  WebSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: https}
`

const clean = `Resources:
  WebSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8, Description: https}
`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

func scanFiles(t *testing.T, files ...string) finding.Result {
	t.Helper()
	eng := testengine.Builtin(t, scan.Config{Include: []string{"NET001"}})
	return eng.Run(context.Background(), scan.Discover(files, nil), nil)
}

// states lists "resource:line active|suppressed-by-source" per finding.
func states(res finding.Result) []string {
	var out []string
	for _, f := range res.Files {
		for _, fd := range f.Findings {
			s := "active"
			if fd.Suppressed {
				s = fd.Suppression.Source
			}
			out = append(out, fd.Resource+" "+s)
		}
	}
	return out
}

func TestRoundTripOnlyNewFindingsStayActive(t *testing.T) {
	dir := t.TempDir()
	tmpl := writeFile(t, filepath.Join(dir, "stacks", "app.yaml"), original)
	name := filepath.Join(dir, "cfnvet-baseline.json")

	res := scanFiles(t, tmpl)
	n, err := Write(name, res, nil)
	if err != nil || n != 1 {
		t.Fatalf("wrote %d entries, err %v; want 1", n, err)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"version": 2`) || !strings.Contains(string(data), `"file": "stacks/app.yaml"`) {
		t.Errorf("baseline lacks the version or a path relative to its directory:\n%s", data)
	}

	writeFile(t, tmpl, edited)
	b, err := Read(name)
	if err != nil {
		t.Fatal(err)
	}
	res = scanFiles(t, tmpl)
	b.Apply(&res)
	if got, want := states(res), []string{"AdminSG active", "WebSG baseline"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after the edit: %v, want %v", got, want)
	}
	web := res.Files[0].Findings[1]
	if web.Range.Line != 17 {
		t.Errorf("WebSG's finding is at line %d; the edit should have moved it to 17", web.Range.Line)
	}
	want := finding.Suppression{Source: "baseline", Reason: "in baseline " + name, File: name, Line: 4}
	if !reflect.DeepEqual(*web.Suppression, want) {
		t.Errorf("suppression %+v, want %+v", *web.Suppression, want)
	}
	if res.Baseline == nil || *res.Baseline != (finding.BaselineUse{File: name, Entries: 1}) {
		t.Errorf("baseline use %+v", res.Baseline)
	}

	// The same files in another checkout, scanned from another directory.
	other := t.TempDir()
	writeFile(t, filepath.Join(other, "stacks", "app.yaml"), edited)
	writeFile(t, filepath.Join(other, "b.json"), string(data))
	b, err = Read(filepath.Join(other, "b.json"))
	if err != nil {
		t.Fatal(err)
	}
	res = scanFiles(t, filepath.Join(other, "stacks"))
	b.Apply(&res)
	if got, want := states(res), []string{"AdminSG active", "WebSG baseline"}; !reflect.DeepEqual(got, want) {
		t.Errorf("in another checkout: %v, want %v", got, want)
	}
}

func TestStaleEntries(t *testing.T) {
	dir := t.TempDir()
	fixed := writeFile(t, filepath.Join(dir, "fixed.yaml"), original)
	gone := writeFile(t, filepath.Join(dir, "gone.yaml"), original)
	unscanned := writeFile(t, filepath.Join(dir, "unscanned.yaml"), original)
	kept := writeFile(t, filepath.Join(dir, "kept.yaml"), original)
	name := filepath.Join(dir, "baseline.json")
	if n, err := Write(name, scanFiles(t, fixed, gone, unscanned, kept), nil); err != nil || n != 4 {
		t.Fatalf("wrote %d, %v", n, err)
	}
	writeFile(t, fixed, clean)
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	b, err := Read(name)
	if err != nil {
		t.Fatal(err)
	}
	res := scanFiles(t, fixed, kept)
	b.Apply(&res)
	// fixed.yaml no longer has its finding and gone.yaml is gone: stale.
	// unscanned.yaml was not part of this scan: neither matched nor stale.
	if res.Baseline == nil || res.Baseline.Stale != 2 || res.Baseline.Entries != 4 {
		t.Errorf("baseline use %+v, want 2 of 4 entries stale", res.Baseline)
	}
	if got, want := states(res), []string{"WebSG baseline"}; !reflect.DeepEqual(got, want) {
		t.Errorf("states %v, want %v", got, want)
	}

	// Rewriting after this partial scan keeps unscanned.yaml's entry and
	// drops the stale ones.
	if n, err := Write(name, res, b); err != nil || n != 2 {
		t.Fatalf("rewrote %d entries, %v; want kept.yaml and unscanned.yaml", n, err)
	}
	b, err = Read(name)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range b.entries {
		files = append(files, e.File)
	}
	if !reflect.DeepEqual(files, []string{"kept.yaml", "unscanned.yaml"}) {
		t.Errorf("rewritten baseline lists %v", files)
	}
}

// A baseline written with more rules than a later scan runs (the rule sets
// were narrowed, or --skip) keeps the other rules' entries: they are not
// stale, and rewriting keeps them for when the rules run again.
func TestEntriesOfRulesNotRunAreKept(t *testing.T) {
	dir := t.TempDir()
	tmpl := writeFile(t, filepath.Join(dir, "app.yaml"), original)
	name := filepath.Join(dir, "baseline.json")
	scanWith := func(include ...string) finding.Result {
		eng := testengine.Builtin(t, scan.Config{Include: include})
		return eng.Run(context.Background(), scan.Discover([]string{tmpl}, nil), nil)
	}
	if n, err := Write(name, scanWith("NET001", "NET008"), nil); err != nil || n != 2 {
		t.Fatalf("wrote %d, %v; want NET001 and NET008", n, err)
	}
	b, err := Read(name)
	if err != nil {
		t.Fatal(err)
	}
	b.RulesRun = map[string]bool{"NET001": true}
	res := scanWith("NET001")
	b.Apply(&res)
	if res.Baseline.Stale != 0 {
		t.Errorf("%d stale entries; NET008 did not run, so its entry is not stale", res.Baseline.Stale)
	}
	if n, err := Write(name, res, b); err != nil || n != 2 {
		t.Errorf("rewrote %d entries, %v; want NET008's kept", n, err)
	}
	// Without RulesRun the NET008 entry counts as stale, as before.
	b, _ = Read(name)
	res = scanWith("NET001")
	b.Apply(&res)
	if res.Baseline.Stale != 1 {
		t.Errorf("%d stale entries without RulesRun, want 1", res.Baseline.Stale)
	}
}

func TestWriteLeavesOutOtherSuppressionsAndIsStable(t *testing.T) {
	dir := t.TempDir()
	tmpl := writeFile(t, filepath.Join(dir, "app.yaml"), edited)
	res := scanFiles(t, tmpl)
	res.Files[0].Findings[0].Suppressed = true
	res.Files[0].Findings[0].Suppression = &finding.Suppression{Source: "config", Reason: "accepted in config"}
	name := filepath.Join(dir, "b.json")
	if n, err := Write(name, res, nil); err != nil || n != 1 {
		t.Fatalf("wrote %d, %v; want only the active finding", n, err)
	}
	first, _ := os.ReadFile(name)
	// Moving the findings does not change the file: no line numbers in it.
	writeFile(t, tmpl, "# a comment\n\n"+edited)
	res = scanFiles(t, tmpl)
	res.Files[0].Findings[0].Suppressed = true
	res.Files[0].Findings[0].Suppression = &finding.Suppression{Source: "config", Reason: "accepted in config"}
	if _, err := Write(name, res, nil); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(name)
	if string(first) != string(second) {
		t.Errorf("baseline changed after lines moved:\n%s\n---\n%s", first, second)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		line, col int
		msg       string
	}{
		{"syntax", "{\"version\": 1,\n \"findings\": [,]}\n", 2, 15, "invalid baseline JSON"},
		{"type", "{\"version\": 1,\n \"findings\": {}}\n", 2, 15, "invalid baseline JSON"},
		{"version", "{\"version\": 3, \"findings\": []}\n", 0, 0, "baseline version 3 is not supported"},
		{"no version", "{\"findings\": []}\n", 0, 0, "baseline version 0 is not supported"},
		{"incomplete entry", "{\"version\": 1, \"findings\": [\n  {\"file\": \"a.yaml\", \"rule_id\": \"NET001\", \"fingerprint\": \"x\"},\n  {\"file\": \"a.yaml\", \"rule_id\": \"NET001\"}\n]}\n",
			3, 1, "baseline entry needs file, rule_id and fingerprint"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("b.json", []byte(tc.src))
			var be *Error
			if !errors.As(err, &be) {
				t.Fatalf("want a baseline error, got %v", err)
			}
			if be.Line != tc.line || be.Col != tc.col || !strings.Contains(be.Msg, tc.msg) {
				t.Errorf("got %q, want %d:%d …%s…", be.Error(), tc.line, tc.col, tc.msg)
			}
		})
	}
	if _, err := Read(filepath.Join(t.TempDir(), "missing.json")); err == nil || !strings.Contains(err.Error(), "cannot read baseline") {
		t.Errorf("missing file: %v", err)
	}
}

func TestEntryLines(t *testing.T) {
	src := "{\n  \"findings\": [\n    {\"file\": \"a\", \"rule_id\": \"R\", \"fingerprint\": \"1\"},\n\n    {\"file\": \"b\", \"rule_id\": \"R\", \"fingerprint\": \"2\"}\n  ],\n  \"version\": 1\n}\n"
	b, err := Parse("b.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(b.lines, []int{3, 5}) {
		t.Errorf("entry lines %v, want [3 5]", b.lines)
	}
}
