// Package policies embeds the built-in Rego policies. Each rule policy is
// package cfnvet.rules.<id> with a # METADATA block carrying the same fields
// as a Go rule's Meta; shared helpers live in package cfnvet.lib.
package policies

import (
	"embed"
	"io/fs"

	"github.com/cfnvet/cfnvet/engine/policy"
)

// Every <family>/*.rego file is embedded, so a new family directory needs
// no change here (TestEveryPolicyFileIsEmbedded checks it).
//
//go:embed */*.rego
var files embed.FS

//go:generate go run ../cmd/cfnvet-policyindex -dir . -o index_gen.go

// Source returns the built-in policies as a policy source, with their
// metadata as go generate recorded it (index_gen.go), so loading them
// parses no Rego.
func Source() policy.Source {
	return policy.Source{FS: files, Name: "policies", Index: index(), Builtin: true}
}

// LibSource returns only the shared library (package cfnvet.lib), for user
// policies and their tests to import.
func LibSource() policy.Source {
	lib, err := fs.Sub(files, "lib")
	if err != nil {
		panic(err) // the directory is embedded above; this cannot fail
	}
	return policy.Source{FS: lib, Name: "policies/lib", Builtin: true}
}
