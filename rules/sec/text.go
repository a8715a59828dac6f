package sec

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/internal/lazyregexp"
)

// flatten renders a raw value as the text it will become, with references
// kept as ${Name} (parameters and resources) and anything opaque as ${?}.
// Fn::If contributes both branches, one per line.
func flatten(n *template.Node, depth int) string {
	if n == nil || depth > 16 {
		return ""
	}
	if n.IsScalar() {
		return n.Value()
	}
	fn, arg, ok := n.Intrinsic()
	if !ok {
		return "${?}"
	}
	switch fn {
	case "Ref":
		return "${" + arg.Value() + "}"
	case "Fn::Base64":
		return flatten(arg, depth+1)
	case "Fn::If":
		if arg.Kind == template.List && len(arg.Items()) == 3 {
			return flatten(arg.Items()[1], depth+1) + "\n" + flatten(arg.Items()[2], depth+1)
		}
	case "Fn::Join":
		if arg.Kind == template.List && len(arg.Items()) == 2 && arg.Items()[1].Kind == template.List {
			parts := make([]string, len(arg.Items()[1].Items()))
			for i, it := range arg.Items()[1].Items() {
				parts[i] = flatten(it, depth+1)
			}
			return strings.Join(parts, arg.Items()[0].Value())
		}
	case "Fn::Sub":
		text, vars := arg, (*template.Node)(nil)
		if arg.Kind == template.List && len(arg.Items()) == 2 {
			text, vars = arg.Items()[0], arg.Items()[1]
		}
		return subVar.ReplaceAllStringFunc(text.Value(), func(m string) string {
			if v := vars.Get(m[2 : len(m)-1]); v != nil {
				return flatten(v, depth+1)
			}
			return m
		})
	}
	return "${?}"
}

var looksBase64 = lazyregexp.New(`^[A-Za-z0-9+/\s]{16,}={0,2}\s*$`)

// decodeLiteralBase64 returns the decoded text of a literal base64 user
// data string, or s itself when it is not base64 of readable text.
func decodeLiteralBase64(s string) string {
	if !looksBase64.MatchString(s) {
		return s
	}
	b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil || !utf8.Valid(b) {
		return s
	}
	return string(b)
}

// referencedDefaults returns the parameters referenced as ${Name} in text
// whose Default, stored in the template, could be a credential (SSM-typed
// ones excepted: their Default is a parameter name).
func referencedDefaults(text string, ps Params) []string {
	var out []string
	for _, m := range subVar.FindAllStringSubmatch(text, -1) {
		if p := ps[m[1]]; p != nil && p.DefaultIsCredential() && !p.SSMTyped() {
			out = append(out, p.Name)
		}
	}
	return out
}

// flatDynamicReference is a {{resolve:…}} reference in flattened text, whose
// ${Name} parts name where a secret is kept.
var flatDynamicReference = lazyregexp.New(`\{\{resolve:(?:[^{}]|\$\{[^{}]*\})*\}\}`)

// withoutDynamicReferences drops the dynamic references from flattened text:
// the secret they stand for stays in its store, and the names inside them
// are not secrets.
func withoutDynamicReferences(text string) string {
	return flatDynamicReference.ReplaceAllString(text, "")
}

// getAtt returns the logical id and attribute of a Fn::GetAtt node.
func getAtt(n *template.Node) (id, attr string) {
	fn, arg, ok := n.Intrinsic()
	if !ok || fn != "Fn::GetAtt" {
		return "", ""
	}
	if arg.Kind == template.List && len(arg.Items()) == 2 {
		return arg.Items()[0].Value(), arg.Items()[1].Value()
	}
	id, attr, _ = strings.Cut(arg.Value(), ".")
	return id, attr
}
