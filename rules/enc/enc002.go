package enc

import (
	"math/big"
	"regexp"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/rules/iam"
)

// TLSNotEnforced is ENC002.
var TLSNotEnforced = &rule.Rule{
	Meta: rule.Meta{
		ID:       "ENC002",
		Slug:     "s3-tls-not-enforced",
		Family:   rule.ENC,
		Severity: rule.Medium,
		Title:    "S3 bucket policy does not deny non-TLS requests",
		Description: "A bucket accepts plain-HTTP requests unless its bucket policy denies them. Without a Deny " +
			"statement for any principal conditioned on aws:SecureTransport false (or on s3:TlsVersion below 1.2), " +
			"object reads and writes can travel unencrypted. Only bucket policies in the same template are seen; " +
			"they are linked by a Ref to the bucket or by its literal BucketName. When a bucket policy's target " +
			"cannot be resolved, no bucket is reported. A bucket without any policy is reported on its logical id; " +
			"a linked policy without the deny is reported on its PolicyDocument.",
		Remediation: "Add an AWS::S3::BucketPolicy for the bucket with a statement Effect Deny, Principal \"*\", " +
			"Action \"s3:*\", Resource the bucket and its objects, and Condition Bool aws:SecureTransport \"false\".",
		ResourceTypes: []string{"AWS::S3::Bucket", "AWS::S3::BucketPolicy"},
		Aliases:       map[string][]string{"kics": {"38c64e76-c71e-4d92-a337-60174d1de1c9"}},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		links := bucketLinksOf(p.View)
		switch r.Type {
		case "AWS::S3::Bucket":
			if !links.unjudgeable(r) && !links.linked(r.ID) {
				p.Report(r, model.Path{}, "bucket %s has no bucket policy denying requests without TLS "+
					"(Deny when aws:SecureTransport is false)", r.ID)
			}
		case "AWS::S3::BucketPolicy":
			for _, bucket := range links.targets(r.ID) {
				if !links.enforced(bucket) {
					p.Report(r, model.Path{"Properties", "PolicyDocument"}, "bucket policy %s does not deny requests "+
						"to bucket %s made without TLS (Deny when aws:SecureTransport is false)", r.ID, bucket)
				}
			}
		}
	},
}

// linkKey names a bucket: by logical id (a Ref or GetAtt), by literal name,
// or by the unresolved text of an Fn::Sub/Join. Buckets and policies are
// joined on these keys, so the cost grows with the number of resources,
// not with buckets times policies.
type linkKey struct {
	kind, text string
}

// bucketLinks joins a view's buckets and bucket policies, once per view.
type bucketLinks struct {
	bucketKeys map[string][]linkKey // bucket id -> the keys that name it
	byKey      map[linkKey][]string // key -> the buckets it names, in template order
	policyKeys map[string][]linkKey // policy id -> the keys of its Bucket
	linkedKeys map[linkKey]bool     // keys some policy targets
	enforcing  map[linkKey]bool     // keys some policy with a possible TLS deny targets
	names      map[string]bool      // literal BucketNames
	// everyUnjudgeable: some policy's target or properties are opaque, so
	// it may be any bucket's; unmatchedLiteral: some policy names a bucket
	// by a literal that no BucketName matches.
	everyUnjudgeable, unmatchedLiteral bool
}

type bucketLinksKey struct{}

func bucketLinksOf(v *model.View) *bucketLinks {
	return v.Derived(bucketLinksKey{}, func(v *model.View) any { return newBucketLinks(v) }).(*bucketLinks)
}

func newBucketLinks(v *model.View) *bucketLinks {
	l := &bucketLinks{bucketKeys: map[string][]linkKey{}, byKey: map[linkKey][]string{}, policyKeys: map[string][]linkKey{},
		linkedKeys: map[linkKey]bool{}, enforcing: map[linkKey]bool{}, names: map[string]bool{}}
	for _, b := range v.OfType("AWS::S3::Bucket") {
		keys := append([]linkKey{{"id", b.ID}}, valueKeys(b.Prop("BucketName"), false)...)
		l.bucketKeys[b.ID] = keys
		for _, k := range keys {
			l.byKey[k] = append(l.byKey[k], b.ID)
		}
		if props, ok := knownProps(b); ok {
			if n := props.Get("BucketName"); n != nil && n.Kind == model.String {
				l.names[n.Scalar()] = true
			}
		}
	}
	policies := v.OfType("AWS::S3::BucketPolicy")
	for _, pol := range policies {
		props, ok := knownProps(pol)
		if !ok {
			l.everyUnjudgeable = true
			continue
		}
		target := props.Get("Bucket")
		if target == nil {
			continue
		}
		keys := valueKeys(target, true)
		l.policyKeys[pol.ID] = keys
		for _, k := range keys {
			l.linkedKeys[k] = true
		}
		if target.IsUnknown() && v.Resource(target.Target()) == nil && target.Fn() != "Fn::ImportValue" {
			l.everyUnjudgeable = true
		}
		if slicesContainsDeny(statements(pol, props.Get("PolicyDocument"))) {
			for _, k := range keys {
				l.enforcing[k] = true
			}
		}
	}
	for _, pol := range policies {
		if props, ok := knownProps(pol); ok {
			if t := props.Get("Bucket"); t != nil && t.Kind == model.String && !l.names[t.Scalar()] {
				l.unmatchedLiteral = true
			}
		}
	}
	return l
}

func slicesContainsDeny(sts []*model.Value) bool {
	for _, st := range sts {
		if maybeTLSDeny(st) {
			return true
		}
	}
	return false
}

