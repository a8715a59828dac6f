package iam

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/internal/lazyregexp"
	"github.com/cfnvet/cfnvet/rules/iam/iamdata"
)

// DocKind says what a policy document governs.
type DocKind uint8

// Policy document kinds (rules.md §0.3 policy sites).
const (
	IdentityPolicy DocKind = iota + 1 // what a principal may do
	TrustPolicy                       // who may assume a role
	ResourcePolicy                    // who may use a resource
)

// Document is one IAM policy document found in a resource.
type Document struct {
	Kind  DocKind
	Path  model.Path // where the document is, from the resource
	Value *model.Value
	// Label names the document in messages when a resource holds several
	// (`policy "read-only"`); empty otherwise.
	Label string
	// FromString is set when the document was a JSON string. The engine
	// locates its elements inside the string when the string is a literal,
	// else at the property.
	FromString bool
	// Origin is the provenance of a JSON string document (a parameter
	// default substituted into Fn::Sub, …).
	Origin []model.Provenance
	// statements are Statements, once read.
	statements []Statement
	read       bool
}

// Statement is one normalised statement of a document.
type Statement struct {
	Doc   *Document
	Index int
	Path  model.Path
	Value *model.Value
	// elements are the lists Elements has made, by key, shared by the
	// copies of a statement read from a document (nil otherwise: then
	// Elements makes them on every call).
	elements *[]keyedElements
}

// keyedElements are the Elements of one key.
type keyedElements struct {
	key      string
	elements []Element
}

// Element is one value of a statement's Action, Resource, … list.
type Element struct {
	Value *model.Value
	Path  model.Path
}

// Name identifies a statement in messages: the document label, then the
// statement's Sid, else its position.
func (s Statement) Name() string {
	prefix := ""
	if s.Doc != nil && s.Doc.Label != "" {
		prefix = s.Doc.Label + " "
	}
	if sid, ok := s.Value.Get("Sid").Str(); ok && sid != "" {
		return fmt.Sprintf("%sstatement %q", prefix, sid)
	}
	return fmt.Sprintf("%sstatement #%d", prefix, s.Index+1)
}

// Effect returns the statement's effect when it is known; CloudFormation and
// IAM compare it exactly.
func (s Statement) Effect() string {
	e, _ := s.Value.Get("Effect").Str()
	return e
}

// IsAllow reports whether the statement's Effect is known to be Allow.
// Deny statements never fire allow-oriented rules.
func (s Statement) IsAllow() bool { return s.Effect() == "Allow" }

// Elements returns the values of key ("Action", "Resource", …) as a list,
// accepting the string and list forms. A statement read from a document
// makes each key's list once for every rule reading it.
func (s Statement) Elements(key string) []Element {
	if s.elements == nil {
		return s.readElements(key)
	}
	for _, k := range *s.elements {
		if k.key == key {
			return slices.Clip(k.elements)
		}
	}
	out := s.readElements(key)
	*s.elements = append(*s.elements, keyedElements{key, out})
	return slices.Clip(out)
}

func (s Statement) readElements(key string) []Element {
	v := s.Value.Get(key)
	if v == nil {
		return nil
	}
	base := s.Path.Append(key)
	if v.Kind != model.List {
		return []Element{{Value: v, Path: base}}
	}
	out := make([]Element, len(v.Items()))
	paths := itemPaths(base, len(v.Items()))
	for i, it := range v.Items() {
		out[i] = Element{Value: it, Path: paths[i]}
	}
	return out
}

// itemPaths returns base.Append(i) for every i below n, from one
// allocation; each path's capacity ends at its length, so appending to one
// copies it rather than writing into the next.
func itemPaths(base model.Path, n int) []model.Path {
	width := len(base) + 1
	backing := make(model.Path, n*width)
	out := make([]model.Path, n)
	for i := range out {
		p := backing[i*width : (i+1)*width : (i+1)*width]
		copy(p, base)
		p[width-1] = i
		out[i] = p
	}
	return out
}

// Has reports whether key is present in the statement (an opaque value
// counts as present).
func (s Statement) Has(key string) bool { return s.Value.Get(key) != nil }

