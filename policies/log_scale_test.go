package policies_test

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/internal/testengine"
	"github.com/cfnvet/cfnvet/policies"
)

// logBucketResources is a template's resources (in policy input form) with
// n buckets wired the ways LOG001 and LOG002 follow: every fourth bucket is
// a log bucket, named by the others' LoggingConfiguration and by a flow
// log, a trail or a bucket policy for a log delivery service; every tenth
// other bucket has no logging and is reported.
func logBucketResources(n int) map[string]any {
	getAtt := func(id string) map[string]any {
		return map[string]any{"$unknown": "Fn::GetAtt", "ref": id, "attr": "Arn"}
	}
	ref := func(id string) map[string]any { return map[string]any{"$unknown": "Ref", "ref": id} }
	res := map[string]any{}
	for i := 0; i < n; i++ {
		logs := fmt.Sprintf("Bucket%d", i-i%4)
		props := map[string]any{"BucketName": fmt.Sprintf("bucket-%d", i)}
		if i%4 != 0 && i%10 != 1 {
			props["LoggingConfiguration"] = map[string]any{"DestinationBucketName": ref(logs)}
		}
		res[fmt.Sprintf("Bucket%d", i)] = map[string]any{"Type": "AWS::S3::Bucket", "Properties": props}
		if i%4 != 0 {
			continue
		}
		switch i % 16 {
		case 0:
			res[fmt.Sprintf("Flow%d", i)] = map[string]any{"Type": "AWS::EC2::FlowLog",
				"Properties": map[string]any{"LogDestinationType": "s3", "LogDestination": getAtt(logs)}}
		case 4:
			res[fmt.Sprintf("Trail%d", i)] = map[string]any{"Type": "AWS::CloudTrail::Trail",
				"Properties": map[string]any{"S3BucketName": fmt.Sprintf("bucket-%d", i)}}
		case 8:
			res[fmt.Sprintf("Policy%d", i)] = map[string]any{"Type": "AWS::S3::BucketPolicy",
				"Properties": map[string]any{"Bucket": ref(logs), "PolicyDocument": map[string]any{"Statement": []any{
					map[string]any{"Effect": "Allow", "Principal": map[string]any{"Service": "logging.s3.amazonaws.com"}},
				}}}}
		}
	}
	return res
}

// policyInput arranges resources the way the engine hands them to policies.
func policyInput(res map[string]any) map[string]any {
	byType := map[string]any{}
	for id, r := range res {
		typ := r.(map[string]any)["Type"].(string)
		if byType[typ] == nil {
			byType[typ] = map[string]any{}
		}
		byType[typ].(map[string]any)[id] = r
	}
	return map[string]any{"resources": res, "resources_by_type": byType,
		"options": map[string]any{"assume_aws_defaults": true}}
}

// stepCounter counts evaluation events: a measure of work that, unlike
// time, does not depend on the machine or its load.
type stepCounter struct{ n int }

func (c *stepCounter) Enabled() bool               { return true }
func (c *stepCounter) TraceEvent(topdown.Event)    { c.n++ }
func (c *stepCounter) Config() topdown.TraceConfig { return topdown.TraceConfig{} }

