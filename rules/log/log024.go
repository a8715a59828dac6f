package log

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// APIExecutionLogging is LOG024.
var APIExecutionLogging = &rule.Rule{
	Meta: rule.Meta{
		ID:       "LOG024",
		Slug:     "api-gateway-execution-logging-disabled",
		Family:   rule.LOG,
		Severity: rule.Low,
		Sets:     []string{"logging"},
		Title:    "API Gateway stage execution logging not enabled",
		Description: "Execution logs record what API Gateway itself did with each request: authorizer and " +
			"integration errors, throttling, and the mapping of requests to the backend. Without them a failing or " +
			"abused API cannot be diagnosed from its own records (access logs, LOG006, say only who called and " +
			"what status they got). A REST API stage has execution logging when a MethodSettings entry for all " +
			"methods (ResourcePath \"/*\", HttpMethod \"*\") sets LoggingLevel to ERROR or INFO; for a stage an " +
			"AWS::ApiGateway::Deployment creates, StageDescription.LoggingLevel does the same. SAM Api resources " +
			"are checked through the stages SAM generates (their MethodSettings pass through), including the extra " +
			"\"Stage\" stage SAM creates unless OpenApiVersion is set. For AWS::ApiGatewayV2::Stage only WebSocket " +
			"APIs are checked (DefaultRouteSettings.LoggingLevel): HTTP APIs have no execution logging. The " +
			"protocol is read from the stage's API in the template; a stage whose API is imported, passed as a " +
			"parameter or of unknown protocol is not judged.",
		Remediation: "Add a MethodSettings entry with ResourcePath \"/*\", HttpMethod \"*\" and LoggingLevel ERROR (or " +
			"INFO, which also logs request details) to the stage (StageDescription.LoggingLevel for a deployment's " +
			"stage), or DefaultRouteSettings.LoggingLevel for a WebSocket stage. The account needs an API Gateway " +
			"CloudWatch Logs role (AWS::ApiGateway::Account).",
		ResourceTypes: []string{"AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment", "AWS::ApiGatewayV2::Stage"},
		// KICS's API Gateway Access Logging Disabled query also asks for a
		// LoggingLevel that is set and not OFF (on MethodSettings and on
		// DefaultRouteSettings), beside the access-log settings of LOG006.
		Aliases: map[string][]string{"kics": {"80d45af4-4920-4236-a56e-b7ef419d1941"}},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		if r.Properties.IsUnknown() {
			return
		}
		props := model.Path{"Properties"}
		switch r.Type {
		case "AWS::ApiGateway::Stage":
			checkMethodSettings(p, r, props, r.Properties, "stage")
		case "AWS::ApiGateway::Deployment":
			if r.Prop("StageName") == nil {
				return // creates no stage
			}
			desc := r.Prop("StageDescription")
			switch {
			case desc == nil:
				p.Report(r, props.Append("StageDescription"), "deployment %s creates stage %s without execution "+
					"logging (StageDescription is not set%s)", r.ID, r.Prop("StageName").Describe(), samExtraStageHint(p.View, r))
				return
			case desc.Kind != model.Map:
				return
			}
			at := props.Append("StageDescription")
			if level := desc.Get("LoggingLevel"); level != nil {
				if loggingOff(level) {
					p.Report(r, at.Append("LoggingLevel"), "deployment %s creates stage %s with execution logging "+
						"off (StageDescription.LoggingLevel is OFF)", r.ID, r.Prop("StageName").Describe())
				}
				return // a level for every method, known or not
			}
			checkMethodSettings(p, r, at, desc, "deployment")
		case "AWS::ApiGatewayV2::Stage":
			checkRouteSettings(p, r)
		}
	},
}

// loggingOff reports a known LoggingLevel of OFF.
func loggingOff(level *model.Value) bool {
	s, ok := level.Str()
	return ok && strings.EqualFold(strings.TrimSpace(s), "OFF")
}

