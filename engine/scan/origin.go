package scan

import (
	"sort"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
)

// serverlessFunctions maps the logical-id prefix the Serverless Framework
// derives from each function name (hello-world → HelloDashworld) to that
// name, read off the generated <Prefix>LambdaFunction resources. Findings on
// the function's log group, version, permissions or role carry the same
// prefix, so users can find the function in serverless.yml.
func serverlessFunctions(v *model.View) map[string]string {
	if v.Template.Kind != "serverless" {
		return nil
	}
	out := map[string]string{}
	for _, r := range v.Resources {
		prefix, ok := strings.CutSuffix(r.ID, "LambdaFunction")
		if ok && prefix != "" && r.Type == "AWS::Lambda::Function" {
			out[prefix] = denormalizeServerlessName(prefix)
		}
	}
	return out
}

// denormalizeServerlessName reverses the framework's normalisation of a
// function name: a capitalised first letter, "-" spelled Dash and "_"
// spelled Underscore.
func denormalizeServerlessName(prefix string) string {
	s := strings.ReplaceAll(prefix, "Dash", "-")
	s = strings.ReplaceAll(s, "Underscore", "_")
	return strings.ToLower(s[:1]) + s[1:]
}

// serverlessFunctionOf returns the function a resource belongs to: the
// longest matching prefix, so helloWorld's resources are not given to hello.
func serverlessFunctionOf(fns map[string]string, id string) string {
	prefixes := make([]string, 0, len(fns))
	for p := range fns {
		if strings.HasPrefix(id, p) {
			prefixes = append(prefixes, p)
		}
	}
	if len(prefixes) == 0 {
		return ""
	}
	sort.Slice(prefixes, func(i, j int) bool { return len(prefixes[i]) > len(prefixes[j]) })
	return fns[prefixes[0]]
}
