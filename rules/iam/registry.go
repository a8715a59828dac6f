// Package iam holds the IAM rules over one policy-document model
// (rules.md §0.3).
package iam

import "github.com/cfnvet/cfnvet/engine/rule"

// Rules returns the family's rules in id order.
func Rules() []*rule.Rule {
	return []*rule.Rule{
		FullAdmin, WildcardAction, WildcardResource, AllowNotAction, AllowNotResource, AllowNotPrincipal,
		TrustWildcardAction, TrustAnyPrincipal, CrossAccountTrust, PassRoleWildcard, PrivilegeEscalation,
		PublicResourcePolicy, ResourcePolicyAllActions, LambdaPublicInvoke, LambdaServiceNoSource,
		LambdaNonInvokeAction, AdministratorAccessAttached, ElevatedManagedPolicyAttached, BucketPublicWriteACL,
		BucketPublicReadACL, BlockPublicAccessDisabled, IoTWildcardAction, IoTWildcardResource,
		UserDirectPermissions, APIWithoutAuthorization, KeyAdminToWorkload,
	}
}