// HasNonEmpty reports whether key is present and known not to be empty. An
// opaque value counts only when its function always yields one string (an
// ARN built with Fn::Sub); a parameter or Fn::If may be an empty list.
func (s Statement) HasNonEmpty(key string) bool {
	v := s.Value.Get(key)
	if v.IsUnknown() {
		return singleString[v.Fn()]
	}
	return v != nil && (v.Kind != model.List || len(v.Items()) > 0)
}

// singleString lists the intrinsics whose result is always one string.
var singleString = map[string]bool{"Fn::Sub": true, "Fn::Join": true, "Fn::GetAtt": true,
	"Fn::ImportValue": true, "Fn::Base64": true, "dynamic-reference": true}

// AnyResourceWildcard reports a Resource element that is exactly "*".
func (s Statement) AnyResourceWildcard() bool {
	for _, res := range s.Elements("Resource") {
		if isWildcardResource(res.Value) {
			return true
		}
	}
	return false
}

// ActionsMatching returns the known Action elements that grant action
// (case-insensitive glob match of the element against the action name).
func (s Statement) ActionsMatching(action string) []Element {
	var out []Element
	for _, a := range s.Elements("Action") {
		if pat, ok := a.Value.Str(); ok && actionGlobMatches(pat, action) {
			out = append(out, a)
		}
	}
	return out
}

// ActionSummary renders the known actions of a statement for messages,
// at most three of them.
func (s Statement) ActionSummary() string {
	var names []string
	for _, a := range s.Elements("Action") {
		if n, ok := a.Value.Str(); ok {
			names = append(names, n)
		}
	}
	switch {
	case len(names) == 0:
		return "its actions (not resolvable)"
	case len(names) > 3:
		return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
	}
	return strings.Join(names, ", ")
}

// GrantsFullAdmin reports an Allow statement with Action "*" on Resource
// "*" (IAM001); narrower rules skip such statements.
func (s Statement) GrantsFullAdmin() bool {
	if !s.IsAllow() || !s.AnyResourceWildcard() {
		return false
	}
	for _, a := range s.Elements("Action") {
		if isFullWildcardAction(a.Value) {
			return true
		}
	}
	return false
}

// Principal is one principal value of a statement: Type is "" for the
// string form (`Principal: "*"`), else the key (AWS, Service, Federated,
// CanonicalUser).
type Principal struct {
	Type  string
	Value *model.Value
	Path  model.Path
}

// Principals normalises the statement's Principal (string or mapping of
// string or list).
func (s Statement) Principals() []Principal {
	v := s.Value.Get("Principal")
	if v == nil {
		return nil
	}
	base := s.Path.Append("Principal")
	if v.Kind != model.Map {
		return []Principal{{Value: v, Path: base}}
	}
	var out []Principal
	for _, f := range v.Fields() {
		p := base.Append(f.Key)
		if f.Value.Kind != model.List {
			out = append(out, Principal{Type: f.Key, Value: f.Value, Path: p})
			continue
		}
		for i, it := range f.Value.Items() {
			out = append(out, Principal{Type: f.Key, Value: it, Path: p.Append(i)})
		}
	}
	return out
}

// PublicPrincipals returns the wildcard principals: `"*"` or `"*"` for the
// AWS key. Principal ARNs cannot hold partial wildcards, so these are the
// only public forms (rules.md §0.3).
func (s Statement) PublicPrincipals() []Principal {
	var out []Principal
	for _, p := range s.Principals() {
		if str, ok := p.Value.Str(); ok && strings.TrimSpace(str) == "*" && (p.Type == "" || p.Type == "AWS") {
			out = append(out, p)
		}
	}
	return out
}

// Condition is one key test of a statement's Condition block.
type Condition struct {
	Operator string // as written: "ForAnyValue:StringEquals"
	Key      string
	Values   []*model.Value
}

// Conditions flattens the Condition block. known is false when the block
// (or an operator's body) is opaque, so callers can stay silent.
func (s Statement) Conditions() (conds []Condition, known bool) {
	v := s.Value.Get("Condition")
	if v == nil {
		return nil, true
	}
	if v.Kind != model.Map {
		return nil, false
	}
	known = true
	for _, op := range v.Fields() {
		if op.Value.Kind != model.Map {
			known = false
			continue
		}
		for _, k := range op.Value.Fields() {
			conds = append(conds, Condition{Operator: op.Key, Key: k.Key, Values: k.Value.List()})
		}
	}
	return conds, known
}

