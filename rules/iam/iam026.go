package iam

import (
	"fmt"
	"strings"

	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/internal/lazyregexp"
)

// KeyAdminToWorkload is IAM026.
var KeyAdminToWorkload = &rule.Rule{
	Meta: rule.Meta{
		ID:       "IAM026",
		Slug:     "kms-key-admin-to-workload",
		Family:   rule.IAM,
		Severity: rule.High,
		Title:    "KMS key policy gives key administration to a principal that uses the key or to a workload",
		Description: "Key administration (kms:PutKeyPolicy, kms:ScheduleKeyDeletion, kms:DisableKey, " +
			"kms:DisableKeyRotation, kms:DeleteImportedKeyMaterial, kms:UpdatePrimaryRegion, and kms:CreateGrant " +
			"without a kms:GrantIsForAWSResource condition, also through kms:*, kms:Put*, kms:Disable*, …) lets a " +
			"principal take the key over, hand its use to anyone, or destroy every piece of data it encrypts. A " +
			"key policy statement is reported when it grants such an action to a principal that the same policy " +
			"also lets use the key (Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, Sign, Verify, GenerateMac, " +
			"VerifyMac; kms:* grants both), or to a workload: a service principal, or a role of the template that " +
			"an AWS service assumes (a Lambda, EC2, ECS task or other service role). The account root (the AWS " +
			"default and CDK/SAM key policy, kms:* for arn:…:iam::${AWS::AccountId}:root or the account id), " +
			"which delegates to the account's IAM policies, is never reported, nor are administrators that do " +
			"not use the key. Principal \"*\" is IAM012's. A statement whose Condition requires kms:ViaService " +
			"only lets a service act, which administration calls never are, so it is not reported; a principal " +
			"that cannot be resolved is reported only when the same value also uses the key.",
		Remediation: "Keep key administration for the account root or a dedicated key-administrator role, and " +
			"grant workloads only the usage actions they need (kms:Decrypt, kms:GenerateDataKey), with " +
			"kms:CreateGrant conditioned on kms:GrantIsForAWSResource.",
		ResourceTypes: []string{"AWS::KMS::Key", "AWS::KMS::ReplicaKey"},
		Aliases:       map[string][]string{},
	},
	Check: func(p *rule.Pass, r *model.Resource) {
		statements := allowStatementsOf(p, r, resourceDocs)
		users := map[string]bool{}
		for _, st := range statements {
			if len(keyUsage(st)) == 0 {
				continue
			}
			for _, pr := range st.Principals() {
				users[principalKey(pr)] = true
			}
		}
		for _, st := range statements {
			admin := keyAdministration(st)
			if len(admin) == 0 {
				continue
			}
			for _, pr := range st.Principals() {
				why := adminProblem(p.View, pr, users)
				if why == "" {
					continue
				}
				// The text of a Sub-built ARN says which role; "Fn::Sub" does not.
				ReportStatement(p, r, st, admin[0].element.Path, "%s lets Principal.%s %s administer key %s (%s), and %s",
					st.Name(), pr.Type, describeRef(pr.Value), r.ID, adminNames(admin), why)
			}
		}
	},
}

// keyAdminActions are the actions that change who controls a key or
// disable or destroy it (kms:CreateGrant is judged with its condition).
var keyAdminActions = []string{"kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey",
	"kms:DisableKeyRotation", "kms:DeleteImportedKeyMaterial", "kms:UpdatePrimaryRegion", "kms:CreateGrant"}

// keyUsageActions are the cryptographic operations on a key.
var keyUsageActions = []string{"kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
	"kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateDataKeyPair",
	"kms:GenerateDataKeyPairWithoutPlaintext", "kms:Sign", "kms:Verify", "kms:GenerateMac", "kms:VerifyMac"}

type grantedAction struct {
	action  string
	element Element
}

// keyAdministration returns the administration actions an Allow statement
// grants, each with the first Action element granting it.
func keyAdministration(st Statement) []grantedAction {
	conds, known := st.Conditions()
	if !known || requiresViaService(conds) {
		return nil
	}
	var out []grantedAction
	for _, action := range keyAdminActions {
		if action == "kms:CreateGrant" && grantsForAWSResourceOnly(conds) {
			continue
		}
		if els := st.ActionsMatching(action); len(els) > 0 {
			out = append(out, grantedAction{action: action, element: els[0]})
		}
	}
	return out
}

// keyUsage returns the usage actions an Allow statement grants.
func keyUsage(st Statement) []string {
	var out []string
	for _, action := range keyUsageActions {
		if len(st.ActionsMatching(action)) > 0 {
			out = append(out, action)
		}
	}
	return out
}

