// Package log holds the logging rules whose semantics go beyond one
// property check: every element that creates an API stage (LOG006, and
// its execution logging, LOG024, which needs the stage's API), the parts of a state machine's logging configuration (LOG022) and following a
// Lambda function to its role's policies (LOG012). The other LOG rules are
// Rego policies under policies/log.
package log

import "github.com/cfnvet/cfnvet/engine/rule"

// Rules returns the family's Go rules in id order.
func Rules() []*rule.Rule {
	return []*rule.Rule{APIStageAccessLogging, LambdaRoleCannotLog, StateMachineLogging, APIExecutionLogging}
}