// restrictingKeys are the condition keys that tie a wildcard principal to
// an account, organisation, source or network (rules.md §0.3, modelled on
// IAM Access Analyzer's notion of "not public"). Lower-case: IAM condition
// keys are case-insensitive.
var restrictingKeys = map[string]bool{
	"aws:principalorgid": true, "aws:principalorgpaths": true, "aws:principalaccount": true,
	"aws:principalarn": true, "aws:sourceaccount": true, "aws:sourceowner": true, "aws:sourcearn": true,
	"aws:sourceorgid": true, "aws:sourceip": true, "aws:sourcevpc": true, "aws:sourcevpce": true,
	"aws:userid": true, "sts:externalid": true, "kms:calleraccount": true,
	// Delegation to access points of one account (AWS's documented bucket
	// policy for access points); Access Analyzer treats it as not public.
	"s3:dataaccesspointaccount": true, "s3:dataaccesspointarn": true,
}

// positiveOperators narrow who matches; negated and …IfExists operators do
// not (an absent key satisfies them).
var positiveOperators = map[string]bool{
	"stringequals": true, "stringequalsignorecase": true, "stringlike": true,
	"arnequals": true, "arnlike": true, "ipaddress": true,
}

// IsPositive reports an operator that only matches requests carrying a
// matching value, with or without a ForAnyValue:/ForAllValues: qualifier.
func (c Condition) IsPositive() bool {
	op := strings.ToLower(c.Operator)
	op = strings.TrimPrefix(strings.TrimPrefix(op, "foranyvalue:"), "forallvalues:")
	return positiveOperators[op]
}

// restricts reports a positive test whose values are not all wildcards; an
// opaque value counts as restricting (Unknown never produces a finding).
func (c Condition) restricts() bool {
	if !c.IsPositive() || len(c.Values) == 0 {
		return false
	}
	for _, v := range c.Values {
		s, ok := v.Str()
		if !ok {
			return true
		}
		s = strings.TrimSpace(s)
		if s != "*" && s != "" && !isWorldCIDR(s) {
			return true
		}
	}
	return false
}

// RestrictsPrincipal reports whether the statement's Condition keeps a
// wildcard principal from being public. An opaque Condition counts as
// restricting.
func (s Statement) RestrictsPrincipal() bool {
	conds, known := s.Conditions()
	if !known {
		return true
	}
	for _, c := range conds {
		if restrictingKeys[strings.ToLower(c.Key)] && c.restricts() {
			return true
		}
	}
	return false
}

func isWorldCIDR(s string) bool {
	p, err := netip.ParsePrefix(s)
	return err == nil && p.Bits() == 0
}

// Statements normalises a document's Statement (object or list), once per
// document: the rules of a resource share its documents (documentsOf).
func (d *Document) Statements() []Statement {
	if !d.read {
		d.statements, d.read = d.readStatements(), true
	}
	return slices.Clip(d.statements)
}

func (d *Document) readStatements() []Statement {
	st := d.Value.Get("Statement")
	if st == nil {
		return nil
	}
	base := d.Path.Append("Statement")
	if st.Kind == model.Map {
		return []Statement{{Doc: d, Index: 0, Path: base, Value: st, elements: new([]keyedElements)}}
	}
	if st.Kind != model.List {
		return nil
	}
	var out []Statement
	paths := itemPaths(base, len(st.Items()))
	for i, it := range st.Items() {
		if it.Kind == model.Map {
			out = append(out, Statement{Doc: d, Index: i, Path: paths[i], Value: it, elements: new([]keyedElements)})
		}
	}
	return out
}

// AllowStatements returns the Allow statements of the documents.
func AllowStatements(docs []*Document) []Statement {
	var out []Statement
	for _, d := range docs {
		for _, st := range d.Statements() {
			if st.IsAllow() {
				out = append(out, st)
			}
		}
	}
	return out
}

