// Package report renders scan results: text for people, JSON for scripts
// (contract.md), and the CI formats.
package report

import (
	"encoding/json"
	"io"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/model"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// SchemaVersion of the JSON output; bumped only on a breaking change.
const SchemaVersion = 1

// Tool identifies the producer in machine-readable output.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonDoc struct {
	SchemaVersion int           `json:"schema_version"`
	Tool          Tool          `json:"tool"`
	Config        *jsonConfig   `json:"config"`
	Files         []jsonFile    `json:"files"`
	Findings      []jsonFinding `json:"findings"`
	Summary       jsonSummary   `json:"summary"`
}

// jsonConfig is the configuration file in effect: path null when none.
type jsonConfig struct {
	Path   *string `json:"path"`
	Origin string  `json:"origin"`
}

func configJSON(c *finding.ConfigFile) *jsonConfig {
	if c == nil {
		return nil
	}
	out := &jsonConfig{Origin: c.Origin}
	if c.Path != "" {
		out.Path = &c.Path
	}
	return out
}

type jsonFile struct {
	File       string       `json:"file"`
	Kind       string       `json:"kind"`
	Resources  int          `json:"resources"`
	Findings   int          `json:"findings"`
	Suppressed int          `json:"suppressed"`
	Error      *jsonPosMsg  `json:"error"`
	Warnings   []jsonPosMsg `json:"warnings"`
	// RuleErrors are rules that could not be evaluated on the file; its
	// other findings are reported.
	RuleErrors []jsonRuleError `json:"rule_errors,omitempty"`
	// Stack names the CDK stack artifact or Serverless service a build
	// output template belongs to; Parent and ParentResource the parent
	// template and its AWS::CloudFormation::Stack of a nested stack.
	Stack          string `json:"stack,omitempty"`
	Stage          string `json:"stage,omitempty"`
	Parent         string `json:"parent,omitempty"`
	ParentResource string `json:"parent_resource,omitempty"`
}

type jsonRuleError struct {
	Rule    string `json:"rule"`
	Source  string `json:"source"`
	Message string `json:"message"`
}

