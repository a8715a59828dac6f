package sam

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/template"
)

// apiRoute is an Api or HttpApi event: the path and method the translator
// adds to its API's OpenAPI body, with the security requirement that says
// how callers are authorized. Rules read the body, so an event without an
// authorizer is seen where the translator puts it.
type apiRoute struct {
	api          string // logical id of the API: the implicit one or the Ref of RestApiId/ApiId
	rest         bool
	path, method string
	auth         *template.Node  // the event's Auth, nil when absent
	cond         *template.Entry // Condition of the resource whose event it is
	at           template.Range
}

// route records the route of an Api (rest) or HttpApi event whose API is
// apiRef, or the implicit API when apiRef is nil. Events whose API, path or
// method is not a literal are not recorded: their place in a body is not
// known.
func (x *expander) route(rest bool, apiRef *template.Node, props *template.Node, at template.Range) {
	api := implicitHTTPAPI
	if rest {
		api = implicitRestAPI
	}
	if apiRef != nil {
		target, ok := literal(apiRef.Get("Ref"))
		if !ok {
			return
		}
		api = target
	}
	path, okPath := literal(props.Get("Path"))
	method, okMethod := literal(props.Get("Method"))
	if !rest && props.Get("Path") == nil && props.Get("Method") == nil {
		// An HttpApi event without Path and Method is the default route.
		path, okPath, method, okMethod = "$default", true, "any", true
	}
	if !okPath || !okMethod {
		return
	}
	x.routes = append(x.routes, apiRoute{api: api, rest: rest, path: path, method: strings.ToLower(method),
		auth: props.Get("Auth"), cond: x.cur.cond, at: at})
}

// finishRoutes completes the OpenAPI body of each REST and HTTP API the
// stage generated, as the translator does: the API's DefaultAuthorizer (and
// for REST APIs ApiKeyRequired) guards every operation of its DefinitionBody
// that names no security of its own, and each recorded route is added (a
// route the body already has is left as the user wrote it), into the
// DefinitionBody or into a body of the API's own when it has neither
// DefinitionBody nor DefinitionUri. APIs with a DefinitionUri (a body the
// template does not hold), an intrinsic body, or a resource policy in Auth
// (which the stage does not turn into the API's Policy) are left as they
// are.
func (x *expander) finishRoutes() {
	byAPI := map[string][]apiRoute{}
	for _, r := range x.routes {
		byAPI[r.api] = append(byAPI[r.api], r)
	}
	for i := range x.out {
		id := x.out[i].Key
		apiProps, made := x.apiProps[id]
		if !made || !plainMap(apiProps) {
			continue
		}
		res := x.out[i].Value
		props := res.Get("Properties")
		rest := res.Get("Type").Value() == "AWS::ApiGateway::RestApi"
		apiAuth := apiProps.Get("Auth")
		if props == nil || props.Get("BodyS3Location") != nil || apiAuth.Get("ResourcePolicy") != nil {
			continue
		}
		bodyEntry := props.Entry("Body")
		var existing *template.Node
		at := props.Range
		if bodyEntry != nil {
			existing, at = bodyEntry.Value, bodyEntry.KeyRange
		}
		var routes []apiRoute
		for _, r := range byAPI[id] {
			if r.rest == rest {
				routes = append(routes, r)
			}
		}
		defaults, ok := routeSecurity(apiRoute{rest: rest, at: at}, apiAuth)
		if !ok || len(routes) == 0 && (existing == nil || defaults == nil) {
			continue
		}
		body := ownBody(existing, rest, at)
		if body == nil {
			continue
		}
		paths := body.Get("paths")
		if defaults != nil {
			guardOperations(paths, defaults)
		}
		index := make(map[string]int, len(paths.Entries()))
		for j, e := range paths.Entries() {
			index[e.Key] = j
		}
		for _, r := range routes {
			addRoute(paths, index, r, apiAuth)
		}
		if bodyEntry != nil {
			bodyEntry.Value = body // props is the stage's own mapping: the user's node is not touched
		} else {
			set(props, "Body", at, body)
		}
	}
}

// operationKeys are the keys of an OpenAPI path item that hold an
// operation, with API Gateway's any-method extension. OPTIONS is left out:
// the translator does not put the default authorizer on CORS preflight
// (unless asked to), and no rule reads it.
var operationKeys = map[string]bool{"get": true, "put": true, "post": true, "delete": true, "head": true,
	"patch": true, "trace": true, "x-amazon-apigateway-any-method": true}

// guardOperations gives every plain operation in paths that has no
// security of its own the API's default requirements. paths and its path
// items are the stage's copies; an operation changed is copied first.
func guardOperations(paths, security *template.Node) {
	for i := range paths.Entries() {
		item := paths.Entries()[i].Value
		if _, _, fn := item.Intrinsic(); fn || item.Kind != template.Map {
			continue
		}
		var guarded *template.Node
		for j, e := range item.Entries() {
			if !operationKeys[strings.ToLower(e.Key)] || e.Value.Kind != template.Map || e.Value.Get("security") != nil {
				continue
			}
			if _, _, fn := e.Value.Intrinsic(); fn {
				continue
			}
			if guarded == nil {
				guarded = copyMap(item)
			}
			op := copyMap(e.Value)
			set(op, "security", security.Range, security)
			guarded.Entries()[j].Value = op
		}
		if guarded != nil {
			paths.Entries()[i].Value = guarded
		}
	}
}

