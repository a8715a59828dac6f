package locate

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/template"
)

const jsonStringsYAML = `Parameters:
  Act: {Type: String, Default: "*"}
  Doc: {Type: String, Default: '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'}
Resources:
  Single:
    Type: AWS::SSO::PermissionSet
    Properties:
      InlinePolicy: '{"Statement":[{"Sid":"it''s","Effect":"Allow","Action":"*","Resource":"*"}]}'
  Double:
    Type: AWS::SSO::PermissionSet
    Properties:
      InlinePolicy: "{\"Statement\":{\"Sid\":\"caf\u00e9\",\"Action\":[\"s3:Get*\",\"*\"]}}"
  Block:
    Type: AWS::SSO::PermissionSet
    Properties:
      InlinePolicy: |
        {
          "Statement": [

            {
              "Sid": "déjà",  "Action": ["s3:GetObject", "*"],
              "Resource": "*"
            }
          ]
        }
  Stripped:
    Type: AWS::SSO::PermissionSet
    Properties:
      InlinePolicy: !Sub |-
        {"Statement": [{"Action": "*"}]}
      Description: after the block
  Kept:
    Type: AWS::SSO::PermissionSet
    Properties:
      InlinePolicy: |+
        {"Statement": [{"Action": "*"}]}

      Description: after the block
  Plain:
    Type: AWS::SSO::PermissionSet
    Properties:
      InlinePolicy: ["*", x]
      Other: !Sub '{"Statement":[{"Action":"*"}]}'
  SubParam:
    Type: AWS::SSO::PermissionSet
    Properties:
      InlinePolicy: !Sub '{"Statement":[{"Action":"${Act}"}]}'
  RefParam:
    Type: AWS::SSO::PermissionSet
    Properties:
      InlinePolicy: !Ref Doc
  Folded:
    Type: AWS::SSO::PermissionSet
    Properties:
      InlinePolicy: >
        {"Statement": [{"Action": "*"}]}
  Indicator:
    Type: AWS::SSO::PermissionSet
    Properties:
      InlinePolicy: |2
          {"Statement": [{"Action": "*"}]}
  Joined:
    Type: AWS::SSO::PermissionSet
    Properties:
      InlinePolicy: !Join ['', ['{"Statement":', '[{"Action":"*"}]}']]
  NotJSON:
    Type: AWS::SSO::PermissionSet
    Properties:
      InlinePolicy: 'Statement: *'
  MultiLine:
    Type: AWS::SSO::PermissionSet
    Properties:
      InlinePolicy: '{"Statement":
        [{"Action":"*"}]}'
`

// covered returns the source text of a one-line range.
func covered(src string, rg template.Range) string {
	lines := strings.Split(src, "\n")
	if rg.Line < 1 || int(rg.Line) > len(lines) || rg.EndLine != rg.Line {
		return "<not one line>"
	}
	line := []rune(lines[rg.Line-1])
	if rg.Col < 1 || rg.EndCol <= rg.Col || int(rg.EndCol)-1 > len(line) {
		return "<out of line>"
	}
	return string(line[rg.Col-1 : rg.EndCol-1])
}

type jsonCase struct {
	name     string
	resource string
	path     model.Path
	line     int
	col      int
	text     string // the source text the range covers
	exact    bool
}

