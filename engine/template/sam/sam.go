// Package sam is the template stage that expands AWS::Serverless::*
// resources into the CloudFormation resources the SAM translator generates
// for them, so that rules only ever see ordinary CloudFormation: a function
// becomes an AWS::Lambda::Function, its execution role (with every entry of
// Policies, policy templates included), its function URL and the
// permissions that make it public; an Api event becomes the implicit
// ServerlessRestApi with its Prod stage and SAM's extra "Stage" stage; an
// SNS SqsSubscription becomes the queue SAM creates; and so on.
//
// The expansion follows what the translator generates (the expected outputs
// in testdata/sam/transformed are its ground truth), with three rules of its
// own:
//
//   - Every generated node carries the source Range of the SAM node that
//     caused it (the policy-template entry, FunctionUrlConfig.AuthType, the
//     event), and properties SAM passes through keep their original nodes,
//     so a finding on generated CloudFormation points at the user's SAM
//     lines.
//   - Template.SAMOrigin records, for every resource the stage produced, the
//     logical id of the AWS::Serverless resource it came from. Findings name
//     it (sam_resource) and suppressions written in its Metadata apply to
//     everything it generated. The primary resource keeps the SAM logical id
//     and its Metadata, Condition, DependsOn and policies, as SAM does;
//     generated resources get the Condition.
//   - Generated logical ids are the translator's, except where the
//     translator appends a content hash (API deployments, layer versions,
//     custom domains): the hash changes whenever the API or the layer does,
//     and the logical id is part of a finding's fingerprint, so the id is
//     kept without it.
//
// Globals are merged first (withGlobals): inherited values keep the
// Globals text's positions.
//
// Transform leaves its input unchanged and is idempotent: its output has
// no AWS::Serverless resource that it knows how to expand. Types it does not expand (Connector, GraphQLApi,
// CapacityProvider, new types) are left as they are.
package sam

import (
	"slices"

	"github.com/cfnvet/cfnvet/engine/template"
)

// expanders maps each AWS::Serverless type this stage expands to its
// expansion.
var expanders = map[string]func(x *expander, id string, r *template.Node){
	"AWS::Serverless::Function":     (*expander).function,
	"AWS::Serverless::Api":          (*expander).restAPI,
	"AWS::Serverless::HttpApi":      (*expander).httpAPI,
	"AWS::Serverless::WebSocketApi": (*expander).webSocketAPI,
	"AWS::Serverless::StateMachine": (*expander).stateMachine,
	"AWS::Serverless::SimpleTable":  (*expander).simpleTable,
	"AWS::Serverless::LayerVersion": (*expander).layerVersion,
	"AWS::Serverless::Application":  (*expander).application,
}

// Transform returns t with its AWS::Serverless resources expanded, and
// records where each resulting resource came from in SAMOrigin. t is not
// modified: the result shares the nodes SAM passes through and has its own
// root and Resources section. Problems that stop one part of the expansion
// (an unknown policy template) are added to the result's Warnings; the
// rest of the template is still expanded. A template without resources to
// expand is returned as it is.
func Transform(t *template.Template) *template.Template {
	res := t.Section("Resources")
	if res == nil || !hasExpandable(res) {
		return t
	}
	out := *t
	out.Root = template.NewMap(slices.Clone(t.Root.Entries()), t.Root.Range)
	out.Warnings = slices.Clone(t.Warnings)
	globals := t.Root.Get("Globals")
	x := &expander{t: &out, ids: map[string]bool{}, origin: map[string]string{}, apiProps: map[string]*template.Node{}}
	for _, e := range res.Entries() {
		x.ids[e.Key] = true
	}
	for _, e := range res.Entries() {
		expand := expanders[e.Value.Get("Type").Value()]
		if expand == nil || !expandable(e.Value) {
			x.out = append(x.out, e)
			continue
		}
		x.cur = samResource{id: e.Key, keyRange: e.KeyRange, node: withGlobals(globals, e.Value), cond: e.Value.Entry("Condition")}
		expand(x, e.Key, x.cur.node)
	}
	x.finishImplicitAPIs()
	x.finishRoutes()
	out.SAMOrigin = x.origin
	r := out.Root.Entry("Resources")
	r.Value = template.NewMap(x.out, res.Range)
	return &out
}