// allMethods reports whether a MethodSettings entry applies to every
// method: ResourcePath "/*" and HttpMethod "*". ok is false when either is
// unknown, so the entry may or may not be the catch-all one.
func allMethods(entry *model.Value) (all, ok bool) {
	path, pathOK := entry.Get("ResourcePath").Str()
	method, methodOK := entry.Get("HttpMethod").Str()
	if entry.Get("ResourcePath").IsUnknown() || entry.Get("HttpMethod").IsUnknown() {
		return false, false
	}
	return pathOK && methodOK && strings.TrimSpace(path) == "/*" && strings.TrimSpace(method) == "*", true
}

// checkMethodSettings reports when parent's MethodSettings have no
// catch-all entry with execution logging on. what names the resource kind
// in messages.
func checkMethodSettings(p *rule.Pass, r *model.Resource, at model.Path, parent *model.Value, what string) {
	settings := parent.Get("MethodSettings")
	if settings == nil {
		p.Report(r, at.Append("MethodSettings"), "%s %s has no execution logging (no MethodSettings entry for all "+
			"methods sets LoggingLevel)", what, r.ID)
		return
	}
	if settings.Kind != model.List {
		return // Unknown, or not a list
	}
	var catchAll *model.Value
	catchAllAt := -1
	for i, entry := range settings.Items() {
		if entry.Kind != model.Map {
			return // an entry we cannot read may be the catch-all
		}
		all, ok := allMethods(entry)
		level := entry.Get("LoggingLevel")
		switch {
		case !ok && level != nil && !loggingOff(level):
			return // may be the catch-all entry, logging
		case all && catchAll == nil:
			catchAll, catchAllAt = entry, i
		}
	}
	if catchAll == nil {
		p.Report(r, at.Append("MethodSettings"), "%s %s has no execution logging for all methods (no MethodSettings "+
			"entry with ResourcePath \"/*\" and HttpMethod \"*\" sets LoggingLevel)", what, r.ID)
		return
	}
	entryAt := at.Append("MethodSettings", catchAllAt)
	switch level := catchAll.Get("LoggingLevel"); {
	case level == nil:
		p.Report(r, entryAt.Append("LoggingLevel"), "%s %s has no execution logging (its MethodSettings entry for all "+
			"methods sets no LoggingLevel, which defaults to OFF)", what, r.ID)
	case loggingOff(level):
		p.Report(r, entryAt.Append("LoggingLevel"), "%s %s has execution logging off (LoggingLevel OFF for all "+
			"methods)", what, r.ID)
	}
}

// checkRouteSettings judges a WebSocket stage's DefaultRouteSettings.
func checkRouteSettings(p *rule.Pass, r *model.Resource) {
	if !webSocketAPI(p.View, r.Prop("ApiId")) {
		return
	}
	at := model.Path{"Properties", "DefaultRouteSettings"}
	defaults := r.Prop("DefaultRouteSettings")
	switch {
	case defaults == nil:
		p.Report(r, at, "WebSocket stage %s has no execution logging (DefaultRouteSettings is not set)", r.ID)
	case defaults.Kind != model.Map:
	case defaults.Get("LoggingLevel") == nil:
		p.Report(r, at.Append("LoggingLevel"), "WebSocket stage %s has no execution logging "+
			"(DefaultRouteSettings.LoggingLevel is not set, which means OFF)", r.ID)
	case loggingOff(defaults.Get("LoggingLevel")):
		p.Report(r, at.Append("LoggingLevel"), "WebSocket stage %s has execution logging off "+
			"(DefaultRouteSettings.LoggingLevel is OFF)", r.ID)
	}
}

// webSocketAPI reports whether apiID (a stage's ApiId) names an
// AWS::ApiGatewayV2::Api of the template whose ProtocolType is known to be
// WEBSOCKET. An API imported from OpenAPI (Body, BodyS3Location) is HTTP.
func webSocketAPI(v *model.View, apiID *model.Value) bool {
	if !apiID.IsUnknown() || apiID.Target() == "" {
		return false
	}
	api := v.Resource(apiID.Target())
	if api == nil || api.Type != "AWS::ApiGatewayV2::Api" {
		return false
	}
	proto, ok := api.Prop("ProtocolType").Str()
	return ok && strings.EqualFold(strings.TrimSpace(proto), "WEBSOCKET")
}
