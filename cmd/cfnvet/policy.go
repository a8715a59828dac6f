package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cfnvet/cfnvet/engine/policy"
	"github.com/cfnvet/cfnvet/policies"
)

func newPolicyCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{Use: "policy", Short: "Work with Rego policies"}
	cmd.AddCommand(&cobra.Command{
		Use:   "test [DIR]",
		Short: "Run user Rego policies' tests (sandboxed, like scan); without DIR, the built-in ones",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// The built-in library is always loaded so user tests can import data.cfnvet.lib.
			sources := []policy.Source{policies.Source()}
			var user policy.Source
			if len(args) == 1 {
				info, err := os.Stat(args[0])
				if err != nil || !info.IsDir() {
					return fmt.Errorf("%s: not a readable directory", args[0])
				}
				// Cleaned, so "./dir" and "dir/" name the same files as
				// the test locations do.
				user = policy.Dir(filepath.Clean(args[0]))
				sources = []policy.Source{policies.LibSource(), user}
			}
			results, err := policy.Test(cmd.Context(), sources...)
			if err != nil {
				return err
			}
			failed, shown := 0, 0
			for _, r := range results {
				if len(args) == 1 && r.Source != user.Name {
					continue // the library's own tests
				}
				shown++
				status := "PASS"
				if !r.Pass {
					status = "FAIL"
					failed++
				}
				fmt.Fprintf(s.out, "%s  %s  %s", status, r.Location, r.Name)
				if r.Err != nil {
					fmt.Fprintf(s.out, "  (%v)", r.Err)
				}
				fmt.Fprintln(s.out)
			}
			fmt.Fprintf(s.out, "%d passed, %d failed\n", shown-failed, failed)
			if failed > 0 || shown == 0 {
				return exitError{1}
			}
			return nil
		},
	})
	return cmd
}