type jsonPosMsg struct {
	Message string `json:"message"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
}

type jsonSource struct {
	CDKPath            *string `json:"cdk_path"`
	SAMResource        *string `json:"sam_resource"`
	ServerlessFunction *string `json:"serverless_function"`
	// Origin is the user's source that generated the resource (CDK app
	// code, serverless.yml, the SAM resource); null when unknown.
	Origin *jsonOrigin `json:"origin"`
}

type jsonOrigin struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

type jsonSuppression struct {
	Source  string  `json:"source"`
	Reason  string  `json:"reason"`
	Expires *string `json:"expires"`
	Line    int     `json:"line"`
	// File is the config or baseline file that Line is in, for
	// suppressions written outside the template.
	File string `json:"file,omitempty"`
}

type jsonFinding struct {
	RuleID       string             `json:"rule_id"`
	Slug         string             `json:"slug"`
	Family       string             `json:"family"`
	Severity     string             `json:"severity"`
	Title        string             `json:"title"`
	Message      string             `json:"message"`
	File         string             `json:"file"`
	Resource     string             `json:"resource"`
	ResourceType string             `json:"resource_type"`
	Path         string             `json:"path"`
	Line         int                `json:"line"`
	Column       int                `json:"column"`
	EndLine      int                `json:"end_line"`
	EndColumn    int                `json:"end_column"`
	Provenance   []model.Provenance `json:"provenance"`
	Source       jsonSource         `json:"source"`
	Suppressed   bool               `json:"suppressed"`
	Suppression  *jsonSuppression   `json:"suppression"`
	Fingerprint  string             `json:"fingerprint"`
}

type jsonSummary struct {
	Files      int            `json:"files"`
	Errors     int            `json:"errors"`
	Findings   int            `json:"findings"`
	Suppressed int            `json:"suppressed"`
	BySeverity map[string]int `json:"by_severity"`
	// Baseline is present when the scan used a baseline file.
	Baseline *jsonBaseline `json:"baseline,omitempty"`
	// Found is present when framework build outputs or nested stacks were
	// scanned.
	Found *jsonFound `json:"found,omitempty"`
}

type jsonFound struct {
	CDKStacks          int `json:"cdk_stacks"`
	CDKStages          int `json:"cdk_stages"`
	CDKNested          int `json:"cdk_nested_stacks"`
	ServerlessServices int `json:"serverless_services"`
	Nested             int `json:"nested_stacks"`
}

type jsonBaseline struct {
	File    string `json:"file"`
	Entries int    `json:"entries"`
	// Stale counts entries that no longer occur.
	Stale int `json:"stale"`
}

// JSON writes the contract.md JSON document. Skipped non-template files are
// left out.
func JSON(w io.Writer, tool Tool, res finding.Result) error {
	doc := jsonDoc{SchemaVersion: SchemaVersion, Tool: tool, Config: configJSON(res.Config), Files: []jsonFile{}, Findings: []jsonFinding{}}
	for _, f := range res.Files {
		if f.Skipped {
			continue
		}
		jf := jsonFile{File: f.File, Kind: f.Kind, Resources: f.Resources, Warnings: []jsonPosMsg{},
			Stack: f.Role.Stack, Stage: f.Role.Stage, Parent: f.Role.Parent, ParentResource: f.Role.ParentResource}
		if f.Err != nil {
			jf.Error = &jsonPosMsg{Message: f.Err.Msg, Line: f.Err.Line, Column: f.Err.Col}
		}
		for _, re := range f.RuleErrors {
			jf.RuleErrors = append(jf.RuleErrors, jsonRuleError{Rule: re.Rule, Source: re.Source, Message: re.Msg})
		}
		for _, w := range f.Warnings {
			jf.Warnings = append(jf.Warnings, jsonPosMsg{Message: w.Msg, Line: w.Line, Column: w.Col})
		}
		for _, fd := range f.Findings {
			if fd.Suppressed {
				jf.Suppressed++
			} else {
				jf.Findings++
			}
			doc.Findings = append(doc.Findings, findingJSON(fd))
		}
		doc.Files = append(doc.Files, jf)
	}
	s := res.Summarize()
	doc.Summary = jsonSummary{Files: s.Files, Errors: s.Errors, Findings: s.Findings, Suppressed: s.Suppressed,
		BySeverity: map[string]int{}}
	for _, sev := range []rule.Severity{rule.Critical, rule.High, rule.Medium, rule.Low} {
		doc.Summary.BySeverity[sev.String()] = s.BySeverity[sev]
	}
	if fd := s.Found; !fd.Empty() {
		doc.Summary.Found = &jsonFound{CDKStacks: fd.CDKStacks, CDKStages: fd.CDKStages, CDKNested: fd.CDKNested,
			ServerlessServices: fd.ServerlessServices, Nested: fd.Nested}
	}
	if b := res.Baseline; b != nil {
		doc.Summary.Baseline = &jsonBaseline{File: b.File, Entries: b.Entries, Stale: b.Stale}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func findingJSON(f finding.Finding) jsonFinding {
	prov := f.Provenance
	if prov == nil {
		prov = []model.Provenance{}
	}
	jf := jsonFinding{
		RuleID: f.Rule.ID, Slug: f.Rule.Slug, Family: string(f.Rule.Family), Severity: f.Severity.String(),
		Title: f.Rule.Title, Message: f.Message, File: f.File, Resource: f.Resource, ResourceType: f.ResourceType,
		Path: "Resources." + f.Resource + "." + f.Path.String(), Line: int(f.Range.Line), Column: int(f.Range.Col),
		EndLine: int(f.Range.EndLine), EndColumn: int(f.Range.EndCol), Provenance: prov,
		Suppressed: f.Suppressed, Fingerprint: f.Fingerprint,
	}
	switch {
	case f.Resource == "": // template-level finding
		jf.Path = f.Path.String()
	case len(f.Path) == 0:
		jf.Path = "Resources." + f.Resource
	}
	if f.CDKPath != "" {
		p := f.CDKPath
		jf.Source.CDKPath = &p
	}
	if f.SAMResource != "" {
		s := f.SAMResource
		jf.Source.SAMResource = &s
	}
	if f.ServerlessFunction != "" {
		s := f.ServerlessFunction
		jf.Source.ServerlessFunction = &s
	}
	if o := f.Origin; o != nil {
		jf.Source.Origin = &jsonOrigin{File: o.File, Line: o.Line, Column: o.Column}
	}
	if f.Suppression != nil {
		js := &jsonSuppression{Source: f.Suppression.Source, Reason: f.Suppression.Reason, Line: f.Suppression.Line,
			File: f.Suppression.File}
		if f.Suppression.Expires != "" {
			e := f.Suppression.Expires
			js.Expires = &e
		}
		jf.Suppression = js
	}
	return jf
}