// unjudgeable: no finding for a bucket that an opaque policy target may
// name, nor for one with an opaque BucketName while some policy names a
// bucket by a literal matching no BucketName.
func (l *bucketLinks) unjudgeable(b *model.Resource) bool {
	if l.everyUnjudgeable {
		return true
	}
	if !l.unmatchedLiteral {
		return false
	}
	props, ok := knownProps(b)
	return ok && props.Get("BucketName").IsUnknown()
}

func (l *bucketLinks) linked(bucket string) bool { return l.anyKey(bucket, l.linkedKeys) }

func (l *bucketLinks) enforced(bucket string) bool { return l.anyKey(bucket, l.enforcing) }

func (l *bucketLinks) anyKey(bucket string, set map[linkKey]bool) bool {
	for _, k := range l.bucketKeys[bucket] {
		if set[k] {
			return true
		}
	}
	return false
}

// targets lists the buckets a policy's Bucket names, each once.
func (l *bucketLinks) targets(policy string) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range l.policyKeys[policy] {
		for _, b := range l.byKey[k] {
			if !seen[b] {
				seen[b] = true
				out = append(out, b)
			}
		}
	}
	return out
}

// valueKeys are the keys a value names a bucket by: its logical id when it
// refers to a resource (byRef, for a policy's Bucket), the unresolved text
// of an Fn::Sub/Join, or a literal name.
func valueKeys(v *model.Value, byRef bool) []linkKey {
	var out []linkKey
	if byRef && v.IsUnknown() && v.Target() != "" {
		out = append(out, linkKey{"id", v.Target()})
	}
	if v.IsUnknown() && v.Partial() != "" {
		out = append(out, linkKey{"partial", v.Partial()})
	}
	if v != nil && v.Kind == model.String {
		out = append(out, linkKey{"name", v.Scalar()})
	}
	return out
}

// knownProps returns a resource's properties, an empty mapping (nil) when it
// has none; ok is false when they are opaque.
func knownProps(r *model.Resource) (props *model.Value, ok bool) {
	if r.Properties.IsUnknown() {
		return nil, false
	}
	return r.Properties, true
}

// statements returns the statements of a bucket policy's document, read
// as the IAM rules read documents (a mapping or a JSON string): one opaque
// value when the document or its Statement is opaque, none when it cannot
// be read. Unlike Document.Statements it keeps every item of the list: an
// opaque item may be the deny.
func statements(pol *model.Resource, doc *model.Value) []*model.Value {
	if doc.IsUnknown() {
		return []*model.Value{doc}
	}
	var out []*model.Value
	for _, d := range iam.ResourceDocuments(pol) {
		out = append(out, d.Value.Get("Statement").List()...)
	}
	return out
}

// maybeTLSDeny holds for a statement that denies every principal object
// access without TLS, or that may: an opaque statement, or one that is not
// an Allow and holds an opaque value anywhere. The specific test comes
// first, as it settles the usual statement; it reads the statement as the
// IAM rules do (iam.Statement).
func maybeTLSDeny(st *model.Value) bool {
	if st.IsUnknown() {
		return true
	}
	s := iam.Statement{Value: st}
	if st.Kind == model.Map && s.Effect() == "Deny" && len(s.PublicPrincipals()) > 0 &&
		coversObjectAccess(s) && insecureTransportCondition(s) {
		return true
	}
	if st.Kind == model.Map && s.IsAllow() {
		return false
	}
	return holdsOpaque(st)
}

// objectAccess are the actions a TLS deny must cover, one of them at least.
var objectAccess = []string{"s3:getobject", "s3:putobject"}

// coversObjectAccess reports an Action of s that matches object reads or
// writes as IAM matches actions (s3:* and * both cover s3:GetObject).
func coversObjectAccess(s iam.Statement) bool {
	for _, target := range objectAccess {
		if len(s.ActionsMatching(target)) > 0 {
			return true
		}
	}
	return false
}

// insecureTransportCondition holds when some test of s's Condition is
// aws:SecureTransport false or s3:TlsVersion below a version of at least
// 1.2.
func insecureTransportCondition(s iam.Statement) bool {
	conds, _ := s.Conditions()
	for _, c := range conds {
		key := strings.ToLower(c.Key)
		switch {
		case (c.Operator == "Bool" || c.Operator == "BoolIfExists") && key == "aws:securetransport":
			if anyOf(c.Values, (*model.Value).IsFalse) {
				return true
			}
		case (c.Operator == "NumericLessThan" || c.Operator == "NumericLessThanIfExists") && key == "s3:tlsversion":
			if anyOf(c.Values, atLeastTLS12) {
				return true
			}
		}
	}
	return false
}

func anyOf(vs []*model.Value, test func(*model.Value) bool) bool {
	for _, v := range vs {
		if test(v) {
			return true
		}
	}
	return false
}

var plainVersion = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// tls12 is 1.2, compared exactly with the version written.
var tls12 = big.NewRat(6, 5)

func atLeastTLS12(v *model.Value) bool {
	if v.Kind != model.Number && v.Kind != model.String {
		return false
	}
	text := v.Scalar()
	if v.Kind == model.Number {
		text = strings.TrimPrefix(text, "+")
	}
	if !plainVersion.MatchString(text) {
		return false
	}
	version, ok := new(big.Rat).SetString(text)
	return ok && version.Cmp(tls12) >= 0
}

// holdsOpaque reports an opaque value anywhere in v, v included.
func holdsOpaque(v *model.Value) bool {
	if v.IsUnknown() {
		return true
	}
	for _, f := range v.Fields() {
		if f.Value != nil && holdsOpaque(f.Value) {
			return true
		}
	}
	for _, it := range v.Items() {
		if it != nil && holdsOpaque(it) {
			return true
		}
	}
	return false
}
