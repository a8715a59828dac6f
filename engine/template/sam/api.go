package sam

import (
	"slices"

	"github.com/cfnvet/cfnvet/engine/template"
)

// Implicit API logical ids, as the translator names them.
const (
	implicitRestAPI = "ServerlessRestApi"
	implicitHTTPAPI = "ServerlessHttpApi"
)

// implicitAPI is an API that SAM creates for Api or HttpApi events that
// name no API. It is attributed to the first resource whose event needed it
// and located at that event.
type implicitAPI struct {
	origin samResource
	at     template.Range
	// conditions are those of the resources whose events use the API;
	// unconditional is set when one of them has none.
	conditions    []string
	unconditional bool
}

// restAPI expands AWS::Serverless::Api: the AWS::ApiGateway::RestApi (same
// logical id), its deployment and stage, and a custom domain.
func (x *expander) restAPI(id string, r *template.Node) {
	x.restResources(id, x.cur.props(), x.cur.at(), true)
}

// restResources emits a REST API with its deployment <id>Deployment and
// stage <id><StageName>Stage. The deployment carries StageName "Stage" —
// the extra stage SAM creates for every REST API — unless OpenApiVersion
// is set, which is how SAM users turn it off. p holds the API's properties
// (Globals.Api for the implicit API); at locates what p does not.
func (x *expander) restResources(id string, p *template.Node, at template.Range, primary bool) {
	x.apiProps[id] = p
	api := mapping(at)
	passAll(api, p, "Name", "Description", "BinaryMediaTypes", "MinimumCompressionSize", "ApiKeySourceType",
		"DisableExecuteApiEndpoint", "Mode", "FailOnWarnings", "Policy")
	pass(api, p, "DefinitionBody", "Body")
	if e := p.Entry("DefinitionUri"); e != nil {
		set(api, "BodyS3Location", e.KeyRange, s3Location(e, "Bucket", "Key", "Version"))
	}
	if e := p.Entry("EndpointConfiguration"); e != nil {
		set(api, "EndpointConfiguration", e.KeyRange, endpointConfiguration(e))
	}
	if primary {
		x.primary("AWS::ApiGateway::RestApi", api)
	} else {
		x.generate(id, "AWS::ApiGateway::RestApi", at, api)
	}

	deployment := id + "Deployment"
	dep := mapping(at)
	set(dep, "RestApiId", at, ref(id, at))
	set(dep, "Description", at, str("RestApi deployment", at))
	if p.Get("OpenApiVersion") == nil {
		set(dep, "StageName", at, str("Stage", at))
	}
	x.generate(deployment, "AWS::ApiGateway::Deployment", at, dep)

	stage := mapping(at)
	set(stage, "DeploymentId", at, ref(deployment, at))
	set(stage, "RestApiId", at, ref(id, at))
	name := "Prod"
	if e := p.Entry("StageName"); e != nil && primary {
		set(stage, "StageName", e.KeyRange, e.Value)
		name, _ = literal(e.Value)
	} else {
		set(stage, "StageName", at, str(name, at))
	}
	passAll(stage, p, "AccessLogSetting", "CacheClusterEnabled", "CacheClusterSize", "MethodSettings",
		"TracingEnabled", "CanarySetting")
	pass(stage, p, "Variables", "Variables")
	if tags := p.Entry("Tags"); tags != nil {
		set(stage, "Tags", tags.KeyRange, tagList(tags, "", at))
	}
	x.generate(id+name+"Stage", "AWS::ApiGateway::Stage", at, stage)
	x.restDomain(id, p)
}

// endpointConfiguration maps SAM's {Type: REGIONAL, VPCEndpointIds} (or a
// bare type) to CloudFormation's {Types: [REGIONAL], VpcEndpointIds}.
func endpointConfiguration(e *template.Entry) *template.Node {
	out := mapping(e.KeyRange)
	if e.Value.Kind != template.Map {
		set(out, "Types", e.KeyRange, list(e.Value.Range, e.Value))
		return out
	}
	if t := e.Value.Entry("Type"); t != nil {
		set(out, "Types", t.KeyRange, list(t.Value.Range, t.Value))
	}
	pass(out, e.Value, "VPCEndpointIds", "VpcEndpointIds")
	return out
}

// restDomain emits the custom domain of Domain. The translator's logical id
// ends in a hash of the domain; ours ends in the API's id (see the package
// documentation).
func (x *expander) restDomain(id string, p *template.Node) {
	e := p.Entry("Domain")
	if e == nil || e.Value.Kind != template.Map || e.Value.Get("DomainName") == nil {
		return
	}
	d := e.Value
	dom := mapping(e.KeyRange)
	passAll(dom, d, "DomainName", "SecurityPolicy", "MutualTlsAuthentication", "OwnershipVerificationCertificateArn")
	typ := "AWS::ApiGateway::DomainName"
	endpoint, _ := literal(d.Get("EndpointConfiguration"))
	switch endpoint {
	case "EDGE":
		pass(dom, d, "CertificateArn", "CertificateArn")
	case "PRIVATE":
		typ = "AWS::ApiGateway::DomainNameV2"
		pass(dom, d, "CertificateArn", "CertificateArn")
		pass(dom, d, "Policy", "Policy")
	default:
		pass(dom, d, "CertificateArn", "RegionalCertificateArn")
	}
	if ec := d.Entry("EndpointConfiguration"); ec != nil {
		set(dom, "EndpointConfiguration", ec.KeyRange, endpointConfiguration(ec))
	}
	name := "ApiGatewayDomainName"
	if typ == "AWS::ApiGateway::DomainNameV2" {
		name = "ApiGatewayDomainNameV2"
	}
	x.generate(name+id, typ, e.KeyRange, dom)
}

