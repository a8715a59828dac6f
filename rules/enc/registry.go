// Package enc holds the encryption rules whose semantics go beyond one
// property check: joining buckets to the bucket policies that target them
// and reading those policies' statements (ENC002). The other ENC rules are
// Rego policies under policies/enc.
package enc

import "github.com/cfnvet/cfnvet/engine/rule"

// Rules returns the family's Go rules in id order.
func Rules() []*rule.Rule {
	return []*rule.Rule{TLSNotEnforced}
}
