package scan_test

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/testengine"
	"github.com/cfnvet/cfnvet/policies"
	"github.com/cfnvet/cfnvet/rules"
)

// oneDAXCluster holds a resource type exactly one Rego policy (ENC018)
// looks at, so every other policy has nothing to do.
const oneDAXCluster = `Resources:
  Cache:
    Type: AWS::DAX::Cluster
    Properties:
      IAMRoleARN: arn:aws:iam::111122223333:role/dax
      NodeType: dax.r5.large
      ReplicationFactor: 3
      SSESpecification: {SSEEnabled: true}
`

// onlyLibraryAndOne keeps the shared library and one rule policy.
func onlyLibraryAndOne(b *testing.B, keep string) policy.Source {
	b.Helper()
	src := policies.Source()
	out := fstest.MapFS{}
	err := fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if len(p) > 4 && p[:4] == "lib/" || p == keep {
			data, err := fs.ReadFile(src.FS, p)
			if err != nil {
				return err
			}
			out[p] = &fstest.MapFile{Data: data}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return policy.Source{FS: out, Name: "policies"}
}

// BenchmarkPolicyDispatch scans a template holding one DAX cluster with
// every Rego policy loaded and with only the one that applies (ENC018):
// policies look resources up by type, so the dozens of policies whose types
// are absent should add little (compare the two ns/op).
func BenchmarkPolicyDispatch(b *testing.B) {
	for _, c := range []struct {
		name    string
		sources []policy.Source
	}{
		{"all-policies", rules.Policies()},
		{"one-policy", []policy.Source{onlyLibraryAndOne(b, "enc/enc018.rego")}},
	} {
		b.Run(c.name, func(b *testing.B) {
			eng := testengine.New(b, scan.Config{GoRules: rules.Go(), Policies: c.sources,
				Options: rule.Options{AssumeAWSDefaults: true}})
			data := []byte(oneDAXCluster)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				eng.ScanBytes(context.Background(), "dax.yaml", data)
			}
		})
	}
}