func requiresViaService(conds []Condition) bool {
	for _, c := range conds {
		if strings.EqualFold(c.Key, "kms:ViaService") && c.restricts() {
			return true
		}
	}
	return false
}

// grantsForAWSResourceOnly reports a kms:GrantIsForAWSResource test that
// only lets AWS services integrated with KMS create grants.
func grantsForAWSResourceOnly(conds []Condition) bool {
	for _, c := range conds {
		if !strings.EqualFold(c.Key, "kms:GrantIsForAWSResource") || !strings.EqualFold(c.Operator, "Bool") {
			continue
		}
		for _, v := range c.Values {
			if b, ok := v.Bool(); !ok || b {
				return true // true, or opaque: Unknown never produces a finding
			}
		}
	}
	return false
}

func adminNames(admin []grantedAction) string {
	names := make([]string, len(admin))
	for i, a := range admin {
		names[i] = a.action
	}
	return strings.Join(names, ", ")
}

// adminProblem says why an administering principal is reported, or "".
func adminProblem(v *model.View, pr Principal, users map[string]bool) string {
	switch {
	case pr.Type != "AWS" && pr.Type != "Service":
		return "" // "*" is IAM012's; federated and canonical users cannot hold key policy grants here
	case pr.Type == "AWS" && isAccountRoot(pr.Value):
		return ""
	case !knownIdentity(v, pr.Value):
		return "" // a parameter may hold the account root
	case users[principalKey(pr)]:
		return "the same policy lets it use the key: administration and use are not separated"
	case pr.Type == "Service":
		return "it is a service principal, which needs only the key's usage actions"
	}
	if role, service := serviceRole(v, pr.Value); role != "" {
		return fmt.Sprintf("%s is a workload role (assumed by %s)", role, service)
	}
	return ""
}

// identityARN is a role or user ARN whose parts may be ${…} placeholders,
// which may hold colons themselves (${AWS::AccountId}).
var identityARN = lazyregexp.New(`^arn:(?:\$\{[^}]*\}|[^:$]*):iam::(?:\$\{[^}]*\}|[^:$]*):(role|user)/`)

// knownIdentity reports a principal value known not to be an account: a
// literal, a role or user ARN built by Fn::Sub or Fn::Join, or a Fn::GetAtt
// of one of the template's resources.
func knownIdentity(v *model.View, pv *model.Value) bool {
	if !pv.IsUnknown() {
		return true
	}
	if pv.Fn() == "Fn::GetAtt" {
		return v.Resource(pv.Target()) != nil
	}
	return identityARN.MatchString(strings.TrimSpace(pv.Partial()))
}

// accountIDPrincipal is a bare 12-digit account id.
var accountIDPrincipal = lazyregexp.New(`^\d{12}$`)

// isAccountRoot reports an account as a principal: its root ARN (literal or
// built from ${AWS::AccountId}) or its id. Any account's root delegates to
// that account's IAM policies; a cross-account grant is another rule's.
func isAccountRoot(v *model.Value) bool {
	if v.IsUnknown() {
		if v.Fn() == "Ref" && v.Target() == "AWS::AccountId" {
			return true
		}
		return rootARNPattern.MatchString(strings.TrimSpace(v.Partial()))
	}
	s, ok := v.Str()
	s = strings.TrimSpace(s)
	return ok && (accountIDPrincipal.MatchString(s) || rootARNPattern.MatchString(s))
}

// principalKey identifies a principal value across statements: the same
// literal, or the same reference.
func principalKey(pr Principal) string {
	v := pr.Value
	if v.IsUnknown() {
		if v.Partial() != "" {
			return pr.Type + " text " + v.Partial()
		}
		return pr.Type + " " + v.Fn() + " " + v.Target() + "." + v.Attr()
	}
	s, _ := v.Str()
	return pr.Type + " " + strings.ToLower(strings.TrimSpace(s))
}

// serviceRole returns the template role a principal value names (GetAtt
// Role.Arn) and the service principal its trust policy admits, when an AWS
// service assumes it.
func serviceRole(v *model.View, pv *model.Value) (role, service string) {
	if !pv.IsUnknown() || pv.Fn() != "Fn::GetAtt" || pv.Attr() != "Arn" {
		return "", ""
	}
	r := v.Resource(pv.Target())
	if r == nil || r.Type != "AWS::IAM::Role" {
		return "", ""
	}
	for _, d := range TrustDocuments(r) {
		for _, st := range d.Statements() {
			if !st.IsAllow() {
				continue
			}
			for _, tp := range st.Principals() {
				if s, ok := tp.Value.Str(); ok && tp.Type == "Service" {
					return r.ID, s
				}
			}
		}
	}
	return "", ""
}
