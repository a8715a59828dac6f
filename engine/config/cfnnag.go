package config

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// readProfile reads a cfn_nag profile: one rule id at the start of each
// line, optionally followed by a description, which is ignored. Blank
// lines and lines starting with "#" are skipped.
func readProfile(name string, data []byte) ([]Ref, error) {
	var ids []Ref
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		trimmed := strings.TrimSpace(text)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		id := strings.Fields(trimmed)[0]
		ids = append(ids, Ref{Value: id, File: name, Line: line, Col: strings.Index(text, id) + 1})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("no rule id in the file")
	}
	return ids, nil
}

// readDenyList reads a cfn_nag deny list, a YAML mapping whose
// RulesToSuppress lists {id, reason} items. A plain list of ids, one per
// line as in a profile, is accepted too.
func readDenyList(name string, data []byte) ([]Ref, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return readProfile(name, data)
	}
	root := doc.Content[0]
	var rules *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "RulesToSuppress" {
			rules = root.Content[i+1]
		}
	}
	if rules == nil || rules.Kind != yaml.SequenceNode || len(rules.Content) == 0 {
		return nil, &Error{File: name, Line: root.Line, Col: root.Column,
			Msg: "want RulesToSuppress: a list of {id, reason}"}
	}
	var ids []Ref
	for _, it := range rules.Content {
		var id *yaml.Node
		if it.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(it.Content); i += 2 {
				if it.Content[i].Value == "id" {
					id = it.Content[i+1]
				}
			}
		}
		if id == nil || id.Kind != yaml.ScalarNode || id.Value == "" {
			return nil, &Error{File: name, Line: it.Line, Col: it.Column, Msg: "RulesToSuppress item without an id"}
		}
		ids = append(ids, Ref{Value: id.Value, File: name, Line: id.Line, Col: id.Column})
	}
	return ids, nil
}