// evalSteps evaluates one policy's deny set over input, returning the
// number of findings and of evaluation steps.
func evalSteps(t *testing.T, pkg string, input map[string]any) (findings, steps int) {
	t.Helper()
	src := onlyLibraryAnd(t, "log/"+pkg+".rego")
	counter := &stepCounter{}
	opts := append(policy.Functions(),
		rego.Query("data.cfnvet.rules."+pkg+".deny"),
		rego.Capabilities(policy.Capabilities()),
		rego.StrictBuiltinErrors(true),
		rego.SetRegoVersion(ast.RegoV1),
		rego.Input(input),
		rego.QueryTracer(counter),
	)
	err := fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "_test.rego") {
			return err
		}
		data, err := fs.ReadFile(src.FS, p)
		if err == nil {
			opts = append(opts, rego.Module(p, string(data)))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	rs, err := rego.New(opts...).Eval(context.Background())
	if err != nil {
		t.Fatalf("%s: %v", pkg, err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		t.Fatalf("%s: unexpected result %v", pkg, rs)
	}
	deny, _ := rs[0].Expressions[0].Value.([]any)
	return len(deny), counter.n
}

// TestLogDestinationsScaleLinearly guards the cost of LOG001 and LOG002:
// they collect the template's log destinations once and look each bucket
// up, so four times the buckets must cost about four times the evaluation
// steps, never the sixteen times of comparing every bucket with every
// other. The bound is a ratio, twice the linear one.
func TestLogDestinationsScaleLinearly(t *testing.T) {
	const small, factor = 250, 4
	for _, pkg := range []string{"log001", "log002"} {
		fSmall, sSmall := evalSteps(t, pkg, policyInput(logBucketResources(small)))
		fLarge, sLarge := evalSteps(t, pkg, policyInput(logBucketResources(small*factor)))
		// The wiring repeats, so findings scale with the template too: the
		// two runs do the same kind of work.
		if fSmall == 0 || fLarge < (factor-1)*fSmall {
			t.Fatalf("%s findings: %d for %d buckets, %d for %d", pkg, fSmall, small, fLarge, small*factor)
		}
		ratio := float64(sLarge) / float64(sSmall)
		t.Logf("%s: %d buckets %d steps (%d findings), %d buckets %d steps (%d findings): ratio %.1f",
			pkg, small, sSmall, fSmall, small*factor, sLarge, fLarge, ratio)
		if ratio > 2*factor {
			t.Errorf("%s: %d× the buckets took %.1f× the evaluation steps (linear is %d×, pairwise %d×)",
				pkg, factor, ratio, factor, factor*factor)
		}
	}
}

// BenchmarkLogDestinations times LOG001 and LOG002 through the engine on
// templates of growing size (compare ns/op across sizes).
func BenchmarkLogDestinations(b *testing.B) {
	ctx := context.Background()
	eng := testengine.New(b, scan.Config{
		Policies: []policy.Source{onlyLibraryAnd(b, "log/log001.rego", "log/log002.rego")},
	})
	for _, n := range []int{500, 1000, 2000} {
		data := logBucketsYAML(n)
		b.Run(fmt.Sprintf("buckets=%d", n), func(b *testing.B) {
			for b.Loop() {
				if res := eng.ScanBytes(ctx, "buckets.yaml", data); res.Err != nil {
					b.Fatal(res.Err)
				}
			}
		})
	}
}

// logBucketsYAML is logBucketResources as a template.
func logBucketsYAML(n int) []byte {
	var b strings.Builder
	b.WriteString("Resources:\n")
	for i := 0; i < n; i++ {
		logs := fmt.Sprintf("Bucket%d", i-i%4)
		fmt.Fprintf(&b, "  Bucket%d:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: bucket-%d\n", i, i)
		if i%4 != 0 && i%10 != 1 {
			fmt.Fprintf(&b, "      LoggingConfiguration: {DestinationBucketName: !Ref %s}\n", logs)
		}
		if i%4 != 0 {
			continue
		}
		switch i % 16 {
		case 0:
			fmt.Fprintf(&b, "  Flow%d:\n    Type: AWS::EC2::FlowLog\n    Properties: {LogDestinationType: s3, LogDestination: !GetAtt %s.Arn}\n", i, logs)
		case 4:
			fmt.Fprintf(&b, "  Trail%d:\n    Type: AWS::CloudTrail::Trail\n    Properties: {S3BucketName: bucket-%d}\n", i, i)
		case 8:
			fmt.Fprintf(&b, "  Policy%d:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref %s\n"+
				"      PolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: logging.s3.amazonaws.com}}]}\n", i, logs)
		}
	}
	return []byte(b.String())
}

// onlyLibraryAnd keeps the shared library and the named rule policies.
func onlyLibraryAnd(tb testing.TB, keep ...string) policy.Source {
	tb.Helper()
	src := policies.Source()
	out := fstest.MapFS{}
	err := fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, err error) error {
		wanted := strings.HasPrefix(p, "lib/") || slices.Contains(keep, p)
		if err != nil || d.IsDir() || !wanted {
			return err
		}
		data, err := fs.ReadFile(src.FS, p)
		if err != nil {
			return err
		}
		out[p] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return policy.Source{FS: out, Name: src.Name}
}
