package iam

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// Resource types IAM025 reads.
const (
	typeRestAPI  = "AWS::ApiGateway::RestApi"
	typeMethod   = "AWS::ApiGateway::Method"
	typeV2API    = "AWS::ApiGatewayV2::Api"
	typeV2Route  = "AWS::ApiGatewayV2::Route"
	authNone     = "NONE"
	connectRoute = "$connect"
)

// APIWithoutAuthorization is IAM025.
var APIWithoutAuthorization = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM025",
		Slug:     "iam-api-method-without-authorization",
		Family:   rule.IAM,
		Severity: rule.Medium,
		Title:    "API Gateway method or route without authorization",
		Description: "A REST API method or HTTP/WebSocket API route whose AuthorizationType is NONE (or not set, " +
			"which means NONE) can be called by anyone who can reach the API: no IAM signature, Cognito token, " +
			"JWT or Lambda authorizer is checked before the backend runs. Some endpoints are public on purpose " +
			"(a webhook, a health check), which a template cannot tell, so the rule asks rather than asserts. Not " +
			"reported: OPTIONS methods and routes (CORS preflight), REST methods with ApiKeyRequired true, " +
			"methods of a private REST API (EndpointConfiguration PRIVATE) or of a REST API with a resource " +
			"Policy (which may restrict callers; it is not judged here; an empty Policy, which the Serverless " +
			"Framework writes on every REST API, is none), and methods or routes whose API is not " +
			"in the template or whose endpoint type or protocol cannot be resolved. For WebSocket APIs only the " +
			"$connect route is checked: it is the only route that accepts an authorizer, and it guards the whole " +
			"connection. Lambda function URLs with AuthType NONE are IAM014's. The operations of a REST or HTTP " +
			"API's OpenAPI Body are read the same way: an operation is unauthorized when neither it nor the body " +
			"names a security requirement other than NONE (an api_key requirement counts, as ApiKeyRequired " +
			"does); a body with an x-amazon-apigateway-policy counts as a resource policy. The Api and HttpApi " +
			"events of SAM functions are judged there too: the SAM stage adds them to their API's body with the " +
			"security requirement the translator writes (the event's Authorizer, else the API's " +
			"DefaultAuthorizer; ApiKeyRequired), so an event without an authorizer is reported at the event. " +
			"Bodies given by DefinitionUri, BodyS3Location or Fn::Transform are not in the template and not judged.",
		Remediation: "Set AuthorizationType to AWS_IAM, COGNITO_USER_POOLS or CUSTOM with an AuthorizerId (JWT or " +
			"CUSTOM for HTTP APIs), or set ApiKeyRequired on a REST method that is public by design and suppress " +
			"this finding with the reason.",
		ResourceTypes: []string{typeMethod, typeV2Route, typeRestAPI, typeV2API},
		Aliases: map[string][]string{
			"cfn_nag": {"W59"},
			"checkov": {"CKV_AWS_59"},
			// Trivy's check has only Terraform examples; same condition.
			"trivy": {"AVD-AWS-0004"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		if r.Properties.IsUnknown() {
			return
		}
		switch r.Type {
		case typeMethod:
			checkRESTMethod(p, r)
		case typeV2Route:
			checkRoute(p, r)
		case typeRestAPI:
			if publicRESTAPI(r) {
				checkBody(p, r, "REST API")
			}
		case typeV2API:
			if proto, ok := r.Prop("ProtocolType").Str(); ok && strings.EqualFold(strings.TrimSpace(proto), "HTTP") {
				checkBody(p, r, "HTTP API")
			}
		}
	},
}

// authorizationNone returns the path to report when r's AuthorizationType
// is NONE or absent, and false when it is set to something else or
// unknown.
func authorizationNone(r *model.Resource) (model.Path, bool) {
	at := model.Path{"Properties", "AuthorizationType"}
	v := r.Prop("AuthorizationType")
	if v == nil {
		return at, true
	}
	s, ok := v.Str()
	return at, ok && strings.EqualFold(strings.TrimSpace(s), authNone)
}

func checkRESTMethod(p *rule.Pass, r *model.Resource) {
	at, none := authorizationNone(r)
	if !none || r.Prop("ApiKeyRequired").IsTrue() || r.Prop("ApiKeyRequired").IsUnknown() {
		return
	}
	method, ok := r.Prop("HttpMethod").Str()
	if !ok || strings.EqualFold(strings.TrimSpace(method), "OPTIONS") {
		return
	}
	api := referencedResource(p.View, r.Prop("RestApiId"), typeRestAPI)
	if api == nil || !publicRESTAPI(api) {
		return
	}
	p.Report(r, at, "method %s %s of REST API %s has no authorization (AuthorizationType %s): anyone who can "+
		"reach the API can call it. Public endpoint without authorization, intended?", r.ID,
		strings.ToUpper(strings.TrimSpace(method)), api.ID, authDescribe(r))
}

