package sam

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"sync"

	"github.com/cfnvet/cfnvet/engine/template"
)

// policyTemplatesJSON is SAM's own policy-template catalogue; its source,
// commit and licence are in data/SOURCE.md.
//
//go:embed data/policy_templates.json
var policyTemplatesJSON []byte

// policyTemplate is one entry of the catalogue.
type policyTemplate struct {
	Parameters map[string]any `json:"Parameters"`
	Definition any            `json:"Definition"`
}

var catalogue = sync.OnceValue(func() map[string]policyTemplate {
	var doc struct {
		Templates map[string]policyTemplate `json:"Templates"`
	}
	if err := json.Unmarshal(policyTemplatesJSON, &doc); err != nil {
		panic("sam: embedded policy_templates.json: " + err.Error()) // tested: cannot happen at run time
	}
	return doc.Templates
})

// isPolicyTemplate reports whether a Policies entry names a policy template:
// a one-key mapping whose key is a template of the catalogue.
func isPolicyTemplate(n *template.Node) (string, *template.Entry, bool) {
	if n == nil || n.Kind != template.Map || len(n.Entries()) != 1 {
		return "", nil, false
	}
	name := n.Entries()[0].Key
	_, ok := catalogue()[name]
	return name, &n.Entries()[0], ok
}

// expandPolicyTemplate returns the policy document a template entry stands
// for. Every node of it is located at the entry's key (the template name
// the user wrote), except the parameter values, which are the user's own
// nodes: `Ref: BucketName` in the definition becomes the value written
// under `BucketName:`. A parameter the user did not give stays a Ref to an
// undeclared name, which resolves to Unknown (the translator rejects it).
func expandPolicyTemplate(name string, e *template.Entry) (*template.Node, error) {
	pt := catalogue()[name]
	params := map[string]*template.Node{}
	for _, p := range e.Value.Fields() {
		params[p.Key] = p.Value
	}
	for p := range pt.Parameters {
		if params[p] == nil {
			return nil, fmt.Errorf("policy template %s: parameter %s is not given", name, p)
		}
	}
	return fromJSON(pt.Definition, e.KeyRange, params), nil
}

// fromJSON builds a node tree from decoded JSON, located at at, replacing
// {"Ref": P} for each parameter P by the given node. Map keys are sorted,
// so the output is deterministic.
func fromJSON(v any, at template.Range, params map[string]*template.Node) *template.Node {
	switch x := v.(type) {
	case map[string]any:
		if r, ok := x["Ref"].(string); ok && len(x) == 1 {
			if p := params[r]; p != nil {
				return p
			}
		}
		n := mapping(at)
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			set(n, k, at, fromJSON(x[k], at, params))
		}
		return n
	case []any:
		n := list(at)
		for _, it := range x {
			n.SetItems(append(n.Items(), fromJSON(it, at, params)))
		}
		return n
	case string:
		return str(x, at)
	case bool:
		return boolean(x, at)
	case float64:
		return number(strconv.FormatFloat(x, 'f', -1, 64), at)
	case nil:
		return &template.Node{Kind: template.Null, Range: at}
	}
	return str(fmt.Sprint(v), at)
}
