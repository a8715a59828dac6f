package log

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// StateMachineLogging is LOG022.
var StateMachineLogging = &rule.Rule{
	Meta: rule.Meta{
		ID:       "LOG022",
		Slug:     "step-functions-logging-disabled",
		Family:   rule.LOG,
		Severity: rule.Low,
		Sets:     []string{"logging"},
		Title:    "Step Functions state machine logging disabled",
		Description: "A state machine without execution logging leaves failed or tampered executions unexplained: the " +
			"execution history of standard workflows expires after 90 days and express workflows keep none at all. " +
			"Logging is off when the logging configuration is absent, its Level is OFF (the default when Level is " +
			"omitted) or it has no destination. A SAM state machine's Logging property (or its Globals) is read as " +
			"the LoggingConfiguration SAM passes it to.",
		Remediation: "Set LoggingConfiguration (Logging for SAM) with Level ALL or ERROR and a Destinations entry " +
			"pointing at a CloudWatch Logs log group.",
		ResourceTypes: []string{"AWS::StepFunctions::StateMachine"},
		Aliases:       map[string][]string{"trivy": {"AVD-AWS-0119"}},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		if r.Properties.IsUnknown() {
			return
		}
		key := "LoggingConfiguration"
		at := model.Path{"Properties", key}
		cfg := r.Prop(key)
		switch {
		case cfg == nil:
			p.Report(r, at, "state machine %s has logging turned off (%s is not set)", r.ID, key)
			return
		case cfg.Kind != model.Map:
			return
		}
		level := cfg.Get("Level")
		if s, ok := level.Str(); level == nil || (ok && strings.EqualFold(s, "OFF")) {
			p.Report(r, at.Append("Level"), "state machine %s has logging turned off (%s.Level is OFF or not set)", r.ID, key)
			return
		}
		if dest := cfg.Get("Destinations"); dest == nil || (dest.Kind == model.List && len(dest.Items()) == 0) {
			p.Report(r, at.Append("Destinations"), "state machine %s logs nowhere (%s.Destinations is empty)", r.ID, key)
		}
	},
}