// httpAPI expands AWS::Serverless::HttpApi: the AWS::ApiGatewayV2::Api
// (same logical id), its stage and a custom domain.
func (x *expander) httpAPI(id string, r *template.Node) {
	x.httpResources(id, x.cur.props(), x.cur.at(), true)
}

// httpResources emits an HTTP API and its stage: <id>ApiGatewayDefaultStage
// for the $default stage SAM creates when StageName is not set, else
// <id><StageName>Stage.
func (x *expander) httpResources(id string, p *template.Node, at template.Range, primary bool) {
	x.apiProps[id] = p
	api := mapping(at)
	set(api, "ProtocolType", at, str("HTTP", at))
	passAll(api, p, "Name", "Description", "DisableExecuteApiEndpoint", "FailOnWarnings")
	pass(api, p, "DefinitionBody", "Body")
	if e := p.Entry("DefinitionUri"); e != nil {
		set(api, "BodyS3Location", e.KeyRange, s3Location(e, "Bucket", "Key", "Version"))
	}
	if c := p.Entry("CorsConfiguration"); c != nil && c.Value.Kind == template.Map {
		set(api, "CorsConfiguration", c.KeyRange, c.Value)
	}
	set(api, "Tags", at, tagMap(p.Entry("Tags"), "httpapi:createdBy", at))
	if primary {
		x.primary("AWS::ApiGatewayV2::Api", api)
	} else {
		x.generate(id, "AWS::ApiGatewayV2::Api", at, api)
	}
	stageID := id + "ApiGatewayDefaultStage"
	stage := mapping(at)
	set(stage, "ApiId", at, ref(id, at))
	if e := p.Entry("StageName"); e != nil && primary {
		set(stage, "StageName", e.KeyRange, e.Value)
		if s, ok := literal(e.Value); ok && s != "$default" {
			stageID = id + s + "Stage"
		}
	} else {
		set(stage, "StageName", at, str("$default", at))
	}
	set(stage, "AutoDeploy", at, boolean(true, at))
	passAll(stage, p, "AccessLogSettings", "DefaultRouteSettings", "RouteSettings", "StageVariables")
	set(stage, "Tags", at, tagMap(p.Entry("Tags"), "httpapi:createdBy", at))
	x.generate(stageID, "AWS::ApiGatewayV2::Stage", at, stage)
	x.v2Domain(id, p)
}

// v2Domain emits the custom domain of an HTTP API's Domain.
func (x *expander) v2Domain(id string, p *template.Node) {
	e := p.Entry("Domain")
	if e == nil || e.Value.Kind != template.Map || e.Value.Get("DomainName") == nil {
		return
	}
	d := e.Value
	dom := mapping(e.KeyRange)
	passAll(dom, d, "DomainName", "MutualTlsAuthentication")
	cfg := mapping(e.KeyRange)
	passAll(cfg, d, "CertificateArn", "SecurityPolicy", "OwnershipVerificationCertificateArn")
	pass(cfg, d, "EndpointConfiguration", "EndpointType")
	set(dom, "DomainNameConfigurations", e.KeyRange, list(e.KeyRange, cfg))
	x.generate("ApiGatewayDomainNameV2"+id, "AWS::ApiGatewayV2::DomainName", e.KeyRange, dom)
}

// webSocketAPI expands AWS::Serverless::WebSocketApi: the
// AWS::ApiGatewayV2::Api (same logical id) with protocol WEBSOCKET and its
// stage <id>DefaultStage (StageName "default" unless set).
func (x *expander) webSocketAPI(id string, r *template.Node) {
	p := x.cur.props()
	at := x.cur.at()
	api := mapping(at)
	set(api, "ProtocolType", at, str("WEBSOCKET", at))
	passAll(api, p, "Name", "Description", "RouteSelectionExpression", "ApiKeySelectionExpression",
		"DisableExecuteApiEndpoint", "DisableSchemaValidation", "IpAddressType")
	set(api, "Tags", at, tagMap(p.Entry("Tags"), "websocketapi:createdBy", at))
	x.primary("AWS::ApiGatewayV2::Api", api)
	stageID := id + "DefaultStage"
	stage := mapping(at)
	set(stage, "ApiId", at, ref(id, at))
	if e := p.Entry("StageName"); e != nil {
		set(stage, "StageName", e.KeyRange, e.Value)
		if s, ok := literal(e.Value); ok && s != "default" {
			stageID = id + s + "Stage"
		}
	} else {
		set(stage, "StageName", at, str("default", at))
	}
	set(stage, "AutoDeploy", at, boolean(true, at))
	passAll(stage, p, "AccessLogSettings", "DefaultRouteSettings", "RouteSettings", "StageVariables")
	set(stage, "Tags", at, tagMap(p.Entry("Tags"), "websocketapi:createdBy", at))
	x.generate(stageID, "AWS::ApiGatewayV2::Stage", at, stage)
}

