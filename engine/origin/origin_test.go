package origin

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// copyTree copies testdata/<name> to a temporary directory, replacing ABS
// in every file by the copy's absolute path: creationStack frames record
// absolute paths of the machine that synthesised the app.
func copyTree(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	src := filepath.Join("testdata", name)
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, []byte(strings.ReplaceAll(string(data), "ABS", dst)), 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestCDKCreationStack(t *testing.T) {
	root := copyTree(t, "cdkapp")
	lookup := NewIndex().For(filepath.Join(root, "cdk.out", "ApiStack.template.json"))
	if lookup == nil {
		t.Fatal("a template beside manifest.json is CDK output")
	}
	cases := []struct {
		cdkPath string
		want    string // file:line:col, or "" for no origin
	}{
		// The first frame in the app: not elided, not in node_modules.
		{"ApiStack/Api/SecurityGroup/Resource", root + "/lib/api-stack.ts:31:13"},
		// A relative frame path stays as recorded.
		{"ApiStack/Bucket/Resource", "lib/api-stack.ts:40:5"},
		// No entry of its own: the line that made its enclosing construct
		// (found through a sibling), not the stack's.
		{"ApiStack/Api/Role/Resource", root + "/lib/api-stack.ts:31:13"},
		{"ApiStack/Queue/Resource", root + "/bin/app.ts:7:1"},
		// Only library frames: no origin rather than a wrong one... unless
		// an ancestor has one (the stack).
		{"ApiStack/CheckBootstrapVersion", root + "/bin/app.ts:7:1"},
		{"OtherStack/X/Resource", ""},
		{"", ""},
	}
	for _, c := range cases {
		got := ""
		if o := lookup("Id", c.cdkPath).Origin; o != nil {
			got = o.File + ":" + strconv.Itoa(o.Line) + ":" + strconv.Itoa(o.Column)
		}
		if got != c.want {
			t.Errorf("%q: origin %q, want %q", c.cdkPath, got, c.want)
		}
	}
}

func TestNotFrameworkOutput(t *testing.T) {
	x := NewIndex()
	for _, p := range []string{"testdata/cdkapp/cdk.out/manifest.json", "testdata/slsapp/serverless.yml", "stack.yaml"} {
		if x.For(p) != nil {
			t.Errorf("%s: lookup for a file that is not framework output", p)
		}
	}
}

func TestServerlessAttribution(t *testing.T) {
	lookup := NewIndex().For(filepath.Join("testdata", "slsapp", ".serverless", "cloudformation-template-update-stack.json"))
	if lookup == nil {
		t.Fatal("a template beside serverless-state.json is Serverless output")
	}
	sls := filepath.ToSlash(filepath.Join("testdata", "slsapp", "serverless.yml"))
	cases := []struct {
		id, function, origin string
	}{
		{"DashboardLambdaFunction", "dashboard", sls + ":11"},
		{"DashboardLogGroup", "dashboard", sls + ":11"},
		{"CreateDashinvoiceLambdaFunction", "create-invoice", sls + ":13"},
		{"CreateDashinvoiceLambdaPermissionApiGateway", "create-invoice", sls + ":13"},
		// Unversioned: the id comes from the framework's normalisation.
		{"CreateUnderscoreInvoiceLambdaFunction", "Create_Invoice", sls + ":15"},
		{"OrdersLambdaFunction", "orders", sls + ":17"},
		// Declared by the user under resources: its own line, no function.
		{"OrdersTable", "", sls + ":21"},
		{"IamRoleLambdaExecution", "", sls + ":6"},
		{"ServerlessDeploymentBucket", "", ""},
	}
	for _, c := range cases {
		s := lookup(c.id, "")
		got := ""
		if s.Origin != nil {
			got = s.Origin.File + ":" + strconv.Itoa(s.Origin.Line)
		}
		if s.ServerlessFunction != c.function || got != c.origin {
			t.Errorf("%s: function %q origin %q, want %q %q", c.id, s.ServerlessFunction, got, c.function, c.origin)
		}
	}
}

func TestNormalizeServerlessName(t *testing.T) {
	for key, want := range map[string]string{
		"dashboard": "Dashboard", "create-invoice": "CreateDashinvoice", "create_invoice": "CreateUnderscoreinvoice",
		"CreateInvoice": "CreateInvoice", "a": "A", "": "",
	} {
		if got := NormalizeServerlessName(key); got != want {
			t.Errorf("%q: %q, want %q", key, got, want)
		}
	}
}
