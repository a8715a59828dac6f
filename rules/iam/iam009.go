package iam

import (
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/internal/lazyregexp"
)

// CrossAccountTrust is IAM009.
var CrossAccountTrust = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM009",
		Slug:     "iam-cross-account-trust-unconditioned",
		Family:   rule.IAM,
		Severity: rule.Medium,
		Title:    "Cross-account role trust without ExternalId, MFA or organization condition",
		Description: "A role that another account may assume without an sts:ExternalId, MFA or organisation " +
			"condition is open to the confused-deputy problem: a third party that serves many customers can be " +
			"tricked into using your role on someone else's behalf, and any principal in the trusted account " +
			"that the account's own policies allow can assume it. Literal account ids are compared with the " +
			"account supplied as --parameter AWS::AccountId=…; without it they count as foreign, while " +
			"${AWS::AccountId} references count as the template's own account.",
		Remediation: "Add a Condition: StringEquals sts:ExternalId for third parties, Bool " +
			"aws:MultiFactorAuthPresent \"true\" for people, or StringEquals aws:PrincipalOrgID / aws:PrincipalArn " +
			"for accounts of your organisation. Supply AWS::AccountId when a literal id is your own account.",
		ResourceTypes: TrustTypes,
		Aliases: map[string][]string{
			"checkov": {"CKV_AWS_61"},
			"kics":    {"85138beb-ce7c-4ca3-a09f-e8fbcc57ddd7", "f80e3aa7-7b34-4185-954e-440a6894dde6"},
		},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		for _, st := range allowStatementsOf(p, r, trustDocs) {
			if len(st.ActionsMatching("sts:AssumeRole")) == 0 || crossAccountGuarded(st) {
				continue
			}
			for _, pr := range st.Principals() {
				if pr.Type != "AWS" {
					continue
				}
				acct, ok := principalAccount(pr.Value)
				if !ok || acct == p.Options.AccountID {
					continue
				}
				ReportStatement(p, r, st, pr.Path, "%s lets account %s assume the role without an sts:ExternalId, "+
					"MFA or organisation condition", st.Name(), acct)
			}
		}
	},
}

var (
	accountID         = lazyregexp.New(`^\d{12}$`)
	accountIAMPrinARN = lazyregexp.New(`^arn:[a-z-]+:iam::(\d{12}):(root|role/.+|user/.+)$`)
)

// principalAccount returns the account of a literal AWS principal. Values
// built from ${AWS::AccountId} are the template's own account and opaque
// values are unknown: neither is returned.
func principalAccount(v *model.Value) (string, bool) {
	s, ok := v.Str()
	if !ok {
		return "", false
	}
	for _, pr := range v.Prov() {
		if pr.Kind == model.FromPseudoParameter && pr.Name == "AWS::AccountId" {
			return "", false
		}
	}
	s = strings.TrimSpace(s)
	if accountID.MatchString(s) {
		return s, true
	}
	if m := accountIAMPrinARN.FindStringSubmatch(s); m != nil {
		return m[1], true
	}
	return "", false
}

// crossAccountGuarded reports a Condition that ties cross-account
// assumption to an external id, MFA or the organisation; an opaque
// Condition counts as guarded.
func crossAccountGuarded(st Statement) bool {
	conds, known := st.Conditions()
	if !known {
		return true
	}
	for _, c := range conds {
		switch strings.ToLower(c.Key) {
		case "sts:externalid", "aws:principalorgid", "aws:principalarn":
			if c.restricts() {
				return true
			}
		case "aws:multifactorauthpresent":
			if strings.EqualFold(c.Operator, "Bool") {
				for _, v := range c.Values {
					if v.IsTrue() || v.IsUnknown() {
						return true
					}
				}
			}
		}
	}
	return false
}
