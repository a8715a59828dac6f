package log

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// APIStageAccessLogging is LOG006.
var APIStageAccessLogging = &rule.Rule{
	Meta: rule.Meta{
		ID:       "LOG006",
		Slug:     "api-gateway-access-logging-disabled",
		Family:   rule.LOG,
		Severity: rule.Medium,
		Sets:     []string{"logging"},
		Title:    "API Gateway stage access logging not configured",
		Description: "Without access logs an API Gateway stage keeps no record of callers, their source addresses or " +
			"the responses they got, so credential stuffing or abuse of an API cannot be traced. Every element that " +
			"creates a stage is checked: AWS::ApiGateway::Stage, an AWS::ApiGateway::Deployment with a StageName " +
			"(through StageDescription.AccessLogSetting), and AWS::ApiGatewayV2::Stage (HTTP and WebSocket APIs). SAM " +
			"APIs are checked through the stages SAM creates for them, including the implicit API of Api events " +
			"and the extra \"Stage\" stage of every SAM REST API without OpenApiVersion. Execution logging " +
			"(MethodSettings.LoggingLevel) is a different feature and is not required here.",
		Remediation: "Set AccessLogSetting.DestinationArn (REST APIs and SAM Api) or AccessLogSettings.DestinationArn " +
			"(ApiGatewayV2 stages and SAM HttpApi) to a CloudWatch Logs log group or Firehose stream ARN, with a Format.",
		ResourceTypes: []string{"AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment", "AWS::ApiGatewayV2::Stage"},
		Aliases: map[string][]string{
			"cfn_nag": {"W45", "W46", "W69"},
			"checkov": {"CKV_AWS_76", "CKV_AWS_95"},
			"kics": {"80d45af4-4920-4236-a56e-b7ef419d1941", "06ec63e3-9f72-4fe2-a218-2eb9200b8db5",
				"0a994e04-c6dc-471d-817e-d37451d18a3b"},
			"trivy": {"AVD-AWS-0001", "AVD-AWS-0113", "AVD-AWS-0116"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		if r.Properties.IsUnknown() {
			return
		}
		props := model.Path{"Properties"}
		switch r.Type {
		case "AWS::ApiGateway::Stage":
			checkAccessLog(p, r, props, r.Properties, "AccessLogSetting", "stage")
		case "AWS::ApiGatewayV2::Stage":
			checkAccessLog(p, r, props, r.Properties, "AccessLogSettings", "stage")
		case "AWS::ApiGateway::Deployment":
			if r.Prop("StageName") == nil {
				return // creates no stage
			}
			desc := r.Prop("StageDescription")
			if desc == nil {
				p.Report(r, props.Append("StageDescription"), "deployment %s creates stage without access logging "+
					"(StageDescription.AccessLogSetting is not set%s)", r.ID, samExtraStageHint(p.View, r))
				return
			}
			checkAccessLog(p, r, props.Append("StageDescription"), desc, "AccessLogSetting", "deployment")
		}
	},
}

// checkAccessLog reports when parent (a known mapping, or nil for a
// resource without Properties) lacks key.DestinationArn.
func checkAccessLog(p *rule.Pass, r *model.Resource, at model.Path, parent *model.Value, key, what string) {
	if parent.IsUnknown() {
		return
	}
	setting := parent.Get(key)
	switch {
	case setting == nil:
		p.Report(r, at.Append(key), "%s %s has no access logging (%s is not set)", what, r.ID, key)
	case setting.Kind == model.Map && blank(setting.Get("DestinationArn")):
		p.Report(r, at.Append(key, "DestinationArn"), "%s %s has no access logging (%s.DestinationArn is not set)",
			what, r.ID, key)
	}
}
