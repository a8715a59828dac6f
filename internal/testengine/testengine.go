// Package testengine builds scan engines for tests, so that each test
// states only what differs from the built-in rule set and a failure to
// build one reads the same everywhere.
package testengine

import (
	"context"
	"testing"

	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/rules"
)

// Builtin returns an engine with every built-in Go rule and Rego policy
// and the rest of cfg (selection, inputs, options) as given.
func Builtin(tb testing.TB, cfg scan.Config) *scan.Engine {
	tb.Helper()
	if cfg.GoRules != nil || cfg.Policies != nil {
		tb.Fatal("testengine.Builtin adds the built-in rules itself; use testengine.New for a rule set of your own")
	}
	cfg.GoRules, cfg.Policies = rules.Go(), rules.Policies()
	return New(tb, cfg)
}

// New returns an engine for cfg exactly as given.
func New(tb testing.TB, cfg scan.Config) *scan.Engine {
	tb.Helper()
	eng, err := scan.New(context.Background(), cfg)
	if err != nil {
		tb.Fatalf("build engine: %v", err)
	}
	return eng
}