// tagMap is the Tags mapping of ApiGatewayV2 resources: the user's tags and
// SAM's createdBy tag.
func tagMap(tags *template.Entry, createdBy string, at template.Range) *template.Node {
	out := mapping(at)
	if tags != nil && tags.Value.Kind == template.Map {
		if _, _, ok := tags.Value.Intrinsic(); !ok {
			out.Range = tags.KeyRange
			out.SetEntries(append(out.Entries(), tags.Value.Entries()...))
		}
	}
	set(out, createdBy, at, str("SAM", at))
	return out
}

// implicit returns the implicit API of kind (REST or HTTP), creating it at
// the event ev for the SAM resource being expanded.
func (x *expander) implicit(rest bool, ev *template.Entry) {
	slot := &x.httpImplicit
	if rest {
		slot = &x.restImplicit
	}
	if *slot == nil {
		*slot = &implicitAPI{origin: x.cur, at: ev.KeyRange}
	}
	a := *slot
	c, ok := literal(x.cur.node.Get("Condition"))
	switch {
	case !ok:
		a.unconditional = true
	case !slices.Contains(a.conditions, c):
		a.conditions = append(a.conditions, c)
	}
}

// finishImplicitAPIs emits the implicit APIs, configured by Globals.Api and
// Globals.HttpApi as the translator does. Like the translator, it makes an
// implicit API conditional when every resource using it is: on their one
// Condition, or on a new condition <API>Condition, the Fn::Or of theirs.
func (x *expander) finishImplicitAPIs() {
	globals := x.t.Root.Get("Globals")
	if a := x.restImplicit; a != nil && !x.ids[implicitRestAPI] {
		x.cur = samResource{id: a.origin.id, keyRange: a.origin.keyRange, node: a.origin.node, cond: x.implicitCondition(implicitRestAPI, a)}
		x.restResources(implicitRestAPI, orEmpty(globals.Get("Api"), a.at), a.at, false)
	}
	if a := x.httpImplicit; a != nil && !x.ids[implicitHTTPAPI] {
		x.cur = samResource{id: a.origin.id, keyRange: a.origin.keyRange, node: a.origin.node, cond: x.implicitCondition(implicitHTTPAPI, a)}
		x.httpResources(implicitHTTPAPI, orEmpty(globals.Get("HttpApi"), a.at), a.at, false)
	}
}

// implicitCondition returns the Condition entry of an implicit API, adding
// the condition it names to the template's Conditions when it is new.
func (x *expander) implicitCondition(api string, a *implicitAPI) *template.Entry {
	if a.unconditional || len(a.conditions) == 0 {
		return nil
	}
	at := a.at
	if len(a.conditions) == 1 {
		return &template.Entry{Key: "Condition", KeyRange: at, Value: str(a.conditions[0], at)}
	}
	name := api + "Condition"
	conds := x.t.Root.Entry("Conditions")
	if conds == nil || conds.Value.Kind != template.Map {
		x.t.Root.SetEntries(append(x.t.Root.Entries(), template.Entry{Key: "Conditions", KeyRange: at, Value: mapping(at)}))
		conds = &x.t.Root.Entries()[len(x.t.Root.Entries())-1]
	} else {
		// The result has its own Conditions mapping: the parsed one is
		// left as it was.
		conds.Value = template.NewMap(slices.Clone(conds.Value.Entries()), conds.Value.Range)
	}
	if conds.Value.Get(name) != nil {
		return nil // the user's own condition of that name: the API is taken as unconditional
	}
	var terms []*template.Node
	for _, c := range a.conditions {
		ref := mapping(at)
		set(ref, "Condition", at, str(c, at))
		terms = append(terms, ref)
	}
	set(conds.Value, name, at, anyOf(terms, at))
	return &template.Entry{Key: "Condition", KeyRange: at, Value: str(name, at)}
}

// anyOf is the Fn::Or of terms, nested so that no Fn::Or has more than the
// ten conditions CloudFormation allows.
func anyOf(terms []*template.Node, at template.Range) *template.Node {
	if len(terms) == 1 {
		return terms[0]
	}
	for len(terms) > 10 {
		var next []*template.Node
		for i := 0; i < len(terms); i += 10 {
			next = append(next, anyOf(terms[i:min(i+10, len(terms))], at))
		}
		terms = next
	}
	or := mapping(at)
	set(or, "Fn::Or", at, list(at, terms...))
	return or
}

func orEmpty(n *template.Node, at template.Range) *template.Node {
	if n != nil && n.Kind == template.Map {
		return n
	}
	return mapping(at)
}
