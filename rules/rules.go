// Package rules assembles the built-in rule set: the Go rules of every
// family and the embedded Rego policies.
package rules

import (
	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/policies"
	"github.com/cfnvet/cfnvet/rules/enc"
	"github.com/cfnvet/cfnvet/rules/iam"
	"github.com/cfnvet/cfnvet/rules/log"
	"github.com/cfnvet/cfnvet/rules/net"
	"github.com/cfnvet/cfnvet/rules/sec"
)

// Go returns every built-in Go rule.
func Go() []*rule.Rule {
	var out []*rule.Rule
	out = append(out, iam.Rules()...)
	out = append(out, net.Rules()...)
	out = append(out, log.Rules()...)
	out = append(out, enc.Rules()...)
	out = append(out, sec.Rules()...)
	return out
}

// Policies returns the built-in Rego policy sources.
func Policies() []policy.Source { return []policy.Source{policies.Source()} }
