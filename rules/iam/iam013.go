package iam

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/internal/lazyregexp"
)

// ResourcePolicyAllActions is IAM013.
var ResourcePolicyAllActions = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM013",
		Slug:     "iam-resource-policy-all-actions",
		Family:   rule.IAM,
		Severity: rule.High,
		Title:    "S3/SQS/SNS resource policy allows all actions",
		Description: "A bucket, queue or topic policy that allows \"*\" or the service wildcard (s3:*, sqs:*, " +
			"sns:*) lets the named principals also change the policy itself, delete the resource or read " +
			"everything in it. KMS key policies are not reported: kms:* for the account root is the AWS default " +
			"key policy. Nor are statements that grant only to the owner's own account: its root (built from " +
			"${AWS::AccountId}, or a literal id equal to --account-id) or, with Principal \"*\", the account's " +
			"own access points (StringEquals s3:DataAccessPointAccount, AWS's documented delegation). Such a " +
			"grant adds nothing the account's identity policies do not already decide. A principal that cannot be " +
			"resolved (a parameter without value) may be the owner's account, so it is not reported either.",
		Remediation: "Grant the specific actions each principal needs (s3:GetObject, sqs:SendMessage, " +
			"sns:Publish). Keep wildcard actions for Deny statements.",
		ResourceTypes: []string{"AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SQS::QueueInlinePolicy",
			"AWS::SNS::TopicPolicy", "AWS::SNS::TopicInlinePolicy"},
		Aliases: map[string][]string{
			"cfn_nag": {"F15", "F20"},
			"kics":    {"4ae8af91-5108-42cb-9471-3bdbe596eac9"},
			"trivy":   {"AVD-AWS-0097"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, st := range allowStatementsOf(p, r, resourceDocs) {
			if grantsOnlyOwnAccount(st, p.Options.AccountID) {
				continue
			}
			for _, a := range st.Elements("Action") {
				if isWildcardAction(a.Value) {
					ReportStatement(p, r, st, a.Path, "%s allows the wildcard action %s%s",
						st.Name(), a.Value.Describe(), PolicyTarget(r))
				}
			}
		}
	},
}

// grantsOnlyOwnAccount reports a statement whose every principal is the
// deploying account's root, or that delegates to that account's access
// points. account is --account-id ("" when not given).
func grantsOnlyOwnAccount(st Statement, account string) bool {
	prs := st.Principals()
	if len(prs) == 0 {
		return false
	}
	if len(st.PublicPrincipals()) == len(prs) {
		return delegatesToOwnAccessPoints(st, account)
	}
	for _, pr := range prs {
		aws := pr.Type == "AWS" || (pr.Type == "" && pr.Value.IsUnknown())
		if !aws || !isOwnAccountRoot(pr.Value, account) {
			return false
		}
	}
	return true
}

// rootARNPattern is an account root ARN whose parts may still be ${…}
// placeholders (Fn::Sub or Fn::Join text).
var rootARNPattern = lazyregexp.New(`^arn:(?:\$\{[^}]*\}|[^:$]+):iam::(\$\{[^}]*\}|[^:]+):root$`)

// isOwnAccountRoot reports a principal that is, or may be, the deploying
// account: its id or root ARN, built from AWS::AccountId, equal to the
// supplied account, or opaque where an account id goes (a parameter may
// hold the owner's account; Unknown never produces a finding).
func isOwnAccountRoot(v *model.Value, account string) bool {
	if v.IsUnknown() {
		text := strings.TrimSpace(v.Partial())
		if text == "" {
			return true
		}
		m := rootARNPattern.FindStringSubmatch(text)
		return m != nil && strings.Contains(m[1], "${")
	}
	s, ok := v.Str()
	if !ok {
		return false
	}
	s = strings.TrimSpace(s)
	acct := s
	if m := accountIAMPrinARN.FindStringSubmatch(s); m != nil && m[2] == "root" {
		acct = m[1]
	}
	return isOwnAccountID(acct, account)
}

// isOwnAccount reports a condition value that is, or may be, the deploying
// account id.
func isOwnAccount(v *model.Value, account string) bool {
	if v.IsUnknown() {
		return true
	}
	s, ok := v.Str()
	return ok && isOwnAccountID(strings.TrimSpace(s), account)
}

// isOwnAccountID reports the supplied account's id. Without --account-id
// no literal id is known to be the owner's: ${AWS::AccountId} then stays
// unresolved and is judged by its text.
func isOwnAccountID(id string, account string) bool {
	return account != "" && id == account && accountID.MatchString(id)
}

// delegatesToOwnAccessPoints reports a positive s3:DataAccessPointAccount
// test naming only the deploying account: access goes through that
// account's access points, whose own policies decide it.
func delegatesToOwnAccessPoints(st Statement, account string) bool {
	conds, known := st.Conditions()
	if !known {
		return true // an opaque Condition may be this delegation
	}
	for _, c := range conds {
		if !strings.EqualFold(c.Key, "s3:DataAccessPointAccount") || !c.IsPositive() || len(c.Values) == 0 {
			continue
		}
		own := true
		for _, v := range c.Values {
			own = own && isOwnAccount(v, account)
		}
		if own {
			return true
		}
	}
	return false
}
