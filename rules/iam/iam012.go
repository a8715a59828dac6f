package iam

import (
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// PublicResourcePolicy is IAM012.
var PublicResourcePolicy = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM012",
		Slug:     "iam-resource-policy-public",
		Family:   rule.IAM,
		Severity: rule.Critical,
		Title:    "Resource-based policy grants access to any principal without a restricting condition",
		Description: "A resource policy statement with Principal \"*\" (or AWS \"*\") grants its actions to " +
			"everyone, including anonymous callers for services that accept unsigned requests (S3, OpenSearch). " +
			"It is not public when a Condition ties the caller to an account, organisation, source ARN, VPC " +
			"endpoint or IP range with a positive operator and a non-wildcard value; aws:SecureTransport alone, " +
			"…IfExists and negated operators do not restrict who may call. Delegation to the account's access " +
			"points (s3:DataAccessPointAccount / s3:DataAccessPointArn) also counts as restricting. An OpenSearch or " +
			"Elasticsearch domain placed in a VPC (VPCOptions with SubnetIds) has no public endpoint: only clients " +
			"inside the VPC that its security groups admit can reach it, so its access policy is not reported.",
		Remediation: "Name the accounts, roles or service principals that need access, or add a Condition such " +
			"as StringEquals aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn or aws:SourceVpce.",
		ResourceTypes: ResourcePolicyTypes,
		Aliases: map[string][]string{
			"cfn_nag": {"F16", "F18", "F21", "F76"},
			"checkov": {"CKV_AWS_32", "CKV_AWS_33"},
			"kics": {"7772bb8c-c0f3-42d4-8e4e-f1b8939ad085", "f97b7d23-568f-4bcc-9ac9-02df0d57fbba",
				"faa8fddf-c0aa-4b2d-84ff-e993e233ebe9", "f6397a20-4cf1-4540-a997-1d363c25ef58",
				"acc78859-765e-4011-a229-a65ea57db252", "456b00a3-1072-4149-9740-6b8bb60251b0",
				"ae53ce91-42b5-46bf-a84f-9a13366a4f13", "9b6a3f5b-5fd6-40ee-9bc0-ed604911212d",
				"f6049677-ec4a-43af-8779-5190b6d03cba", "75be209d-1948-41f6-a8c8-e22dd0121134",
				"5c666ed9-b586-49ab-9873-c495a833b705"},
			"trivy": {"AVD-AWS-0032"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		if inVPC(r) {
			return
		}
		for _, st := range allowStatementsOf(p, r, resourceDocs) {
			if st.RestrictsPrincipal() {
				continue
			}
			for _, pr := range st.PublicPrincipals() {
				ReportStatement(p, r, st, pr.Path, "%s grants %s%s to any principal (%s) with no condition "+
					"restricting the caller's account, organisation, source or network",
					st.Name(), st.ActionSummary(), PolicyTarget(r), principalText(pr))
			}
		}
	},
}

// inVPC reports a search domain with VPC access: VPCOptions naming subnets
// (an opaque VPCOptions or SubnetIds may, so it counts). Such a domain has
// no internet-facing endpoint; VPCOptions without subnets leaves it public.
func inVPC(r *model.Resource) bool {
	if r.Type != "AWS::OpenSearchService::Domain" && r.Type != "AWS::Elasticsearch::Domain" {
		return false
	}
	vpc := r.Prop("VPCOptions")
	if vpc.IsUnknown() {
		return true
	}
	subnets := vpc.Get("SubnetIds")
	return subnets.IsUnknown() || (subnets != nil && subnets.Kind == model.List && len(subnets.Items()) > 0)
}
