package iam

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// LambdaServiceNoSource is IAM015.
var LambdaServiceNoSource = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM015",
		Slug:     "iam-lambda-permission-service-no-source",
		Family:   rule.IAM,
		Severity: rule.Medium,
		Title:    "Lambda permission for an AWS service principal lacks SourceArn/SourceAccount",
		Description: "A permission for a service principal such as s3.amazonaws.com or sns.amazonaws.com without " +
			"SourceArn or SourceAccount lets that service invoke the function on behalf of any customer's " +
			"resource, not just yours: another account can point its bucket notifications or topic at your " +
			"function (the confused-deputy problem).",
		Remediation: "Add SourceArn with the ARN of the bucket, topic, rule or API that invokes the function, and " +
			"SourceAccount where the source ARN carries no account id (S3 buckets).",
		ResourceTypes: []string{"AWS::Lambda::Permission"},
		Aliases: map[string][]string{
			"checkov": {"CKV_AWS_364"},
			"trivy":   {"AVD-AWS-0067"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		principal := r.Prop("Principal")
		if !isServicePrincipal(principal) || r.Prop("SourceArn") != nil || r.Prop("SourceAccount") != nil {
			return
		}
		p.Report(r, model.Path{"Properties", "Principal"}, "service principal %s may invoke the function%s for "+
			"any source, in any account (no SourceArn or SourceAccount)", principal.Describe(), functionName(r))
	},
}