// docAt interprets a value as a policy document: a mapping, or a JSON
// string (also one built by Fn::Sub/Fn::Join) parsed into values that all
// point at the string. In a partly resolved string, every JSON string that
// still holds a `${…}` placeholder is Unknown.
func docAt(kind DocKind, v *model.Value, path model.Path) *Document {
	if v == nil {
		return nil
	}
	var text string
	partial := false
	switch {
	case v.Kind == model.Map:
		return &Document{Kind: kind, Path: path, Value: v}
	case v.Kind == model.String:
		text = v.Scalar()
	case v.Kind == model.Unknown && v.Partial() != "":
		text, partial = v.Partial(), true
	default:
		return nil
	}
	var raw any
	if err := json.Unmarshal([]byte(text), &raw); err != nil {
		return nil
	}
	parsed := fromJSON(raw, v, partial)
	if parsed.Kind != model.Map {
		return nil
	}
	return &Document{Kind: kind, Path: path, Value: parsed, FromString: true, Origin: v.Prov()}
}

func fromJSON(raw any, at *model.Value, partial bool) *model.Value {
	out := &model.Value{Src: at.Src, Detail: model.ProvDetail(at.Prov())}
	switch x := raw.(type) {
	case map[string]any:
		out.Kind = model.Map
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fields := make([]model.Field, 0, len(keys))
		for _, k := range keys {
			fields = append(fields, model.Field{Key: k, KeyRange: at.Src, Value: fromJSON(x[k], at, partial)})
		}
		out.SetFields(fields)
	case []any:
		out.Kind = model.List
		items := make([]*model.Value, 0, len(x))
		for _, it := range x {
			items = append(items, fromJSON(it, at, partial))
		}
		out.SetItems(items)
	case string:
		if (partial && strings.Contains(x, "${")) || strings.Contains(x, "{{resolve:") {
			out.Kind, out.Edit().Fn, out.Edit().Partial = model.Unknown, at.Fn(), x
			break
		}
		out.Kind = model.String
		out.SetScalar(x)
	case bool:
		out.Kind = model.Bool
		out.SetScalar(strconv.FormatBool(x))
	case float64:
		out.Kind = model.Number
		out.SetScalar(strconv.FormatFloat(x, 'f', -1, 64))
	default:
		out.Kind = model.Null
	}
	return out
}

// IdentityDocuments returns the identity-policy documents of a resource
// (rules.md §0.3 policy sites).
func IdentityDocuments(r *model.Resource) []*Document {
	var out []*Document
	add := func(v *model.Value, path model.Path, label string) {
		if d := docAt(IdentityPolicy, v, path); d != nil {
			d.Label = label
			out = append(out, d)
		}
	}
	switch r.Type {
	case "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group":
		pols := r.Prop("Policies").List()
		for i, p := range pols {
			label := ""
			if name, ok := p.Get("PolicyName").Str(); ok && len(pols) > 1 {
				label = fmt.Sprintf("policy %q", name)
			}
			add(p.Get("PolicyDocument"), model.Path{"Properties", "Policies", i, "PolicyDocument"}, label)
		}
	case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy":
		add(r.Prop("PolicyDocument"), model.Path{"Properties", "PolicyDocument"}, "")
	case "AWS::SSO::PermissionSet":
		add(r.Prop("InlinePolicy"), model.Path{"Properties", "InlinePolicy"}, "")
	}
	return out
}

// TrustTypes are the resource types with a role trust policy. A SAM
// function's AssumeRolePolicyDocument reaches rules as the trust policy of
// the role the SAM transform generates for it.
var TrustTypes = []string{"AWS::IAM::Role"}

// TrustDocuments returns a role's trust policy.
func TrustDocuments(r *model.Resource) []*Document {
	if !slices.Contains(TrustTypes, r.Type) {
		return nil
	}
	if d := docAt(TrustPolicy, r.Prop("AssumeRolePolicyDocument"), model.Path{"Properties", "AssumeRolePolicyDocument"}); d != nil {
		d.Label = "trust policy"
		return []*Document{d}
	}
	return nil
}

