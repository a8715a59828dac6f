package iam

import "strings"

// resourceless are action patterns whose actions do not support
// resource-level permissions, so a statement must use Resource "*" for
// them (recalled from the AWS Service Authorization Reference; verify
// before extending). A statement made only of these is not an IAM003
// finding: the author cannot scope it.
var resourceless = []string{
	"ec2:describe*", "autoscaling:describe*", "elasticloadbalancing:describe*",
	"ecr:getauthorizationtoken",
	"cloudwatch:putmetricdata", "cloudwatch:getmetricdata", "cloudwatch:getmetricstatistics",
	"cloudwatch:listmetrics",
	"xray:puttracesegments", "xray:puttelemetryrecords", "xray:getsamplingrules", "xray:getsamplingtargets",
	"xray:getsamplingstatisticsummaries",
	"s3:listallmybuckets", "sts:getcalleridentity",
	"logs:createlogdelivery", "logs:getlogdelivery", "logs:updatelogdelivery", "logs:deletelogdelivery",
	"logs:listlogdeliveries", "logs:putresourcepolicy", "logs:describeresourcepolicies",
	"ssm:describeparameters", "ssmmessages:*", "ec2messages:*",
	"kms:createkey", "kms:listkeys", "kms:listaliases", "kms:generaterandom",
	"rekognition:detect*", "rekognition:comparefaces", "comprehend:detect*", "translate:translatetext",
	"textract:detectdocumenttext", "textract:analyzedocument",
	"codepipeline:putjobsuccessresult", "codepipeline:putjobfailureresult",
	"sns:listtopics", "sqs:listqueues", "lambda:listfunctions", "dynamodb:listtables",
	"ecs:discoverpollendpoint", "ecs:listclusters", "tag:getresources",
	"cloudformation:liststacks", "cloudformation:listexports", "cloudformation:validatetemplate",
	"eks:listclusters",
	// Cost Explorer reads (SAM's CostExplorerReadOnlyPolicy), found on the corpus.
	"ce:getcostandusage", "ce:getdimensionvalues", "ce:getreservationcoverage",
	"ce:getreservationpurchaserecommendation", "ce:getreservationutilization", "ce:gettags",
}

// onlyResourcelessActions reports a statement none of whose actions is known
// to support resource-level permissions. An opaque action might be one that
// does not, so it cannot make the statement reportable (Unknown never
// produces a finding).
func onlyResourcelessActions(st Statement) bool {
	actions := st.Elements("Action")
	if len(actions) == 0 {
		return false
	}
	for _, a := range actions {
		if s, ok := a.Value.Str(); ok && !isResourceless(s) {
			return false
		}
	}
	return true
}

// isResourceless reports an action (or action pattern) that is entirely
// covered by the resourceless list.
func isResourceless(action string) bool {
	action = strings.ToLower(strings.TrimSpace(action))
	for _, pat := range resourceless {
		if globMatch(pat, action) {
			return true
		}
	}
	return false
}
