package params

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestParameterFileFormats(t *testing.T) {
	cases := map[string]string{
		"aws-cli.json":  `[{"ParameterKey": "Cidr", "ParameterValue": "10.0.0.0/8"}, {"ParameterKey": "Old", "UsePreviousValue": true}, {"ParameterKey": "Port", "ParameterValue": 22}]`,
		"cfn_nag.json":  `{"Parameters": {"Cidr": "10.0.0.0/8", "Port": 22}}`,
		"pipeline.json": `{"Parameters": {"Cidr": "10.0.0.0/8", "Port": "22"}, "Tags": {"a": "b"}}`,
		"plain.yaml":    "Cidr: 10.0.0.0/8\nPort: 22\n",
	}
	for name, content := range cases {
		got, err := ReadParameterFile(write(t, name, content))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got["Cidr"] != "10.0.0.0/8" || got["Port"] != "22" {
			t.Errorf("%s: %v", name, got)
		}
		if _, ok := got["Old"]; ok {
			t.Errorf("%s: UsePreviousValue without a value must be left unset", name)
		}
	}
	list, err := ReadParameterFile(write(t, "list.json", `{"Parameters": {"Subnets": ["a", "b"]}}`))
	if err != nil || list["Subnets"] != "a,b" {
		t.Errorf("list value: %v %v", list, err)
	}
}

func TestParameterFileErrors(t *testing.T) {
	cases := map[string]string{
		"not-yaml.json": `{"Parameters": [`,
		"bad-item.json": `[{"Key": "x"}]`,
		"nested.json":   `{"Parameters": {"A": {"B": 1}}}`,
		"scalar.json":   `"just a string"`,
	}
	for name, content := range cases {
		if _, err := ReadParameterFile(write(t, name, content)); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v should name the file", name, err)
		}
	}
	if _, err := ReadParameterFile(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("missing file accepted")
	}
}

func TestAssignmentsAndConditions(t *testing.T) {
	got, err := ParseAssignments([]string{"A=1", "B=x=y", "AWS::AccountId=123456789012"})
	if err != nil || got["A"] != "1" || got["B"] != "x=y" || got["AWS::AccountId"] != "123456789012" {
		t.Errorf("%v %v", got, err)
	}
	for _, bad := range []string{"novalue", "=x"} {
		if _, err := ParseAssignments([]string{bad}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	conds, err := ReadConditionFile(write(t, "c.yaml", "IsProd: true\nIsDev: \"false\"\n"))
	if err != nil || !conds["IsProd"] || conds["IsDev"] {
		t.Errorf("%v %v", conds, err)
	}
	if _, err := ReadConditionFile(write(t, "bad.yaml", "IsProd: maybe\n")); err == nil || !strings.Contains(err.Error(), "IsProd") {
		t.Errorf("non-boolean condition: %v", err)
	}
}
