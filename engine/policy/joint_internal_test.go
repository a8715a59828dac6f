package policy

import (
	"fmt"
	"strings"
	"testing"
)

// TestOneInputOnlyForDeployableTemplates: a template is evaluated on one
// input up to 500 resources and 1 MB of text, as CloudFormation deploys.
func TestOneInputOnlyForDeployableTemplates(t *testing.T) {
	resources := func(n int, description string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "Description: %q\nResources:\n", description)
		for i := range n {
			fmt.Fprintf(&b, "  Q%d:\n    Type: AWS::SQS::Queue\n", i)
		}
		return b.String()
	}
	for _, c := range []struct {
		name string
		src  string
		want bool
	}{
		{"small", resources(3, "x"), true},
		{"500 resources", resources(500, "x"), true},
		{"501 resources", resources(501, "x"), false},
		{"3 resources in 1.1 MB", resources(3, strings.Repeat("x", 1100<<10)), false},
	} {
		if got := onOneInput(view(t, c.src)); got != c.want {
			t.Errorf("%s: onOneInput = %v, want %v", c.name, got, c.want)
		}
	}
}