func checkRoute(p *rule.Pass, r *model.Resource) {
	at, none := authorizationNone(r)
	if !none {
		return
	}
	key, ok := r.Prop("RouteKey").Str()
	if !ok {
		return
	}
	key = strings.TrimSpace(key)
	api := referencedResource(p.View, r.Prop("ApiId"), typeV2API)
	if api == nil || api.Properties.IsUnknown() {
		return
	}
	proto, ok := api.Prop("ProtocolType").Str()
	if !ok {
		return
	}
	switch strings.ToUpper(strings.TrimSpace(proto)) {
	case "WEBSOCKET":
		if key != connectRoute || r.Prop("ApiKeyRequired").IsTrue() || r.Prop("ApiKeyRequired").IsUnknown() {
			return
		}
		p.Report(r, at, "WebSocket route %s ($connect) of API %s has no authorization (AuthorizationType %s): "+
			"anyone can open a connection. Public endpoint without authorization, intended?", r.ID, api.ID,
			authDescribe(r))
	case "HTTP":
		if strings.HasPrefix(strings.ToUpper(key), "OPTIONS ") {
			return
		}
		p.Report(r, at, "route %s (%s) of HTTP API %s has no authorization (AuthorizationType %s): anyone who "+
			"can reach the API can call it. Public endpoint without authorization, intended?", r.ID, key, api.ID,
			authDescribe(r))
	}
}

func authDescribe(r *model.Resource) string {
	if r.Prop("AuthorizationType") == nil {
		return "not set"
	}
	return authNone
}

// referencedResource returns the template resource of type typ that v (a
// Ref or GetAtt) names, or nil.
func referencedResource(v *model.View, ref *model.Value, typ string) *model.Resource {
	if !ref.IsUnknown() || ref.Target() == "" {
		return nil
	}
	if r := v.Resource(ref.Target()); r != nil && r.Type == typ {
		return r
	}
	return nil
}

// publicRESTAPI reports whether api is known to be reachable without a
// network or resource-policy restriction: its endpoint type is known and
// not PRIVATE, and it has no resource Policy.
func publicRESTAPI(api *model.Resource) bool {
	if api.Properties.IsUnknown() || hasResourcePolicy(api.Prop("Policy")) {
		return false
	}
	cfg := api.Prop("EndpointConfiguration")
	if cfg == nil {
		return true // EDGE
	}
	if cfg.Kind != model.Map {
		return false
	}
	types := cfg.Get("Types")
	if types == nil {
		return true
	}
	if types.IsUnknown() {
		return false
	}
	for _, t := range types.List() {
		s, ok := t.Str()
		if !ok || strings.EqualFold(strings.TrimSpace(s), "PRIVATE") {
			return false
		}
	}
	return true
}

// hasResourcePolicy reports whether a REST API's Policy may restrict its
// callers: set and not known to be empty. The Serverless Framework writes
// Policy: "" on every REST API it creates, which attaches no policy.
func hasResourcePolicy(policy *model.Value) bool {
	switch {
	case policy == nil || policy.Kind == model.Null:
		return false
	case policy.Kind == model.Map:
		return len(policy.Fields()) > 0
	case policy.Kind == model.String:
		return strings.TrimSpace(policy.Scalar()) != ""
	}
	return true // unknown, or a shape we cannot read: it may restrict callers
}

// openAPIOperations are the keys of an OpenAPI path item that hold an
// operation (API Gateway's any-method extension included); OPTIONS is CORS
// preflight and not judged.
var openAPIOperations = map[string]string{"get": "GET", "put": "PUT", "post": "POST", "delete": "DELETE",
	"head": "HEAD", "patch": "PATCH", "trace": "TRACE", "x-amazon-apigateway-any-method": "ANY"}

// checkBody reports each operation of api's OpenAPI Body that no security
// requirement guards.
func checkBody(p *rule.Pass, api *model.Resource, kind string) {
	body := api.Prop("Body")
	if body == nil || body.Kind != model.Map || body.Get("x-amazon-apigateway-policy") != nil {
		return
	}
	paths := body.Get("paths")
	if paths == nil || paths.Kind != model.Map {
		return
	}
	rootSecurity := body.Get("security")
	for _, item := range paths.Fields() {
		if item.Value.Kind != model.Map {
			continue
		}
		for _, op := range item.Value.Fields() {
			method, isOp := openAPIOperations[strings.ToLower(op.Key)]
			if !isOp || op.Value.Kind != model.Map {
				continue
			}
			security := op.Value.Get("security")
			if op.Value.Field("security") == nil {
				security = rootSecurity
			}
			// x-amazon-apigateway-auth (type AWS_IAM) is API Gateway's
			// per-operation form of IAM authorization.
			if !unguarded(security) || op.Value.Field("x-amazon-apigateway-auth") != nil {
				continue
			}
			p.Report(api, model.Path{"Properties", "Body", "paths", item.Key, op.Key}, "operation %s %s of %s %s "+
				"has no authorization (no security requirement in its OpenAPI body): anyone who can reach the API "+
				"can call it. Public endpoint without authorization, intended?", method, item.Key, kind, api.ID)
		}
	}
}

// unguarded reports whether an OpenAPI security requirement list lets a
// caller in without credentials: absent, empty, or only empty requirements
// and ones named NONE (SAM's way of opting a route out of the default
// authorizer). An unresolvable list guards, as far as the rule can tell.
func unguarded(security *model.Value) bool {
	if security == nil {
		return true
	}
	if security.Kind != model.List {
		return false
	}
	for _, req := range security.Items() {
		if req.Kind != model.Map {
			return false
		}
		for _, f := range req.Fields() {
			if !strings.EqualFold(f.Key, authNone) {
				return false
			}
		}
	}
	return true
}
