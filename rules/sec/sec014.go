package sec

import (
	"fmt"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/template"
)

// TagSecret is SEC014.
var TagSecret = &rule.Rule{
	Meta: rule.Meta{
		ID:       "SEC014",
		Slug:     "noecho-parameter-in-tags",
		Family:   rule.SEC,
		Severity: rule.High,
		Title:    "NoEcho parameter written into resource tags",
		Description: "Tags are read in clear by anyone allowed to describe or list the resource or to call the " +
			"Resource Groups Tagging API, are copied into cost and usage reports when activated for cost " +
			"allocation, and propagate to instances and volumes. NoEcho masks a parameter only where " +
			"CloudFormation describes the stack's parameters, so a NoEcho parameter that reaches a tag Value " +
			"(through Ref, Fn::Sub or Fn::Join, in the list form or the key-value map form of Tags) is exposed. " +
			"A Fn::If carries a parameter only when both branches do. Outputs are SEC010's and metadata SEC013's.",
		Remediation: "Do not tag resources with secrets: tag them with the name or ARN of the secret in Secrets " +
			"Manager, and let the workload read the value with its role.",
		ResourceTypes: []string{rule.TemplateResources},
		Aliases:       map[string][]string{},
	},
	CheckTemplate: func(p *rule.Pass) {
		ps := viewParams(p.View)
		if !anyNoEcho(ps) {
			return
		}
		for _, r := range p.View.Resources {
			tags := r.Node.Get("Properties").Get("Tags")
			for _, tag := range tagValues(tags) {
				if names := noEchoIn(ps, tag.node, 0); len(names) > 0 {
					p.Report(r, tag.path, "tag %s of %s carries %s: tags are shown in clear to anyone who can "+
						"describe the resource, NoEcho does not mask them", tag.key, r.ID, parameterNames(names))
				}
			}
		}
	},
}

func anyNoEcho(ps Params) bool {
	for _, p := range ps {
		if p.NoEcho {
			return true
		}
	}
	return false
}

type tagValue struct {
	key  string
	node *template.Node
	path model.Path
}

// tagValues reads Tags in its list form ([{Key, Value}], also with
// PropagateAtLaunch) and its map form ({key: value}: SAM, SSM parameters).
func tagValues(tags *template.Node) []tagValue {
	var out []tagValue
	switch {
	case tags == nil:
	case tags.Kind == template.List:
		for i, it := range tags.Items() {
			if v := it.Get("Value"); v != nil {
				key := it.Get("Key").Text()
				if key == "" {
					key = fmt.Sprintf("#%d", i+1)
				}
				out = append(out, tagValue{key: key, node: v, path: model.Path{"Properties", "Tags", i, "Value"}})
			}
		}
	case tags.Kind == template.Map:
		if _, _, isFn := tags.Intrinsic(); isFn {
			return nil
		}
		for _, e := range tags.Entries() {
			out = append(out, tagValue{key: e.Key, node: e.Value, path: model.Path{"Properties", "Tags", e.Key}})
		}
	}
	return out
}