// resourcePolicyProperty is the property holding the resource-based policy
// of each type that has one (rules.md IAM012).
var resourcePolicyProperty = map[string]string{
	"AWS::S3::BucketPolicy":               "PolicyDocument",
	"AWS::SQS::QueuePolicy":               "PolicyDocument",
	"AWS::SQS::QueueInlinePolicy":         "PolicyDocument",
	"AWS::SNS::TopicPolicy":               "PolicyDocument",
	"AWS::SNS::TopicInlinePolicy":         "PolicyDocument",
	"AWS::KMS::Key":                       "KeyPolicy",
	"AWS::KMS::ReplicaKey":                "KeyPolicy",
	"AWS::ECR::Repository":                "RepositoryPolicyText",
	"AWS::SecretsManager::ResourcePolicy": "ResourcePolicy",
	"AWS::OpenSearchService::Domain":      "AccessPolicies",
	"AWS::Elasticsearch::Domain":          "AccessPolicies",
	"AWS::EFS::FileSystem":                "FileSystemPolicy",
	"AWS::S3::AccessPoint":                "Policy",
	"AWS::Logs::ResourcePolicy":           "PolicyDocument",
}

// ResourcePolicyTypes are the resource types with a resource-based policy.
var ResourcePolicyTypes = []string{
	"AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SQS::QueueInlinePolicy", "AWS::SNS::TopicPolicy",
	"AWS::SNS::TopicInlinePolicy", "AWS::KMS::Key", "AWS::KMS::ReplicaKey", "AWS::ECR::Repository",
	"AWS::SecretsManager::ResourcePolicy", "AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain",
	"AWS::EFS::FileSystem", "AWS::S3::AccessPoint", "AWS::Logs::ResourcePolicy",
}

// ResourceDocuments returns a resource's resource-based policy.
func ResourceDocuments(r *model.Resource) []*Document {
	prop, ok := resourcePolicyProperty[r.Type]
	if !ok {
		return nil
	}
	if d := docAt(ResourcePolicy, r.Prop(prop), model.Path{"Properties", prop}); d != nil {
		return []*Document{d}
	}
	return nil
}

// docSets selects kinds of a resource's policy documents, in the order
// they are listed: identity, trust, resource-based, then IoT.
type docSets uint8

const (
	identityDocs docSets = 1 << iota
	trustDocs
	resourceDocs
	iotDocs
)

// documents returns the documents of r the sets select, in order.
func (sets docSets) documents(r *model.Resource) []*Document {
	var out []*Document
	for _, s := range []struct {
		set  docSets
		docs func(*model.Resource) []*Document
	}{{identityDocs, IdentityDocuments}, {trustDocs, TrustDocuments}, {resourceDocs, ResourceDocuments}, {iotDocs, IoTDocuments}} {
		if sets&s.set != 0 {
			out = append(out, s.docs(r)...)
		}
	}
	return out
}

// sharedKey identifies what documentsOf and allowStatementsOf derive from
// one resource.
type sharedKey struct {
	r     *model.Resource
	sets  docSets
	allow bool
}

// documentsOf returns the documents of r the sets select, derived once for
// all the rules that check r (rule.Pass.Shared), statements included.
func documentsOf(p *rule.Pass, r *model.Resource, sets docSets) []*Document {
	docs := p.Shared(sharedKey{r: r, sets: sets}, func() any { return sets.documents(r) }).([]*Document)
	return slices.Clip(docs)
}

// allowStatementsOf is AllowStatements of documentsOf.
func allowStatementsOf(p *rule.Pass, r *model.Resource, sets docSets) []Statement {
	sts := p.Shared(sharedKey{r: r, sets: sets, allow: true}, func() any {
		var docs []*Document
		for _, set := range []docSets{identityDocs, trustDocs, resourceDocs, iotDocs} {
			if sets&set != 0 {
				docs = append(docs, documentsOf(p, r, set)...)
			}
		}
		return AllowStatements(docs)
	}).([]Statement)
	return slices.Clip(sts)
}

// AllDocuments returns every policy document of a resource.
func AllDocuments(r *model.Resource) []*Document {
	out := IdentityDocuments(r)
	out = append(out, TrustDocuments(r)...)
	return append(out, ResourceDocuments(r)...)
}

