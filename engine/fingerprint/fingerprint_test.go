package fingerprint_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"

	"github.com/cfnvet/cfnvet/engine/fingerprint"
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/template"
)

func view(t *testing.T, src string) *model.View {
	t.Helper()
	tpl, err := template.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	views, _ := resolve.Resolve(tpl, resolve.Inputs{})
	return views[0]
}

const (
	open22  = "        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}\n"
	open443 = "        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}\n"
	private = "        - {IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIp: 10.0.0.0/8}\n"
)

func sg(header string, ingress ...string) string {
	return header + "Resources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n" +
		"      GroupDescription: sg\n      SecurityGroupIngress:\n" + strings.Join(ingress, "")
}

// fp is the fingerprint of a NET001-like finding on the ingress entry at
// index i.
func fp(t *testing.T, src string, i int) string {
	t.Helper()
	return fingerprint.Of("NET001", view(t, src), "SG", model.Path{"Properties", "SecurityGroupIngress", i, "CidrIp"})
}

// TestFingerprintFollowsContent: inserting, removing or reordering other
// entries and moving lines leave an entry's fingerprint unchanged.
func TestFingerprintFollowsContent(t *testing.T) {
	want := fp(t, sg("", open22, open443), 0)
	other := fp(t, sg("", open22, open443), 1)
	if want == other {
		t.Fatal("two different entries share a fingerprint")
	}
	for name, c := range map[string]struct {
		src string
		at  int
	}{
		"insert above":     {sg("", private, open22, open443), 1},
		"insert below":     {sg("", open22, private, open443), 0},
		"remove sibling":   {sg("", open22), 0},
		"reorder":          {sg("", open443, open22), 1},
		"lines above":      {sg("Description: moved\n# a comment\n\n", open22, open443), 0},
		"keys reordered":   {sg("", "        - {CidrIp: 0.0.0.0/0, ToPort: 22, FromPort: 22, IpProtocol: tcp}\n", open443), 0},
		"number as string": {sg("", "        - {IpProtocol: tcp, FromPort: \"22\", ToPort: \"22\", CidrIp: 0.0.0.0/0}\n"), 0},
		"block style":      {sg("", "        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: 0.0.0.0/0\n"), 0},
	} {
		if got := fp(t, c.src, c.at); got != want {
			t.Errorf("%s: fingerprint changed: %s -> %s", name, want, got)
		}
	}
	if got := fp(t, sg("", "        - {IpProtocol: tcp, FromPort: 23, ToPort: 23, CidrIp: 0.0.0.0/0}\n"), 0); got == want {
		t.Error("changing the entry's port kept its fingerprint: it is a different finding")
	}
}

// TestFingerprintIdenticalSiblings: identical entries are told apart by
// their order among themselves only.
func TestFingerprintIdenticalSiblings(t *testing.T) {
	src := sg("", open22, open22)
	first, second := fp(t, src, 0), fp(t, src, 1)
	if first == second {
		t.Fatal("identical siblings share a fingerprint")
	}
	shifted := sg("", private, open22, open443, open22)
	if a, b := fp(t, shifted, 1), fp(t, shifted, 3); a != first || b != second {
		t.Errorf("identical siblings changed identity when other entries were added: %s %s -> %s %s", first, second, a, b)
	}
	if got := fingerprint.ContentPath(view(t, src), "SG", model.Path{"Properties", "SecurityGroupIngress", 1, "CidrIp"}); !strings.HasSuffix(got, "~1].CidrIp") {
		t.Errorf("content path of the second identical entry = %q, want a ~1 tie-breaker", got)
	}
}

// TestFingerprintPolicyStatements covers a statement inside a policy
// document written as JSON text and one in the raw Metadata section.
func TestFingerprintPolicyStatements(t *testing.T) {
	doc := func(stmts ...string) string {
		return "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: '{\"Version\":\"2012-10-17\",\"Statement\":[" +
			strings.Join(stmts, ",") + "]}'\n"
	}
	admin := `{"Effect":"Allow","Action":"*","Resource":"*"}`
	read := `{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`
	path := func(i int) model.Path { return model.Path{"Properties", "PolicyDocument", "Statement", i, "Action"} }
	want := fingerprint.Of("IAM001", view(t, doc(admin)), "P", path(0))
	if got := fingerprint.Of("IAM001", view(t, doc(read, admin)), "P", path(1)); got != want {
		t.Errorf("statement in JSON text: fingerprint changed when a statement was inserted above: %s -> %s", want, got)
	}
	twoActions := `{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}`
	swapped := `{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":"*"}`
	if a, b := fingerprint.Of("IAM003", view(t, doc(twoActions)), "P", path(0)), fingerprint.Of("IAM003", view(t, doc(read, swapped)), "P", path(1)); a != b {
		t.Errorf("reordering a statement's actions (a set) changed its identity: %s -> %s", a, b)
	}
	meta := func(items ...string) string {
		return "Resources:\n  I:\n    Type: AWS::EC2::Instance\n    Metadata:\n      Keys:\n" + strings.Join(items, "")
	}
	mpath := func(i int) model.Path { return model.Path{"Metadata", "Keys", i, "secret"} }
	want = fingerprint.Of("SEC005", view(t, meta("        - {secret: a}\n")), "I", mpath(0))
	if got := fingerprint.Of("SEC005", view(t, meta("        - {secret: b}\n", "        - {secret: a}\n")), "I", mpath(1)); got != want {
		t.Errorf("raw Metadata list: fingerprint changed when an item was inserted above: %s -> %s", want, got)
	}
}

// TestLegacyFingerprint pins the version 1 scheme that old baselines hold.
func TestLegacyFingerprint(t *testing.T) {
	path := model.Path{"Properties", "SecurityGroupIngress", 0, "CidrIp"}
	h := sha256.Sum256([]byte("NET001\x00SG\x00Properties.SecurityGroupIngress[0].CidrIp"))
	if got, want := fingerprint.Legacy("NET001", "SG", path), hex.EncodeToString(h[:16]); got != want {
		t.Errorf("Legacy = %s, want %s", got, want)
	}
	if fingerprint.Legacy("NET001", "SG", path) == fp(t, sg("", open22), 0) {
		t.Error("the content fingerprint equals the legacy one")
	}
}

// BenchmarkOneListManyFindings fingerprints a finding on each of 2,000
// entries of one list: each element's digest is computed once, so this is
// linear in the entries plus one comparison per earlier sibling.
func BenchmarkOneListManyFindings(b *testing.B) {
	var entries []string
	for i := 0; i < 2000; i++ {
		entries = append(entries, "        - {IpProtocol: tcp, FromPort: "+strconv.Itoa(i)+", ToPort: "+strconv.Itoa(i)+", CidrIp: 0.0.0.0/0}\n")
	}
	tpl, err := template.Parse("t.yaml", []byte(sg("", entries...)))
	if err != nil {
		b.Fatal(err)
	}
	views, _ := resolve.Resolve(tpl, resolve.Inputs{})
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		h := fingerprint.New(views[0])
		for i := range entries {
			h.Of("NET001", "SG", model.Path{"Properties", "SecurityGroupIngress", i, "CidrIp"})
		}
	}
}
