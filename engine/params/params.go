// Package params reads scan-time parameter values and condition overrides
// from the command line and from files in the formats users already have:
// cfn_nag's and CodePipeline's {"Parameters": {…}}, the AWS CLI's
// [{"ParameterKey", "ParameterValue"}], and a plain {name: value} mapping.
package params

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ParseAssignments reads K=V pairs (--parameter).
func ParseAssignments(pairs []string) (map[string]string, error) {
	out := map[string]string{}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("--parameter %q: want NAME=VALUE", p)
		}
		out[k] = v
	}
	return out, nil
}

// ReadParameterFile reads a parameters file in any supported format.
func ReadParameterFile(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("parameters file: %w", err)
	}
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parameters file %s: %w", path, err)
	}
	out := map[string]string{}
	switch d := doc.(type) {
	case []any: // AWS CLI
		for i, it := range d {
			m, ok := it.(map[string]any)
			if !ok || m["ParameterKey"] == nil {
				return nil, fmt.Errorf("parameters file %s: item %d: want {ParameterKey, ParameterValue}", path, i+1)
			}
			if m["UsePreviousValue"] == true && m["ParameterValue"] == nil {
				continue
			}
			out[fmt.Sprint(m["ParameterKey"])] = scalar(m["ParameterValue"])
		}
	case map[string]any:
		src := d
		if inner, ok := d["Parameters"].(map[string]any); ok { // cfn_nag, CodePipeline
			src = inner
		}
		for k, v := range src {
			if _, nested := v.(map[string]any); nested {
				return nil, fmt.Errorf("parameters file %s: value of %s must be a scalar or list", path, k)
			}
			out[k] = scalar(v)
		}
	default:
		return nil, fmt.Errorf("parameters file %s: want a mapping or a list of {ParameterKey, ParameterValue}", path)
	}
	return out, nil
}

func scalar(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, len(x))
		for i, it := range x {
			parts[i] = scalar(it)
		}
		return strings.Join(parts, ",")
	}
	return fmt.Sprint(v)
}

// ReadConditionFile reads {ConditionName: true|false}.
func ReadConditionFile(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("conditions file: %w", err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("conditions file %s: %w", path, err)
	}
	out := map[string]bool{}
	keys := make([]string, 0, len(doc))
	for k := range doc {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch v := doc[k].(type) {
		case bool:
			out[k] = v
		case string:
			b, err := strconv.ParseBool(v)
			if err != nil {
				return nil, fmt.Errorf("conditions file %s: %s: want true or false, got %q", path, k, v)
			}
			out[k] = b
		default:
			return nil, fmt.Errorf("conditions file %s: %s: want true or false", path, k)
		}
	}
	return out, nil
}
