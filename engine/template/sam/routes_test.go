package sam

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestRoutesMatchTranslator compares, for every translator test pair, the
// routes of each API's OpenAPI body and the security requirements on them
// with the translator's expected output: which API, path and method a
// route has, and which requirement names guard it.
func TestRoutesMatchTranslator(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join(pairs, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".yaml")
		data, err := os.ReadFile(filepath.Join(pairs, "transformed", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var out map[string]any
		if err := json.Unmarshal(data, &out); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := routeTable(out["Resources"].(map[string]any))
		if api, ok := resourcePolicyAPIs[name]; ok {
			want = slices.DeleteFunc(want, func(row string) bool { return strings.HasPrefix(row, api+" ") })
		}
		src, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		tpl := parse(t, name, string(src))
		got := routeTable(toJSON(tpl.Section("Resources")).(map[string]any))
		if (len(got) != 0 || len(want) != 0) && !reflect.DeepEqual(got, want) {
			t.Errorf("%s: routes\n got %q\nwant %q", name, got, want)
		}
		compared += len(want)
	}
	if compared < 40 {
		t.Fatalf("only %d routes compared: the pairs lost their APIs?", compared)
	}
}

// resourcePolicyAPIs are the pairs' APIs with an Auth.ResourcePolicy: the
// stage adds no routes to them, since it does not build the policy that
// decides who may call them.
var resourcePolicyAPIs = map[string]string{
	"api_with_ip_range_whitelist": "ServerlessRestApi",
	"api_with_resource_policy":    "ExplicitApi",
}

// routeTable lists "api path method: requirement names" for every
// operation in the bodies of REST and HTTP APIs, sorted, except the OPTIONS
// methods the translator adds for CORS, which the stage does not generate. A route of a
// conditional resource (an Fn::If around the path item or operation) is
// read through its condition's true branch.
func routeTable(resources map[string]any) []string {
	var rows []string
	for id, r := range resources {
		res := r.(map[string]any)
		if typ := res["Type"]; typ != "AWS::ApiGateway::RestApi" && typ != "AWS::ApiGatewayV2::Api" {
			continue
		}
		props, _ := res["Properties"].(map[string]any)
		body, _ := props["Body"].(map[string]any)
		paths, _ := body["paths"].(map[string]any)
		for path, item := range paths {
			ops, _ := whenTrue(item).(map[string]any)
			for method, op := range ops {
				if method == "options" {
					continue
				}
				opm, _ := whenTrue(op).(map[string]any)
				var names []string
				for _, req := range asListOrNil(opm["security"]) {
					for k := range req.(map[string]any) {
						names = append(names, k)
					}
				}
				sort.Strings(names)
				// Translator versions write the default route as "$default"
				// or "/$default".
				if path == "/$default" {
					path = "$default"
				}
				rows = append(rows, id+" "+path+" "+method+": "+strings.Join(names, ","))
			}
		}
	}
	sort.Strings(rows)
	return rows
}

// whenTrue returns the true branch of {"Fn::If": [cond, v, …]}, or v.
func whenTrue(v any) any {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return v
	}
	if args, ok := m["Fn::If"].([]any); ok && len(args) == 3 {
		return args[1]
	}
	return v
}

func asListOrNil(v any) []any {
	if v == nil {
		return nil
	}
	return asList(v)
}
