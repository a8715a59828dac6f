// Package sec holds the hard-coded-secrets rules. They read the raw
// template (r.Node, the Parameters and Outputs sections) rather than
// resolved values, because a resolved value may be a parameter value
// supplied at scan time, and supplying a secret at deploy time is exactly
// the safe pattern (rules.md §4.11). Messages never quote a secret: they
// name where it comes from and print a redacted form.
package sec

import "github.com/cfnvet/cfnvet/engine/rule"

// Rules returns the family's rules in id order.
func Rules() []*rule.Rule {
	return []*rule.Rule{HardCodedSecret, EchoedSecret, ParameterNotNoEcho, ParameterDefault, AuthMetadata,
		LambdaEnvSecret, UserDataSecret, ECSEnvSecret, SSMParameterSecret, OutputSecret, LoginProfileReset,
		MasterUsername, InitMetadataSecret, TagSecret}
}
