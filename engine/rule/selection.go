package rule

// Selection is the set of rules a scan runs and the severities the user
// gave them instead of the rules' defaults.
type Selection struct {
	Enabled map[string]bool
	// Severity overrides, by rule id. They apply to every finding of the
	// rule and to its metadata, so every output format and the exit code
	// see the same severity.
	Severity map[string]Severity
}