func hasExpandable(res *template.Node) bool {
	for _, e := range res.Entries() {
		if expanders[e.Value.Get("Type").Value()] != nil {
			return true
		}
	}
	return false
}

// expandable reports whether a SAM resource has a shape the stage can read:
// Properties absent or a mapping. Properties given by an intrinsic function
// (an Fn::If choosing between two whole property sets) are left alone.
func expandable(r *template.Node) bool {
	p := r.Get("Properties")
	if p == nil || p.Kind == template.Null {
		return true
	}
	if _, _, ok := p.Intrinsic(); ok {
		return false
	}
	return p.Kind == template.Map
}

// samResource is the AWS::Serverless resource being expanded.
type samResource struct {
	id string
	// keyRange is the place of its logical id key.
	keyRange template.Range
	node     *template.Node
	// cond is the Condition its generated resources take: its own, or for
	// the implicit APIs, shared by several resources, one covering them all.
	cond *template.Entry
}

// props is the resource's Properties mapping, nil when absent.
func (s samResource) props() *template.Node {
	if p := s.node.Get("Properties"); p != nil && p.Kind == template.Map {
		return p
	}
	return nil
}

// at is where a generated resource that has no better cause is reported:
// the SAM resource's Properties key, or its Type key.
func (s samResource) at() template.Range {
	if e := s.node.Entry("Properties"); e != nil {
		return e.KeyRange
	}
	return s.node.Entry("Type").KeyRange
}

type expander struct {
	t   *template.Template
	out []template.Entry
	// ids are the logical ids already taken (the user's and generated).
	ids    map[string]bool
	origin map[string]string
	cur    samResource
	// implicit REST and HTTP APIs, created by the first event that needs
	// them and completed once every event is known.
	restImplicit, httpImplicit *implicitAPI
	// routes are the Api and HttpApi events, added to their APIs' bodies
	// once every API is expanded; apiProps are the SAM properties of each
	// REST and HTTP API the stage generated (Globals for the implicit
	// ones), for their Auth.
	routes   []apiRoute
	apiProps map[string]*template.Node
}

// primary emits the resource that replaces the SAM resource under the same
// logical id: its Type and Properties keys stay where the user wrote them,
// and the resource attributes SAM copies (Condition, DependsOn, Metadata,
// DeletionPolicy, UpdateReplacePolicy) are kept.
func (x *expander) primary(typ string, props *template.Node) {
	r := x.cur.node
	typeEntry := r.Entry("Type")
	n := &template.Node{Kind: template.Map, Range: r.Range}
	n.SetEntries(append(n.Entries(), template.Entry{Key: "Type", KeyRange: typeEntry.KeyRange,
		Value: str(typ, typeEntry.Value.Range)}))
	propsKey := x.cur.at()
	props.Range = propsKey
	if p := r.Get("Properties"); p != nil {
		props.Range = p.Range
	}
	n.SetEntries(append(n.Entries(), template.Entry{Key: "Properties", KeyRange: propsKey, Value: props}))
	for _, k := range []string{"Condition", "DependsOn", "Metadata", "DeletionPolicy", "UpdateReplacePolicy"} {
		if e := r.Entry(k); e != nil {
			n.SetEntries(append(n.Entries(), *e))
		}
	}
	x.emit(x.cur.id, n)
}

// generate emits a further resource of the SAM resource being expanded,
// located at at (the SAM node that caused it). It emits nothing when the
// logical id is already taken: the user's own resource of that name wins,
// as it does in the translator's merge.
func (x *expander) generate(id, typ string, at template.Range, props *template.Node) {
	if x.ids[id] {
		return
	}
	x.ids[id] = true
	n := &template.Node{Kind: template.Map, Range: at}
	n.SetEntries(append(n.Entries(), template.Entry{Key: "Type", KeyRange: at, Value: str(typ, at)}))
	if props != nil {
		n.SetEntries(append(n.Entries(), template.Entry{Key: "Properties", KeyRange: at, Value: props}))
	}
	if x.cur.cond != nil {
		n.SetEntries(append(n.Entries(), *x.cur.cond))
	}
	x.emit(id, n)
}

