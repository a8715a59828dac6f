// Package finding owns the result types of a scan — a located finding, its
// suppression, the outcome per file and for the whole scan — and the two
// numbers computed from them: the summary and the exit code. It is a leaf
// of the pipeline: configuration, suppression sources, baselines and
// printers import it without importing the pipeline that produces it.
package finding

import (
	"github.com/cfnvet/cfnvet/engine/discover"
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/template"
)

// Finding is one located, user-facing result.
type Finding struct {
	Rule         *rule.Meta
	Severity     rule.Severity
	Message      string
	File         string
	Resource     string
	ResourceType string
	Path         model.Path
	Range        template.Range
	Provenance   []model.Provenance
	CDKPath      string
	// SAMResource is the logical id of the AWS::Serverless::* resource the
	// finding is on; ServerlessFunction the Serverless Framework function
	// (as named in serverless.yml) a generated resource belongs to.
	SAMResource        string
	ServerlessFunction string
	// Origin is where the user wrote what generated the resource: the CDK
	// app's line that created its construct, the serverless.yml key, the
	// SAM resource. Nil for hand-written templates and when unknown.
	Origin *Origin
	// Fingerprint identifies the finding independently of its position:
	// see the fingerprint package for the scheme.
	Fingerprint string
	// LegacyFingerprint is the fingerprint of the first scheme (list
	// elements by index), kept so baselines written with it still match.
	LegacyFingerprint string
	Suppressed        bool
	Suppression       *Suppression
}

// Origin is a position in a file the user edits (not the template the
// finding is located in). File reads like the template paths beside it.
type Origin struct {
	File         string
	Line, Column int
}

// Sources of suppressions written outside the template. They are external
// in SARIF terms: the template itself does not say the finding is accepted.
const (
	SourceConfig   = "config"
	SourceBaseline = "baseline"
)

// Suppression records why a finding is suppressed.
type Suppression struct {
	Source  string // cfnvet, cfn_nag, …, config, baseline
	Reason  string
	Expires string
	Line    int
	// File is the config or baseline file an external suppression is
	// written in (Line is in that file); empty for in-template ones.
	File string
}

// External reports whether a suppression lives outside the template (a
// config file or a baseline) rather than in its Metadata.
func (s *Suppression) External() bool {
	return s.Source == SourceConfig || s.Source == SourceBaseline
}

// FileResult is the outcome for one input file.
type FileResult struct {
	File      string
	Kind      string
	Resources int
	// Inventory lists the template's resources in source order, so that
	// outputs can also show what passed (JUnit test cases).
	Inventory []ResourceRef
	Findings  []Finding
	Warnings  []template.Diagnostic
	Err       *template.Error
	// RuleErrors are rules that could not be evaluated on this file (a
	// policy that failed or ran out of its budget). Unlike Err, they leave
	// the file scanned: every other rule's findings are in Findings.
	RuleErrors []RuleError
	// Skipped is set for YAML/JSON files that are not templates.
	Skipped bool
	// SkipReason says why a file was skipped (for --verbose and for Run,
	// which turns an empty file named on the command line into an error).
	SkipReason string
	// Role says which framework build output the file was found in, or
	// which parent stack it is nested in.
	Role discover.Role
	// Conditions are the names the template declares in its Conditions
	// section, to tell a forced condition with a typo from a real one.
	Conditions []string
}

// Compact returns the record of a file kept once its full result has been
// written (streamed output): what the summary, the exit code, the baseline
// and the config file's suppress entries read. The resource inventory,
// warnings and the findings' messages and provenance are dropped.
func (f FileResult) Compact() FileResult {
	f.Inventory, f.Warnings = nil, nil
	if len(f.Findings) > 0 {
		findings := make([]Finding, len(f.Findings))
		for i, fd := range f.Findings {
			fd.Message, fd.Provenance, fd.Origin = "", nil, nil
			findings[i] = fd
		}
		f.Findings = findings
	}
	return f
}

// RuleError is one rule that could not be evaluated on a file.
type RuleError struct {
	Rule   string // rule id
	Source string // where the rule is defined (a policy file and line)
	Msg    string // what went wrong, naming the rule and the file
}

// ResourceRef names one resource of a template.
type ResourceRef struct {
	ID, Type string
}

// Result is the outcome of a whole scan.
type Result struct {
	Files []FileResult
	// Baseline says how a baseline file was used; nil without one.
	Baseline *BaselineUse
	// Warnings concern the whole scan rather than one file: suppressions
	// outside the templates that expired or matched nothing.
	Warnings []string
	// Notes say why some files were scanned or how (a git-ignored build
	// output entered, a nested stack scanned with its parent's
	// parameters); shown with --verbose.
	Notes []string
	// Config names the configuration file in effect; nil when the caller
	// did not say (an embedder without a config file).
	Config *ConfigFile
}

// ConfigFile says which configuration file a scan used and how it was
// chosen, so that no setting applies without a word.
type ConfigFile struct {
	// Path is the file as messages show it; "" when no file applies.
	Path string
	// Origin is how it was chosen: ConfigFound, ConfigNamed, ConfigOff or
	// ConfigNone.
	Origin string
}

// How a scan's configuration file was chosen.
const (
	ConfigFound = "found"       // the nearest .cfnvet.yaml up to the repository root
	ConfigNamed = "--config"    // named on the command line
	ConfigOff   = "--no-config" // config files ignored
	ConfigNone  = "none"        // none found
)

// String is the config as --verbose shows it: the path and how it was
// chosen, or "none".
func (c ConfigFile) String() string {
	switch c.Origin {
	case ConfigFound:
		return c.Path + " (found by looking up from the working directory to the repository root)"
	case ConfigNamed:
		return c.Path + " (--config)"
	case ConfigOff:
		return "none (--no-config)"
	}
	return "none (no .cfnvet.yaml from the working directory up to the repository root)"
}

// BaselineUse summarises a scan against a baseline file.
type BaselineUse struct {
	// File is the baseline as the user named it.
	File string
	// Entries is the number of accepted findings it lists; Stale counts
	// those that no longer occur in the files scanned (or whose file is
	// gone), so the baseline can be pruned.
	Entries, Stale int
}