// PolicyTarget names what a resource policy governs, following the
// resource graph (BucketPolicy.Bucket, QueuePolicy.Queues, …), for
// messages: ` on bucket DataBucket`. Empty when the policy is part of the
// resource itself or the target is unknown.
func PolicyTarget(r *model.Resource) string {
	var noun string
	var refs []*model.Value
	switch r.Type {
	case "AWS::S3::BucketPolicy":
		noun, refs = "bucket", r.Prop("Bucket").List()
	case "AWS::SQS::QueuePolicy":
		noun, refs = "queue", r.Prop("Queues").List()
	case "AWS::SQS::QueueInlinePolicy":
		noun, refs = "queue", r.Prop("Queue").List()
	case "AWS::SNS::TopicPolicy":
		noun, refs = "topic", r.Prop("Topics").List()
	case "AWS::SNS::TopicInlinePolicy":
		noun, refs = "topic", r.Prop("Topic").List()
	case "AWS::Lambda::Permission":
		noun, refs = "function", r.Prop("FunctionName").List()
	default:
		return ""
	}
	var names []string
	for _, v := range refs {
		if n := referenceName(v); n != "" {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return ""
	}
	if len(names) > 1 {
		noun += "s"
	}
	return " on " + noun + " " + strings.Join(names, ", ")
}

// referenceName is the logical id a Ref/GetAtt points at, or a literal
// name or ARN.
func referenceName(v *model.Value) string {
	if v.IsUnknown() {
		return v.Target()
	}
	s, _ := v.Str()
	return s
}

// Attachments names the principals an IAM policy resource is attached to
// (Roles, Users, Groups), for messages.
func Attachments(r *model.Resource) string {
	var parts []string
	for _, key := range []string{"Roles", "Users", "Groups"} {
		var names []string
		for _, v := range r.Prop(key).List() {
			if n := referenceName(v); n != "" {
				names = append(names, n)
			}
		}
		if len(names) > 0 {
			parts = append(parts, strings.ToLower(key)+" "+strings.Join(names, ", "))
		}
	}
	return strings.Join(parts, "; ")
}

// ReportStatement records a finding on a statement element, naming the
// origin of a JSON policy string when it was substituted (parameter
// defaults inside Fn::Sub, …): elements parsed from the string have no
// resolved value of their own, so the engine cannot add that provenance.
func ReportStatement(p *rule.Pass, r *model.Resource, st Statement, path model.Path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if st.Doc != nil && st.Doc.FromString && len(st.Doc.Origin) > 0 {
		parts := make([]string, len(st.Doc.Origin))
		for i, pr := range st.Doc.Origin {
			parts[i] = pr.Describe()
		}
		msg += " (policy text from " + strings.Join(parts, ", ") + ")"
	}
	p.Report(r, path, "%s", msg)
}

// isFullWildcardAction reports "*" (and "*:*"), the action that means every
// action of every service.
func isFullWildcardAction(v *model.Value) bool {
	s, ok := v.Str()
	s = strings.TrimSpace(s)
	return ok && (s == "*" || s == "*:*")
}

var serviceWildcard = lazyregexp.New(`^[A-Za-z0-9-]+:\*$`)

// isWildcardAction reports "*" or "<service>:*" (cfn-model
// wildcard_actions); partial patterns such as "s3:Get*" are not wildcards.
func isWildcardAction(v *model.Value) bool {
	s, ok := v.Str()
	s = strings.TrimSpace(s)
	return ok && (isFullWildcardAction(v) || serviceWildcard.MatchString(s))
}

// isWildcardResource reports exactly "*" (cfn-model wildcard_resources).
func isWildcardResource(v *model.Value) bool {
	s, ok := v.Str()
	return ok && strings.TrimSpace(s) == "*"
}

// actionGlobMatches reports whether an IAM action pattern (with * and ?)
// matches action, case-insensitively as IAM does. One matcher serves every
// rule: the action table's.
func actionGlobMatches(pattern, action string) bool {
	return iamdata.MatchPattern(strings.ToLower(strings.TrimSpace(pattern)), action)
}

// IdentityAndResourceTypes are the types of IAM004/IAM005.
var IdentityAndResourceTypes = append(append([]string{}, IdentityTypes...), ResourcePolicyTypes...)

// IdentityTypes are the resource types that carry identity policies.
var IdentityTypes = []string{
	"AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
	"AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy", "AWS::SSO::PermissionSet",
}
