// Command cfnvet-policyindex records the metadata of the built-in Rego
// policies in a Go file (policies/index_gen.go), so that building the rule
// registry, `cfnvet rules`, `explain` and the docs parse no Rego, and a
// scan parses and compiles only the policies its templates need.
// `go generate ./policies` runs it; TestPolicyIndexUpToDate fails when the
// committed file is stale.
//
//	go run ./cmd/cfnvet-policyindex -dir policies -o policies/index_gen.go
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cfnvet/cfnvet/engine/policy"
)

// The generated file's package and function, and the generator's name in
// its header; the staleness test renders with the same values.
const (
	goPackage = "policies"
	funcName  = "index"
	generator = "cmd/cfnvet-policyindex"
)

func main() {
	dir := flag.String("dir", ".", "the policies directory (the embedded source)")
	out := flag.String("o", "index_gen.go", "the Go file to write")
	flag.Parse()
	if err := write(*dir, *out); err != nil {
		fmt.Fprintf(os.Stderr, "cfnvet-policyindex: %v\n", err)
		os.Exit(1)
	}
}

func write(dir, out string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("policies directory %s: %w", dir, err)
	}
	// Messages and rule sources name files as the embedded source does:
	// "policies/<family>/<file>.rego".
	idx, err := policy.BuildIndex(policy.Source{FS: os.DirFS(abs), Name: filepath.Base(abs)})
	if err != nil {
		return err
	}
	src, err := policy.RenderIndex(goPackage, funcName, generator, idx)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, src, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}
