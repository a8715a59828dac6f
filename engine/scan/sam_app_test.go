package scan_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/ruletest"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/rules"
)

const samApp = "../../testdata/sam-app/template.yaml"

// TestSAMApp scans a realistic SAM application (policy templates, one of
// them granting textract:* on "*", an implicit REST API, an implicit HTTP
// API, public function URLs, a secret in Globals) with every rule. Its
// `# want` annotations put each finding on the SAM line that caused it;
// the rest checks what users see besides the line: the generated resource
// SAM names, the SAM resource it came from, suppressions written on the SAM
// resource, and a Globals value reported once.
func TestSAMApp(t *testing.T) {
	f, err := ruletest.LoadFixture(samApp)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := scan.New(context.Background(), scan.Config{GoRules: rules.Go(), Policies: rules.Policies(),
		Include: []string{"IAM", "NET", "LOG", "ENC", "SEC"}, Options: rule.Options{AssumeAWSDefaults: true}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ruletest.Check(context.Background(), eng, f) {
		t.Error(p)
	}

	res := eng.ScanBytes(context.Background(), f.Name, f.Source)
	got := map[string]string{}
	fingerprints := map[string]string{}
	for _, fd := range res.Findings {
		k := fmt.Sprintf("%s %s", fd.Rule.ID, fd.Resource)
		got[k] = fmt.Sprintf("sam=%s suppressed=%v", fd.SAMResource, fd.Suppressed)
		if prev, dup := fingerprints[fd.Fingerprint]; dup {
			t.Errorf("%s and %s share a fingerprint", prev, k)
		}
		fingerprints[fd.Fingerprint] = k
	}
	want := map[string]string{
		"SEC006 CreateOrderFunction":     "sam=CreateOrderFunction suppressed=false",
		"IAM002 CreateOrderFunctionRole": "sam=CreateOrderFunction suppressed=false",
		"IAM003 CreateOrderFunctionRole": "sam=CreateOrderFunction suppressed=false",
		// The implicit API's deployment (SAM's extra "Stage" stage) and its
		// Prod stage lack logging because of one event: one finding there.
		"LOG006 ServerlessRestApiDeployment":             "sam=CreateOrderFunction suppressed=false",
		"LOG006 ServerlessHttpApiApiGatewayDefaultStage": "sam=ListOrdersFunction suppressed=false",
		// Execution logging likewise: one finding on the event for both stages.
		"LOG024 ServerlessRestApiDeployment": "sam=CreateOrderFunction suppressed=false",
		// Routes without an authorizer, reported on their API at the event.
		"IAM025 ServerlessRestApi": "sam=CreateOrderFunction suppressed=false",
		"IAM025 ServerlessHttpApi": "sam=ListOrdersFunction suppressed=false",
		// A public function URL gets two permissions from SAM: one problem.
		"IAM014 PaymentWebhookFunctionUrlPublicPermissions": "sam=PaymentWebhookFunction suppressed=false",
		"IAM014 StatusFunctionUrlPublicPermissions":         "sam=StatusFunction suppressed=true",
		"ENC029 OrdersTable":                                "sam=OrdersTable suppressed=false",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %q, want %q", k, got[k], w)
		}
	}
	secrets := 0
	for _, fd := range res.Findings {
		if fd.Rule.ID == "SEC006" {
			secrets++
		}
	}
	if secrets != 1 {
		t.Errorf("the secret in Globals is reported %d times, want once", secrets)
	}
	for _, w := range res.Warnings {
		if strings.Contains(w.Msg, "suppression") {
			t.Errorf("suppression warning: %d: %s", w.Line, w.Msg)
		}
	}
}