// ownBody returns a body the stage may add paths to: a new one when there
// is none, a copy of the user's mapping (whose paths mapping is copied too),
// nil for a body given by an intrinsic function or of another shape.
func ownBody(existing *template.Node, rest bool, at template.Range) *template.Node {
	if existing == nil {
		body := mapping(at)
		if rest {
			set(body, "swagger", at, str("2.0", at))
		} else {
			set(body, "openapi", at, str("3.0.1", at))
		}
		set(body, "paths", at, mapping(at))
		return body
	}
	if _, _, fn := existing.Intrinsic(); fn || existing.Kind != template.Map {
		return nil
	}
	body := copyMap(existing)
	paths := body.Entry("paths")
	switch {
	case paths == nil:
		set(body, "paths", at, mapping(at))
	case paths.Value.Kind == template.Map:
		if _, _, fn := paths.Value.Intrinsic(); fn {
			return nil
		}
		paths.Value = copyMap(paths.Value)
	default:
		return nil
	}
	return body
}

func copyMap(n *template.Node) *template.Node {
	c := *n
	c.SetEntries(append([]template.Entry(nil), n.Entries()...))
	return &c
}

// addRoute adds r's operation to paths (index maps each path to its entry)
// unless the path already has that method or is not a plain mapping.
func addRoute(paths *template.Node, index map[string]int, r apiRoute, apiAuth *template.Node) {
	security, ok := routeSecurity(r, apiAuth)
	if !ok {
		return
	}
	method := r.method
	if method == "any" {
		method = "x-amazon-apigateway-any-method"
	}
	op := mapping(r.at)
	if security != nil {
		set(op, "security", r.at, security)
	}
	if r.cond != nil {
		op = ifCondition(r.cond.Value, op, r.at)
	}
	j, ok := index[r.path]
	if !ok {
		pathItem := mapping(r.at)
		set(pathItem, method, r.at, op)
		index[r.path] = len(paths.Entries())
		set(paths, r.path, r.at, pathItem)
		return
	}
	item := &paths.Entries()[j]
	if _, _, fn := item.Value.Intrinsic(); fn || item.Value.Kind != template.Map || item.Value.Get(method) != nil {
		return
	}
	item.Value = copyMap(item.Value)
	set(item.Value, method, r.at, op)
}

// routeSecurity is the security requirement list the translator writes for
// a route: the event's authorizer or the API's DefaultAuthorizer (NONE
// written as such for REST APIs, left out for HTTP APIs) and, for REST
// APIs, api_key when an API key is required. ok is false when the event
// is not judged: an authorizer or API-key setting given by an intrinsic
// function, or a resource policy on the event.
//
// Called with an empty route, it gives the API's default requirements.
func routeSecurity(r apiRoute, apiAuth *template.Node) (*template.Node, bool) {
	if !plainMap(r.auth) || !plainMap(apiAuth) || r.auth.Get("ResourcePolicy") != nil {
		return nil, false
	}
	authorizer := r.auth.Get("Authorizer")
	if authorizer == nil {
		authorizer = apiAuth.Get("DefaultAuthorizer")
	}
	name := ""
	if authorizer != nil {
		s, ok := literal(authorizer)
		if !ok {
			return nil, false
		}
		name = s
	}
	var reqs []*template.Node
	if name != "" && (r.rest || name != "NONE") {
		req := mapping(r.at)
		set(req, name, r.at, list(r.at))
		reqs = append(reqs, req)
	}
	if r.rest {
		keyRequired := r.auth.Get("ApiKeyRequired")
		if keyRequired == nil {
			keyRequired = apiAuth.Get("ApiKeyRequired")
		}
		if keyRequired != nil {
			b, ok := keyRequired.BoolValue()
			if !ok {
				return nil, false
			}
			if b {
				req := mapping(r.at)
				set(req, "api_key", r.at, list(r.at))
				reqs = append(reqs, req)
			}
		}
	}
	if len(reqs) == 0 {
		return nil, true
	}
	return list(r.at, reqs...), true
}

// plainMap reports whether n is absent or a mapping that is not an
// intrinsic function: a setting the stage can read.
func plainMap(n *template.Node) bool {
	if n == nil {
		return true
	}
	_, _, fn := n.Intrinsic()
	return n.Kind == template.Map && !fn
}

// ifCondition is {"Fn::If": [cond, v, {"Ref": "AWS::NoValue"}]}: a route of
// a conditional resource exists only with it.
func ifCondition(cond, v *template.Node, at template.Range) *template.Node {
	return template.NewMap([]template.Entry{{Key: "Fn::If", KeyRange: at,
		Value: list(at, cond, v, ref("AWS::NoValue", at))}}, at)
}
