package iam

import "github.com/cfnvet/cfnvet/engine/model"

// ownershipNote explains, for a public canned ACL, that a bucket without
// OwnershipControls gets BucketOwnerEnforced (ACLs disabled) by default,
// so the template only deploys once ACLs are re-enabled: the public ACL is
// still the author's intent.
func ownershipNote(r *model.Resource) string {
	if r.Prop("OwnershipControls") != nil {
		return ""
	}
	return "; with no OwnershipControls the AWS default BucketOwnerEnforced rejects ACLs and the deployment " +
		"fails, but the intent is a public bucket"
}

// cannedACL returns the bucket's resolved AccessControl.
func cannedACL(r *model.Resource) (*model.Value, string, bool) {
	v := r.Prop("AccessControl")
	s, ok := v.Str()
	return v, s, ok
}
