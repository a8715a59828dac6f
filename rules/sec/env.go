package sec

import (
	"fmt"

	"github.com/cfnvet/cfnvet/engine/template"
)

// envSecret judges one value under a name (a Lambda or ECS environment
// variable, an SSM parameter) and returns why it holds a hard-coded secret,
// or "". named says the name looks like a secret; minLen is the shortest
// literal then taken for a secret. The name alone is never enough: the
// value must be one that could be a credential (ClassifyValue).
func envSecret(ps Params, named bool, n *template.Node, minLen int) string {
	if n == nil {
		return ""
	}
	text := withoutDynamicReferences(flatten(n, 0))
	if kind := Detect(text); kind != "" {
		return fmt.Sprintf("its value contains %s %s", kind, Redact(text))
	}
	if !named {
		return ""
	}
	if n.IsScalar() {
		if ClassifyValue(n.Value()) == ClassCredential && len([]rune(n.Value())) >= minLen {
			return "a literal value " + Redact(n.Value())
		}
		return ""
	}
	if names := referencedDefaults(text, ps); len(names) > 0 {
		return fmt.Sprintf("parameter %s has a Default, which is stored in the template", names[0])
	}
	return ""
}
