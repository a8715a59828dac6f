package scan_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/internal/hostile"
)

// FuzzScanBytes runs the whole pipeline — load, resolve, every Go rule and
// Rego policy, locate, suppress — on arbitrary input. ScanBytes turns a
// panic into an "internal error" result; the fuzzer fails on one.
func FuzzScanBytes(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/rules/*/*.yaml")
	for i, p := range seeds {
		if i%4 != 0 { // a spread of shapes is enough to start from
			continue
		}
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"Resources": {"A": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"SecurityGroupIngress": [{"CidrIp": {"Fn::If": ["c", "0.0.0.0/0", {"Ref": "AWS::NoValue"}]}, "IpProtocol": -1}]}}}}`))
	for _, doc := range sectionShapes() {
		f.Add([]byte(doc))
	}
	for _, sh := range hostile.Shapes() {
		f.Add(sh.Seed())
	}
	eng := newEngine(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		res := eng.ScanBytes(context.Background(), "fuzz.yaml", data)
		if res.Err != nil && strings.Contains(res.Err.Msg, "internal error") {
			t.Fatalf("panic in the pipeline: %s", res.Err.Msg)
		}
		for _, fd := range res.Findings {
			if fd.Range.Line < 1 || fd.Range.Col < 1 {
				t.Fatalf("%s finding without a position", fd.Rule.ID)
			}
		}
	})
}