func checkJSONCases(t *testing.T, src string, cases []jsonCase) {
	t.Helper()
	tpl, err := template.Parse("t", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := resolve.Resolve(tpl, resolve.Inputs{})
	for _, c := range cases {
		r := views[0].Resource(c.resource)
		if r == nil {
			t.Fatalf("%s: no resource %s", c.name, c.resource)
		}
		got := Locate(tpl, r, c.path)
		text := covered(src, got.Range)
		if int(got.Range.Line) != c.line || int(got.Range.Col) != c.col || text != c.text || got.Exact != c.exact {
			t.Errorf("%s: got %d:%d %q exact=%v, want %d:%d %q exact=%v",
				c.name, got.Range.Line, got.Range.Col, text, got.Exact, c.line, c.col, c.text, c.exact)
		}
		if got.Value != nil && got.Exact && len(c.path) > 2 {
			t.Errorf("%s: an element inside a JSON string has no resolved value, got %+v", c.name, got.Value)
		}
	}
}

func TestLocateInsideJSONStrings(t *testing.T) {
	p := func(els ...any) model.Path { return append(model.Path{"Properties", "InlinePolicy"}, els...) }
	checkJSONCases(t, jsonStringsYAML, []jsonCase{
		{"single quotes: the value token with its quotes", "Single", p("Statement", 0, "Action"), 8, 77, `"*"`, true},
		{"single quotes: '' before the token shifts it", "Single", p("Statement", 0, "Resource"), 8, 92, `"*"`, true},
		{"single quotes: a key holding an object is its key", "Single", p("Statement"), 8, 23, `"Statement"`, true},
		{"single quotes: a list item holding an object is its bracket", "Single", p("Statement", 0), 8, 36, `{`, true},
		{"single quotes: a missing key is its parent's bracket", "Single", p("Statement", 0, "Condition"), 8, 36, `{`, false},
		{"single quotes: an index out of range is the list's key", "Single", p("Statement", 3, "Action"), 8, 23, `"Statement"`, false},
		{"single quotes: a key of a string is that string's key", "Single", p("Statement", 0, "Action", 0), 8, 68, `"Action"`, false},
		{"double quotes: escaped quotes belong to the token", "Double", p("Statement", "Action", 1), 12, 84, `\"*\"`, true},
		{"double quotes: a \\u escape before the token", "Double", p("Statement", "Action", 0), 12, 72, `\"s3:Get*\"`, true},
		{"double quotes: a string with a \\u escape", "Double", p("Statement", "Sid"), 12, 46, `\"caf\u00e9\"`, true},
		{"block: the element's own line", "Block", p("Statement", 0, "Action", 1), 21, 58, `"*"`, true},
		{"block: after non-ASCII text on the line", "Block", p("Statement", 0, "Action", 0), 21, 42, `"s3:GetObject"`, true},
		{"block: a later line", "Block", p("Statement", 0, "Resource"), 22, 27, `"*"`, true},
		{"block: a key holding a list", "Block", p("Statement"), 18, 11, `"Statement"`, true},
		{"block: a list item", "Block", p("Statement", 0), 20, 13, `{`, true},
		{"block |- behind a tag without variables", "Stripped", p("Statement", 0, "Action"), 30, 35, `"*"`, true},
		{"block |+ keeps its trailing blank line", "Kept", p("Statement", 0, "Action"), 36, 35, `"*"`, true},
		{"a list item that is not JSON", "Plain", p(0, "Action"), 42, 22, `"*"`, false},
		{"Sub without variables in single quotes", "Plain", model.Path{"Properties", "Other", "Statement", 0, "Action"}, 43, 44, `"*"`, true},
		// Fallbacks: the property key, never a guess.
		{"Sub with a parameter", "SubParam", p("Statement", 0, "Action"), 47, 7, "InlinePolicy", false},
		{"text from a parameter default", "RefParam", p("Statement", 0, "Action"), 51, 7, "InlinePolicy", false},
		{"folded scalar", "Folded", p("Statement", 0, "Action"), 55, 7, "InlinePolicy", false},
		{"explicit indentation indicator", "Indicator", p("Statement", 0, "Action"), 60, 7, "InlinePolicy", false},
		{"Join", "Joined", p("Statement", 0, "Action"), 65, 7, "InlinePolicy", false},
		{"not JSON", "NotJSON", p("Statement", 0, "Action"), 69, 7, "InlinePolicy", false},
		{"a quoted scalar over two lines", "MultiLine", p("Statement", 0, "Action"), 73, 7, "InlinePolicy", false},
	})
}

// A JSON template writes the policy as a JSON string inside JSON: every
// quote of the policy is escaped in the source.
const jsonStringsJSON = `{
  "Resources": {
    "Repo": {
      "Type": "AWS::ECR::Repository",
      "Properties": {
        "RepositoryPolicyText": "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": [\"ecr:*\"]}]}",
        "Other": "{\"a\\\\b\": \"\\u002a\", \"x\": \"line\\none\"}"
      }
    }
  }
}
`

func TestLocateInsideJSONStringOfAJSONTemplate(t *testing.T) {
	checkJSONCases(t, jsonStringsJSON, []jsonCase{
		{"escaped string value", "Repo", model.Path{"Properties", "RepositoryPolicyText", "Statement", 0, "Principal"}, 6, 90, `\"*\"`, true},
		{"escaped list item", "Repo", model.Path{"Properties", "RepositoryPolicyText", "Statement", 0, "Action", 0}, 6, 110, `\"ecr:*\"`, true},
		{"a key with an escaped backslash", "Repo", model.Path{"Properties", "Other", `a\b`}, 7, 32, `\"\\u002a\"`, true},
		{"a value with an escaped line break", "Repo", model.Path{"Properties", "Other", "x"}, 7, 52, `\"line\\none\"`, true},
	})
}

func TestLocateInsideABlockOnTheLastLineOfTheFile(t *testing.T) {
	for _, src := range []string{blockAtEOF, blockAtEOF + "\n", strings.ReplaceAll(blockAtEOF, "\n", "\r\n") + "\r\n"} {
		checkJSONCases(t, src, []jsonCase{
			{"block ending the file", "P", model.Path{"Properties", "InlinePolicy", "Statement", 0, "Action"}, 6, 35, `"*"`, true},
		})
	}
}

const blockAtEOF = `Resources:
  P:
    Type: AWS::SSO::PermissionSet
    Properties:
      InlinePolicy: |
        {"Statement": [{"Action": "*"}]}`

func TestLocateWithoutSourceKeepsTheKey(t *testing.T) {
	tpl, err := template.Parse("t", []byte(jsonStringsYAML))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := resolve.Resolve(tpl, resolve.Inputs{})
	got := Locate(nil, views[0].Resource("Single"), model.Path{"Properties", "InlinePolicy", "Statement", 0, "Action"})
	if got.Range.Line != 8 || got.Range.Col != 7 || got.Exact {
		t.Errorf("without the template text the key is the answer, got %+v", got)
	}
}

// Minified, every value is on line 1, after non-ASCII text here: positions
// inside the policy string are still exact, in characters.
func TestLocateInsideJSONStringOfAMinifiedTemplate(t *testing.T) {
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(jsonStringsJSON)); err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(compact.String(), `{"Resources"`, `{"Description":"café ☕ 日本","Resources"`, 1)
	col := func(token string) int {
		before, _, found := strings.Cut(src, token)
		if !found {
			t.Fatalf("no %s in the template", token)
		}
		return utf8.RuneCountInString(before) + 1
	}
	checkJSONCases(t, src, []jsonCase{
		{"escaped string value", "Repo", model.Path{"Properties", "RepositoryPolicyText", "Statement", 0, "Principal"}, 1, col(`\"*\"`), `\"*\"`, true},
		{"escaped list item", "Repo", model.Path{"Properties", "RepositoryPolicyText", "Statement", 0, "Action", 0}, 1, col(`\"ecr:*\"`), `\"ecr:*\"`, true},
		{"a value with an escaped line break", "Repo", model.Path{"Properties", "Other", "x"}, 1, col(`\"line\\none\"`), `\"line\\none\"`, true},
	})
}
