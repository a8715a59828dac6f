package sam

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/template"
)

// globalsTemplate has n Globals.Function variables and n functions, each
// inheriting all of them: n² values after the merge.
func globalsTemplate(n int) string {
	var b strings.Builder
	b.WriteString("Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Runtime: python3.12\n    Environment:\n      Variables:\n")
	for i := range n {
		fmt.Fprintf(&b, "        V%d: x\n", i)
	}
	b.WriteString("Resources:\n")
	for i := range n {
		fmt.Fprintf(&b, "  F%d:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: s3://b/k, Handler: a.h}\n", i)
	}
	return b.String()
}

func TestCheckGlobalsBoundsTheMerge(t *testing.T) {
	for _, tc := range []struct {
		n       int
		refused bool
	}{{20, false}, {100, false}, {400, true}} {
		tpl, err := template.Parse("g.yaml", []byte(globalsTemplate(tc.n)))
		if err != nil {
			t.Fatal(err)
		}
		err = CheckGlobals(tpl)
		var te *template.Error
		switch {
		case !tc.refused && err != nil:
			t.Errorf("n=%d: %v", tc.n, err)
		case tc.refused && (!errors.As(err, &te) || te.Line != 3 || !strings.Contains(te.Msg, "Globals.Function")):
			t.Errorf("n=%d: want an error at Globals.Function (line 3), got %v", tc.n, err)
		}
	}
}
