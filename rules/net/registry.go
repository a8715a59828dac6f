package net

import "github.com/cfnvet/cfnvet/engine/rule"

// Rules returns the family's rules in id order.
func Rules() []*rule.Rule {
	return []*rule.Rule{IngressOpenToWorld}
}
