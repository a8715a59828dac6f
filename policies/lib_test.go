package policies_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/policies"
)

// libQuery evaluates one boolean expression against the shared library
// (policies/lib/*.rego) with the sandboxed capabilities the scanner uses.
func libQuery(t *testing.T, expr string) bool {
	t.Helper()
	src := policies.Source()
	opts := append(policy.Functions(),
		rego.Query("x := "+expr),
		rego.Capabilities(policy.Capabilities()),
		rego.StrictBuiltinErrors(true),
		rego.SetRegoVersion(ast.RegoV1),
	)
	err := fs.WalkDir(src.FS, "lib", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return err
		}
		data, err := fs.ReadFile(src.FS, p)
		if err != nil {
			return err
		}
		opts = append(opts, rego.Module(p, string(data)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rs, err := rego.New(opts...).Eval(context.Background())
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	if len(rs) == 0 {
		return false // undefined
	}
	b, ok := rs[0].Bindings["x"].(bool)
	if !ok {
		t.Fatalf("%s: not a boolean: %v", expr, rs[0].Bindings["x"])
	}
	return b
}

const unknown = `{"$unknown": "Fn::GetAtt", "ref": "Key", "attr": "Arn"}`

func TestEncLibrary(t *testing.T) {
	cases := []struct {
		expr string
		want bool
	}{
		// switch_off: absent or explicitly false; never on Unknown.
		{`data.cfnvet.lib.switch_off({}, ["Encrypted"])`, true},
		{`data.cfnvet.lib.switch_off({"Encrypted": false}, ["Encrypted"])`, true},
		{`data.cfnvet.lib.switch_off({"Encrypted": "False"}, ["Encrypted"])`, true},
		{`data.cfnvet.lib.switch_off({"Encrypted": "true"}, ["Encrypted"])`, false},
		{`data.cfnvet.lib.switch_off({"Encrypted": ` + unknown + `}, ["Encrypted"])`, false},
		{`data.cfnvet.lib.switch_off({}, ["A", "B"])`, true},
		{`data.cfnvet.lib.switch_off({"A": ` + unknown + `}, ["A", "B"])`, false},
		{`data.cfnvet.lib.switch_off(` + unknown + `, ["A"])`, false},
		{`data.cfnvet.lib.switch_off({"A": {"B": true}}, ["A", "B"])`, false},
		// explicitly_false: absence is not a disable.
		{`data.cfnvet.lib.explicitly_false({}, ["A"])`, false},
		{`data.cfnvet.lib.explicitly_false({"A": "FALSE"}, ["A"])`, true},
		{`data.cfnvet.lib.explicitly_false({"A": ` + unknown + `}, ["A"])`, false},
		// not_on: anything known but true.
		{`data.cfnvet.lib.not_on({"A": {"B": "yes"}}, ["A", "B"])`, true},
		{`data.cfnvet.lib.not_on({"A": {"B": "TRUE"}}, ["A", "B"])`, false},
		{`data.cfnvet.lib.not_on({"A": ` + unknown + `}, ["A", "B"])`, false},
		// missing: absent or empty string; opaque counts as present.
		{`data.cfnvet.lib.missing({"K": ""}, ["K"])`, true},
		{`data.cfnvet.lib.missing({"K": "  "}, ["K"])`, true},
		{`data.cfnvet.lib.missing({}, ["K"])`, true},
		{`data.cfnvet.lib.missing({"K": "alias/x"}, ["K"])`, false},
		{`data.cfnvet.lib.missing({"K": ` + unknown + `}, ["K"])`, false},
		// present: specified or opaque anywhere along the path.
		{`data.cfnvet.lib.present({"P": {"K": ` + unknown + `}}, ["P", "K"])`, true},
		{`data.cfnvet.lib.present({"P": ` + unknown + `}, ["P", "K"])`, true},
		{`data.cfnvet.lib.present({"P": {"K": "arn:aws:kms:x"}}, ["P", "K"])`, true},
		{`data.cfnvet.lib.present({"P": {}}, ["P", "K"])`, false},
		// value_in: case-insensitive enum match of known strings.
		{`data.cfnvet.lib.value_in({"P": "http"}, ["P"], ["HTTP"])`, true},
		{`data.cfnvet.lib.value_in({"P": "HTTPS"}, ["P"], ["HTTP"])`, false},
		{`data.cfnvet.lib.value_in({"P": ` + unknown + `}, ["P"], ["HTTP"])`, false},
		// Keys: AWS-managed aliases are not customer keys; opaque ones are.
		{`data.cfnvet.lib.aws_managed_key("alias/aws/s3")`, true},
		{`data.cfnvet.lib.aws_managed_key("arn:aws:kms:eu-west-1:111122223333:alias/aws/sns")`, true},
		{`data.cfnvet.lib.aws_managed_key("alias/awsome")`, false},
		{`data.cfnvet.lib.aws_managed_key("alias/team/aws/x")`, false},
		{`data.cfnvet.lib.customer_key("alias/aws/sqs")`, false},
		{`data.cfnvet.lib.customer_key("alias/payments")`, true},
		{`data.cfnvet.lib.customer_key("")`, false},
		{`data.cfnvet.lib.customer_key(` + unknown + `)`, true},
		{`data.cfnvet.lib.no_customer_key({}, ["KmsKeyId"])`, true},
		{`data.cfnvet.lib.no_customer_key({"KmsKeyId": "alias/aws/rds"}, ["KmsKeyId"])`, true},
		{`data.cfnvet.lib.no_customer_key({"KmsKeyId": ` + unknown + `}, ["KmsKeyId"])`, false},
		{`data.cfnvet.lib.no_customer_key({"KmsKeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"}, ["KmsKeyId"])`, false},
		// as_list: single items become lists.
		{`data.cfnvet.lib.as_list({"a": 1}) == [{"a": 1}]`, true},
		{`data.cfnvet.lib.as_list([1, 2]) == [1, 2]`, true},
	}
	for _, c := range cases {
		if got := libQuery(t, c.expr); got != c.want {
			t.Errorf("%s = %v, want %v", c.expr, got, c.want)
		}
	}
}
