package sec

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/template"
)

// locatorKeys are property names whose value names or points at something
// rather than holding it, beyond the endings of describingEndings.
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
//
// The walk covers the whole template, so the rules that need it share one
// result per view.
func locatorParams(v *model.View) map[string]bool {
	return v.Derived(locatorParamsKey{}, func(v *model.View) any { return findLocatorParams(v.Template) }).(map[string]bool)
}

type locatorParamsKey struct{}

// viewParams returns the view's template parameters, read once per view:
// most SEC rules judge values against them, resource by resource.
func viewParams(v *model.View) Params {
	return v.Derived(paramsKey{}, func(v *model.View) any { return ParamsOf(v.Template) }).(Params)
}

type paramsKey struct{}

func findLocatorParams(t *template.Template) map[string]bool {
	out := map[string]bool{}
	anySecretLooking := false
	for _, e := range t.Section("Parameters").Fields() {
		anySecretLooking = anySecretLooking || SecretLooking(e.Key)
	}
	if !anySecretLooking {
		return out // nothing to deselect: skip the walk
	}
	w := &useWalker{uses: paramUses{}, locatorKey: map[string]bool{}}
	for _, section := range []string{"Resources", "Outputs"} {
		for _, e := range t.Section(section).Fields() {
			w.collect(e.Value, e.Key, false, 0)
		}
	}
	for name, locator := range w.uses {
		if locator {
			out[name] = true
		}
	}
	return out
}

// useWalker walks a template recording parameter uses.
type useWalker struct {
	uses       paramUses
	locatorKey map[string]bool // memo: matching every key of a large template is slow
}

// isLocatorKey reports a property name that says its value names something.
func (w *useWalker) isLocatorKey(key string) bool {
	v, ok := w.locatorKey[key]
	if !ok {
		v = locatorKeys[key] || describesSecret(separators.Replace(key))
		w.locatorKey[key] = v
	}
	return v
}

func (w *useWalker) collect(n *template.Node, key string, locator bool, depth int) {
	if n == nil || depth > 64 {
		return
	}
	if fn, arg, ok := n.Intrinsic(); ok {
		switch fn {
		case "Ref":
			w.uses.add(arg.Value(), locator || w.isLocatorKey(key))
			return
		case "Fn::ImportValue":
			w.collect(arg, key, true, depth+1)
			return
		case "Fn::Sub":
			w.collectSub(arg, key, locator || w.isLocatorKey(key), depth)
			return
		case "Fn::Join":
			if arg.Kind == template.List && len(arg.Items()) == 2 && arg.Items()[1].Kind == template.List {
				literal := joinedLiteral(arg.Items()[1])
				builds := strings.HasPrefix(literal, "arn:") || strings.Contains(literal, "{{resolve:")
				w.collect(arg.Items()[1], key, locator || builds, depth+1)
				return
			}
		}
		w.collect(arg, key, locator, depth+1)
		return
	}
	switch n.Kind {
	case template.Map:
		for _, e := range n.Entries() {
			w.collect(e.Value, e.Key, locator, depth+1)
		}
	case template.List:
		for _, it := range n.Items() {
			w.collect(it, key, locator, depth+1)
		}
	}
}

// collectSub records the ${Name} uses of a Fn::Sub: a name inside a
// dynamic reference, or in text that builds an ARN, names a secret.
func (w *useWalker) collectSub(arg *template.Node, key string, locator bool, depth int) {
	text, vars := arg, (*template.Node)(nil)
	if arg.Kind == template.List && len(arg.Items()) == 2 {
		text, vars = arg.Items()[0], arg.Items()[1]
	}
	if !text.IsScalar() {
		return
	}
	builds := locator || strings.HasPrefix(strings.TrimSpace(text.Value()), "arn:")
	inReference := map[string]bool{}
	for _, ref := range flatDynamicReference.FindAllString(text.Value(), -1) {
		for _, m := range subVar.FindAllStringSubmatch(ref, -1) {
			inReference[m[1]] = true
		}
	}
	for _, m := range subVar.FindAllStringSubmatch(text.Value(), -1) {
		name := m[1]
		asLocator := builds || inReference[name]
		if v := vars.Get(name); v != nil {
			w.collect(v, key, asLocator, depth+1)
			continue
		}
		if !strings.Contains(name, ".") {
			w.uses.add(name, asLocator)
		}
	}
}

func joinedLiteral(items *template.Node) string {
	var b strings.Builder
	for _, it := range items.Items() {
		if it.IsScalar() {
			b.WriteString(it.Value())
		}
	}
	return b.String()
}
