package sec

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/template"
)

// locatorKeys are property names whose value names or points at something
// rather than holding it, beyond the endings of notASecret.
var locatorKeys = map[string]bool{"Resource": true, "NotResource": true, "ValueFrom": true, "Export": true}

// paramUses records, per parameter, whether every use names a secret (a
// stack, an ARN, an export) rather than supplying one.
type paramUses map[string]bool

func (u paramUses) add(name string, locator bool) {
	if seen, ok := u[name]; ok {
		u[name] = seen && locator
		return
	}
	u[name] = locator
}

// locatorParams returns the parameters that are used, and used only, where
// a value names something: inside a {{resolve:…}} reference, as the
// argument of Fn::ImportValue, in a Fn::Sub or Fn::Join that builds an ARN,
// or under a property whose name says it holds a name, ARN or id (SecretId,
// KmsKeyId, DB_SECRET_ARN, Resource, ValueFrom). Such a parameter holds the
// name of a secret, not a credential, whatever it is called.
func locatorParams(t *template.Template) map[string]bool {
	uses := paramUses{}
	for _, section := range []string{"Resources", "Outputs"} {
		for _, e := range t.Section(section).Fields() {
			collectUses(uses, e.Value, e.Key, false, 0)
		}
	}
	out := map[string]bool{}
	for name, locator := range uses {
		if locator {
			out[name] = true
		}
	}
	return out
}

func isLocatorKey(key string) bool {
	return locatorKeys[key] || notASecret.MatchString(separators.Replace(key))
}

func collectUses(uses paramUses, n *template.Node, key string, locator bool, depth int) {
	if n == nil || depth > 64 {
		return
	}
	here := locator || isLocatorKey(key)
	if fn, arg, ok := n.Intrinsic(); ok {
		switch fn {
		case "Ref":
			uses.add(arg.Value, here)
			return
		case "Fn::ImportValue":
			collectUses(uses, arg, key, true, depth+1)
			return
		case "Fn::Sub":
			collectSubUses(uses, arg, key, here, depth)
			return
		case "Fn::Join":
			if arg.Kind == template.List && len(arg.Items) == 2 && arg.Items[1].Kind == template.List {
				literal := joinedLiteral(arg.Items[1])
				builds := strings.HasPrefix(literal, "arn:") || strings.Contains(literal, "{{resolve:")
				collectUses(uses, arg.Items[1], key, here || builds, depth+1)
				return
			}
		}
		collectUses(uses, arg, key, locator, depth+1)
		return
	}
	switch n.Kind {
	case template.Map:
		for _, e := range n.Entries {
			collectUses(uses, e.Value, e.Key, locator, depth+1)
		}
	case template.List:
		for _, it := range n.Items {
			collectUses(uses, it, key, locator, depth+1)
		}
	}
}

// collectSubUses records the ${Name} uses of a Fn::Sub: a name inside a
// dynamic reference, or in text that builds an ARN, names a secret.
func collectSubUses(uses paramUses, arg *template.Node, key string, locator bool, depth int) {
	text, vars := arg, (*template.Node)(nil)
	if arg.Kind == template.List && len(arg.Items) == 2 {
		text, vars = arg.Items[0], arg.Items[1]
	}
	if !text.IsScalar() {
		return
	}
	builds := locator || strings.HasPrefix(strings.TrimSpace(text.Value), "arn:")
	inReference := map[string]bool{}
	for _, ref := range flatDynamicReference.FindAllString(text.Value, -1) {
		for _, m := range subVar.FindAllStringSubmatch(ref, -1) {
			inReference[m[1]] = true
		}
	}
	for _, m := range subVar.FindAllStringSubmatch(text.Value, -1) {
		name := m[1]
		asLocator := builds || inReference[name]
		if v := vars.Get(name); v != nil {
			collectUses(uses, v, key, asLocator, depth+1)
			continue
		}
		if !strings.Contains(name, ".") {
			uses.add(name, asLocator)
		}
	}
}

func joinedLiteral(items *template.Node) string {
	var b strings.Builder
	for _, it := range items.Items {
		if it.IsScalar() {
			b.WriteString(it.Value)
		}
	}
	return b.String()
}
