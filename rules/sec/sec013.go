package sec

import (
	"fmt"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/template"
)

const (
	initKey = "AWS::CloudFormation::Init"
	authKey = "AWS::CloudFormation::Authentication"
)

// InitMetadataSecret is SEC013.
var InitMetadataSecret = &rule.Rule{
	Meta: rule.Meta{
		ID:       "SEC013",
		Slug:     "cfn-init-metadata-secret",
		Family:   rule.SEC,
		Severity: rule.High,
		Title:    "Secret in CloudFormation::Init metadata",
		Description: "Resource Metadata is returned in clear by DescribeStackResource and by cfn-get-metadata to " +
			"anything on the instance, with parameters substituted: NoEcho masks a parameter in DescribeStacks, " +
			"not in Metadata. A NoEcho parameter that reaches AWS::CloudFormation::Init (files and their content, " +
			"sources, commands and their env, services, packages, users) through Ref, Fn::Sub or Fn::Join is " +
			"reported at the value that carries it, and so is one written into an AWS::CloudFormation::Authentication " +
			"block (whose literal credentials are SEC005's). A Fn::If carries a parameter only when both branches " +
			"do. A literal secret in the Init metadata is judged as in user data (SEC007): a secret shape (an AWS " +
			"access key, a private key, a known token format), an assignment such as DB_PASSWORD=… or a " +
			"secret-looking key whose literal value of at least 8 characters could be a credential, a ${Parameter} " +
			"whose Default could be one, or a URL with a password in it.",
		Remediation: "Keep the secret out of the metadata: have the instance read it at boot from Secrets Manager " +
			"or SSM SecureString with its instance role (a cfn-init command running aws secretsmanager " +
			"get-secret-value), and use role-based authentication (type S3 with roleName) for cfn-init downloads.",
		ResourceTypes: []string{rule.TemplateResources},
		Aliases:       map[string][]string{},
	},
	CheckTemplate: func(p *rule.Pass) {
		ps := viewParams(p.View)
		for _, r := range p.View.Resources {
			md := r.Metadata()
			if init := md.Get(initKey); init != nil {
				w := initWalker{pass: p, r: r, ps: ps}
				w.walk(init, model.Path{"Metadata", initKey}, "", 0)
			}
			for _, block := range md.Get(authKey).Fields() {
				for _, e := range block.Value.Fields() {
					if names := noEchoIn(ps, e.Value, 0); len(names) > 0 {
						p.Report(r, model.Path{"Metadata", authKey, block.Key, e.Key},
							"authentication %s of %s writes %s into resource metadata, which DescribeStackResource "+
								"and cfn-get-metadata return in clear: NoEcho does not mask it", block.Key, r.ID, parameterNames(names))
					}
				}
			}
		}
	},
}

// initWalker reports the secrets of one resource's Init metadata.
type initWalker struct {
	pass *rule.Pass
	r    *model.Resource
	ps   Params
}

// walk visits n, reached at path under key; a value built by an intrinsic
// function is judged as a whole and reported at its own path.
func (w initWalker) walk(n *template.Node, path model.Path, key string, depth int) {
	if n == nil || depth > 64 {
		return
	}
	if _, _, isFn := n.Intrinsic(); isFn {
		if names := noEchoIn(w.ps, n, 0); len(names) > 0 {
			w.pass.Report(w.r, path, "cfn-init metadata of %s writes %s into %s: DescribeStackResource and "+
				"cfn-get-metadata return metadata in clear, NoEcho does not mask it", w.r.ID, parameterNames(names), initPlace(path))
			return
		}
		if why := initLiteralSecret(w.ps, key, withoutDynamicReferences(flatten(n, 0))); why != "" {
			w.report(path, why)
		}
		return
	}
	switch n.Kind {
	case template.Map:
		for _, e := range n.Entries() {
			w.walk(e.Value, path.Append(e.Key), e.Key, depth+1)
		}
	case template.List:
		for i, it := range n.Items() {
			w.walk(it, path.Append(i), key, depth+1)
		}
	case template.String:
		if why := initLiteralSecret(w.ps, key, withoutDynamicReferences(n.Value())); why != "" {
			w.report(path, why)
		}
	}
}

func (w initWalker) report(path model.Path, why string) {
	w.pass.Report(w.r, path, "cfn-init metadata of %s holds a hard-coded secret in %s: %s", w.r.ID, initPlace(path), why)
}

// initPlace names a place below Metadata.AWS::CloudFormation::Init in
// messages; made only for a report, as most values walked are not one.
func initPlace(path model.Path) string { return path[2:].String() }

// initLiteralSecret judges the text of one Init value written under key: the
// user-data judgement (secret shapes, KEY=value assignments, ${Parameter}
// with a credential Default), a URL carrying a password, or a literal
// credential under a secret-looking key (an env entry, a JSON member).
func initLiteralSecret(ps Params, key, text string) string {
	if why := userDataSecret(text, ps); why != "" {
		return why
	}
	if urlScheme.MatchString(text) && urlPassword(text) {
		return "a URL with a password " + Redact(text)
	}
	if SecretLooking(key) && ClassifyValue(text) == ClassCredential && len([]rune(text)) >= 8 {
		return fmt.Sprintf("%s is a literal %s", key, Redact(text))
	}
	if names := referencedDefaults(text, ps); len(names) > 0 && SecretLooking(key) {
		return fmt.Sprintf("%s takes parameter %s, whose Default is stored in the template", key, names[0])
	}
	return ""
}
