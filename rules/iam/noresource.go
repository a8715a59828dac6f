package iam

import (
	"strings"

	"github.com/cfnvet/cfnvet/rules/iam/iamdata"
)

// onlyResourcelessActions reports a statement all of whose actions need
// Resource "*" (needsWildcardResource), so the author could not scope it
// and IAM003 stays silent. An opaque action might be one that needs "*",
// so it cannot make the statement reportable (Unknown never produces a
// finding); a statement without known actions is not exempt.
func onlyResourcelessActions(st Statement) bool {
	actions := st.Elements("Action")
	if len(actions) == 0 {
		return false
	}
	for _, a := range actions {
		if s, ok := a.Value.Str(); ok && !needsWildcardResource(s) {
			return false
		}
	}
	return true
}

// needsWildcardResource reports an action, or action pattern, that cannot
// be granted on anything narrower than Resource "*", according to the
// Service Authorization Reference (package iamdata):
//
//   - a named action needs "*" when the Reference lists no resource type
//     for it, or a single optional one (iamdata.Action.NeedsWildcardResource:
//     cloudwatch:PutMetricData outside a dataset);
//   - a pattern (ec2:Describe*, ssmmessages:*) needs "*" when some action it
//     matches does, and every other one it matches is List-level only:
//     ec2:Describe* also matches ec2:DescribeInstanceAttribute, which takes
//     an instance ARN, but scoping a handful of listings out of a wildcard
//     is not what IAM003 asks for, while s3:Get* (reads of objects) stays
//     reportable.
//
// An action or pattern the data does not know (a new or misspelt action, a
// service missing from the pinned release) is treated as scopable, so the
// statement stays reportable: an unknown name is no evidence that "*" is
// needed.
func needsWildcardResource(pattern string) bool {
	pattern = strings.TrimSpace(pattern)
	if !strings.ContainsAny(pattern, "*?") {
		a, ok := iamdata.Lookup(pattern)
		return ok && a.NeedsWildcardResource()
	}
	some := false
	for a := range iamdata.Matching(pattern) {
		switch {
		case a.NeedsWildcardResource():
			some = true
		case a.Access != iamdata.List:
			return false
		}
	}
	return some
}
