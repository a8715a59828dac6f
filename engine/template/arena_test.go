package template_test

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/template"
	"github.com/cfnvet/cfnvet/internal/synth"
)

func liveHeap() int64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64())
}

// TestReleasedPropertiesFreeTheirMemory: the reader allocates the nodes,
// entries and items of resources' Properties in chunks of their own, so
// releasing them (Template.ReleaseResourceProperties) frees those chunks
// whole. A node of the kept skeleton (a resource, its Type, a Metadata
// value) in a properties chunk would keep the chunk, and so most of the
// tree, alive: allocating each resource's mapping with its properties
// keeps all of either template (checked, the YAML reader's and the JSON
// parser's).
func TestReleasedPropertiesFreeTheirMemory(t *testing.T) {
	for _, c := range []struct {
		name string
		data func() []byte
	}{{"synth.yaml", func() []byte { return synth.Template(2000) }}, {"cdk.json", func() []byte { return jsonTemplate(2000) }}} {
		t.Run(c.name, func(t *testing.T) {
			data := c.data()
			before := liveHeap()
			tpl, err := template.Parse(c.name, data)
			if err != nil {
				t.Fatal(err)
			}
			parsed := liveHeap() - before
			tpl.ReleaseResourceProperties()
			released := liveHeap() - before
			runtime.KeepAlive(tpl)
			runtime.KeepAlive(data)
			t.Logf("%d KiB parsed (the text %d KiB), %d KiB once the properties are released", parsed>>10, len(data)>>10, released>>10)
			if released*2 > parsed {
				t.Errorf("%d KiB of %d KiB are still held once the resources' properties are released; want at most half", released>>10, parsed>>10)
			}
		})
	}
}

// jsonTemplate is a JSON template of n buckets with nested properties and
// metadata, as CDK writes them.
func jsonTemplate(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"Resources": {`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `
  "Bucket%d": {"Type": "AWS::S3::Bucket", "Metadata": {"aws:cdk:path": "Stack/Bucket%d/Resource"},
    "Properties": {"BucketName": "bucket-%d", "Tags": [{"Key": "team", "Value": "t%d"}, {"Key": "env", "Value": "prod"}],
      "BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": {"Fn::GetAtt": ["Key%d", "Arn"]}}}]},
      "VersioningConfiguration": {"Status": "Enabled"}}}`, i, i, i, i, i)
	}
	b.WriteString("}}\n")
	return []byte(b.String())
}
