// Package policies embeds the built-in Rego policies. Each rule policy is
// package cfnvet.rules.<id> with a # METADATA block carrying the same fields
// as a Go rule's Meta; shared helpers live in package cfnvet.lib.
package policies

import (
	"embed"

	"github.com/cfnvet/cfnvet/engine/policy"
)

//go:embed lib log enc
var files embed.FS

// Source returns the built-in policies as a policy source.
func Source() policy.Source { return policy.Source{FS: files, Name: "policies"} }