func (x *expander) emit(id string, n *template.Node) {
	x.ids[id] = true
	x.origin[id] = x.cur.id
	x.out = append(x.out, template.Entry{Key: id, KeyRange: n.Range, Value: n})
	// The logical id key of a generated resource is the place of its cause;
	// the primary resource's is the SAM resource's own key.
	if id == x.cur.id {
		x.out[len(x.out)-1].KeyRange = x.cur.keyRange
	}
}

// ---- node construction -------------------------------------------------

func str(v string, at template.Range) *template.Node {
	return template.NewScalar(template.String, v, at)
}

func boolean(v bool, at template.Range) *template.Node {
	s := "false"
	if v {
		s = "true"
	}
	return template.NewScalar(template.Bool, s, at)
}

func number(v string, at template.Range) *template.Node {
	return template.NewScalar(template.Int, v, at)
}

func mapping(at template.Range) *template.Node {
	return &template.Node{Kind: template.Map, Range: at}
}

func list(at template.Range, items ...*template.Node) *template.Node {
	return template.NewList(items, at)
}

func ref(id string, at template.Range) *template.Node {
	return template.NewMap([]template.Entry{{Key: "Ref", KeyRange: at, Value: str(id, at)}}, at)
}

// arnOf is {"Fn::GetAtt": [id, "Arn"]}.
func arnOf(id string, at template.Range) *template.Node {
	return template.NewMap([]template.Entry{{Key: "Fn::GetAtt", KeyRange: at,
		Value: list(at, str(id, at), str("Arn", at))}}, at)
}

// set adds key: v to a mapping, at the key position at; a nil v adds nothing.
func set(n *template.Node, key string, at template.Range, v *template.Node) {
	if v != nil {
		n.SetEntries(append(n.Entries(), template.Entry{Key: key, KeyRange: at, Value: v}))
	}
}

// pass copies src's entry key into dst as key as, keeping the user's key and
// value nodes; it reports whether there was one.
func pass(dst, src *template.Node, key, as string) bool {
	e := src.Entry(key)
	if e == nil {
		return false
	}
	dst.SetEntries(append(dst.Entries(), template.Entry{Key: as, KeyRange: e.KeyRange, Value: e.Value}))
	return true
}

// passAll copies each of keys from src to dst under the same name.
func passAll(dst, src *template.Node, keys ...string) {
	for _, k := range keys {
		pass(dst, src, k, k)
	}
}

// literal returns the text of a plain scalar (not an intrinsic function).
func literal(n *template.Node) (string, bool) {
	if n == nil || !n.IsScalar() || n.Kind == template.Null {
		return "", false
	}
	return n.Value(), true
}

// tagList turns SAM's Tags mapping into CloudFormation's list of Key/Value
// pairs, keeping the user's nodes, and adds the tag SAM marks its resources
// with (createdBy, e.g. "lambda:createdBy").
func tagList(tags *template.Entry, createdBy string, at template.Range) *template.Node {
	out := list(at)
	if tags != nil {
		out.Range = tags.KeyRange
		for _, e := range tags.Value.Fields() {
			kv := mapping(e.KeyRange)
			set(kv, "Key", e.KeyRange, str(e.Key, e.KeyRange))
			set(kv, "Value", e.KeyRange, e.Value)
			out.SetItems(append(out.Items(), kv))
		}
	}
	if createdBy != "" {
		kv := mapping(at)
		set(kv, "Key", at, str(createdBy, at))
		set(kv, "Value", at, str("SAM", at))
		out.SetItems(append(out.Items(), kv))
	}
	return out
}

// items returns a list's items, or a single value as a list of one (SAM
// accepts Policies: AmazonS3ReadOnlyAccess as well as a list).
func items(n *template.Node) []*template.Node {
	switch {
	case n == nil || n.Kind == template.Null:
		return nil
	case n.Kind == template.List:
		return n.Items()
	}
	return []*template.Node{n}
}
