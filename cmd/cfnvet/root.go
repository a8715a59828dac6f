package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cfnvet/cfnvet/engine/config"
)

// exitError carries an exit code chosen by a command.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// streams are the command's standard I/O, injected for tests.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

func newRootCmd(s streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "cfnvet",
		Short: "Static security linter for CloudFormation, SAM, CDK and Serverless Framework templates",
		Long: "cfnvet reads CloudFormation templates and reports insecure infrastructure: over-permissive IAM,\n" +
			"security groups open to the world, disabled logging, missing encryption and plain-text secrets.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
	}
	// cfnvet --version prints what cfnvet version does; the template is
	// literal text (a "{{" in a version string is quoted).
	root.SetVersionTemplate(strings.ReplaceAll(versionText(), "{{", `{{"{{"}}`))
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.err)
	root.AddCommand(newScanCmd(s), newRulesCmd(s), newExplainCmd(s), newVersionCmd(s), newCompletionCmd(s), newPolicyCmd(s))
	return root
}

// run executes the CLI and returns the process exit code: the one place
// errors become exit statuses.
func run(args []string, in io.Reader, out, errOut io.Writer) int {
	root := newRootCmd(streams{in: in, out: out, err: errOut})
	root.SetArgs(args)
	err := root.Execute()
	var ee exitError
	var ce *config.Error
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ce):
		// file:line:col: message, unprefixed, as editors and CI annotations
		// parse it.
		fmt.Fprintln(errOut, ce)
		return 2
	default:
		fmt.Fprintf(errOut, "cfnvet: %v\n", err)
		return 2
	}
}
