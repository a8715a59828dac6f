package policy

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/internal/testenv"
)

// TestSharedTermsEqualTheirValues converts the properties of every
// resource of every testdata template with one cache per template, as a
// scan does, and checks each against a conversion by a cache that keeps
// no shared term (sharedLimit 0), so that nothing is shared: a
// shared scalar, Unknown, mapping or list that stood for another value
// would show here. (Building a mapping's key in the buffer its parts are
// made with once made a load balancer's "Enabled: true" read as false.)
func TestSharedTermsEqualTheirValues(t *testing.T) {
	compared, shared := 0, 0
	testenv.EachFile(t, testenv.TestdataDir(), func(path string, data []byte) {
		tpl, err := template.Parse(path, data)
		if err != nil {
			return
		}
		views, _ := resolve.Resolve(tpl, resolve.Inputs{})
		c := NewInputCache()
		seen := map[*ast.Term]bool{}
		for _, r := range views[0].Resources {
			if r.Properties == nil {
				continue
			}
			got := c.valueTerm(r.Properties)
			plain := NewInputCache()
			plain.sharedLimit = 0
			if want := plain.valueTerm(r.Properties); !got.Equal(want) || want == got {
				t.Errorf("%s: %s: shared terms give\n%v\nwant\n%v", path, r.ID, got, want)
			}
			compared++
			if seen[got] {
				shared++
			}
			seen[got] = true
		}
	}, ".yaml", ".yml", ".json", ".template")
	if compared < 1000 || shared == 0 {
		t.Fatalf("compared %d resources' properties, %d shared whole; expected the testdata fixtures", compared, shared)
	}
	t.Logf("compared %d resources' properties, %d shared whole with an earlier resource", compared, shared)
}
