package report

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/ruledoc"
	"github.com/cfnvet/cfnvet/engine/template"
)

// SARIF constants. The schema URI is the OASIS errata01 location, the one
// the bundled schema declares as its $id.
const (
	sarifVersion   = "2.1.0"
	sarifSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	srcRoot        = "%SRCROOT%"
	// fingerprintKey names cfnvet's own partial fingerprint. It is not
	// GitHub's primaryLocationLineHash, which GitHub computes from the line
	// text itself and rejects when a tool supplies a different value.
	fingerprintKey = "cfnvetFingerprint/v2"
	// InformationURI is the project's home page.
	InformationURI = "https://github.com/cfnvet/cfnvet"
)

// SARIFOptions are what the SARIF document needs besides the results.
type SARIFOptions struct {
	// Rules become tool.driver.rules[], in this order.
	Rules []*rule.Meta
	// Example supplies each rule's tested example for its help text.
	Example ruledoc.ExampleFunc
	// SourceRoot is the absolute directory %SRCROOT% stands for; file
	// names are made relative to it. Empty leaves %SRCROOT% undefined
	// (consumers then ask for it) and names as they are.
	SourceRoot string
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                    `json:"tool"`
	Invocations        []sarifInvocation            `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactBase `json:"originalUriBaseIds"`
	Results            []sarifResult                `json:"results"`
	ColumnKind         string                       `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRule struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name"`
	ShortDescription     sarifText           `json:"shortDescription"`
	FullDescription      sarifText           `json:"fullDescription"`
	Help                 sarifHelp           `json:"help"`
	HelpURI              string              `json:"helpUri"`
	DefaultConfiguration sarifRuleConfig     `json:"defaultConfiguration"`
	Properties           sarifRuleProperties `json:"properties"`
}

type sarifRuleConfig struct {
	Enabled *bool  `json:"enabled,omitempty"`
	Level   string `json:"level"`
}

type sarifRuleProperties struct {
	Precision        string   `json:"precision"`
	SecuritySeverity string   `json:"security-severity"`
	Tags             []string `json:"tags"`
}

type sarifArtifactBase struct {
	URI         string     `json:"uri,omitempty"`
	Description *sarifText `json:"description,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                  `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification   `json:"toolExecutionNotifications,omitempty"`
	Properties                 *sarifInvocationProps `json:"properties,omitempty"`
}

// sarifInvocationProps record the configuration file in effect (config is
// null when none applies) and how it was chosen.
type sarifInvocationProps struct {
	Config       *string `json:"config"`
	ConfigOrigin string  `json:"configOrigin"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID              string                `json:"ruleId"`
	RuleIndex           int                   `json:"ruleIndex"`
	Level               string                `json:"level"`
	Message             sarifText             `json:"message"`
	Locations           []sarifLocation       `json:"locations"`
	RelatedLocations    []sarifLocation       `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string     `json:"partialFingerprints"`
	Suppressions        []sarifSuppression    `json:"suppressions,omitempty"`
	Properties          sarifResultProperties `json:"properties"`
}

type sarifResultProperties struct {
	Severity     string `json:"severity"`
	ResourceType string `json:"resourceType"`
	Path         string `json:"path"`
}

type sarifLocation struct {
	// ID and Message are set on related locations only.
	ID               *int                   `json:"id,omitempty"`
	Message          *sarifText             `json:"message,omitempty"`
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifLogicalLocation struct {
	Name               string `json:"name,omitempty"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string                   `json:"kind"`
	Status        string                   `json:"status"`
	Justification string                   `json:"justification"`
	Location      *sarifLocation           `json:"location,omitempty"`
	Properties    sarifSuppressionProperty `json:"properties"`
}

type sarifSuppressionProperty struct {
	Source  string `json:"source"`
	Expires string `json:"expires,omitempty"`
}

// securitySeverity is GitHub's 0–10 score per severity; GitHub maps >9.0 to
// critical, ≥7.0 to high, ≥4.0 to medium and the rest to low.
var securitySeverity = map[rule.Severity]string{
	rule.Critical: "9.5", rule.High: "8.0", rule.Medium: "5.5", rule.Low: "3.0",
}

func sarifLevel(s rule.Severity) string {
	switch s {
	case rule.Critical, rule.High:
		return "error"
	case rule.Medium:
		return "warning"
	}
	return "note"
}

// SARIF writes one SARIF 2.1.0 run. The output depends only on its inputs:
// rules in the given order, results in scan order, maps sorted by the
// encoder.
func SARIF(w io.Writer, tool Tool, res finding.Result, opts SARIFOptions) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{Name: tool.Name, Version: tool.Version, InformationURI: InformationURI,
			Rules: []sarifRule{}}},
		Results:    []sarifResult{},
		ColumnKind: "unicodeCodePoints",
	}
	if semver(tool.Version) {
		run.Tool.Driver.SemanticVersion = tool.Version
	}
	base := sarifArtifactBase{Description: &sarifText{Text: "The directory cfnvet scan ran in."}}
	if opts.SourceRoot != "" {
		base.URI = fileURI(opts.SourceRoot, true)
	}
	run.OriginalURIBaseIDs = map[string]sarifArtifactBase{srcRoot: base}
	index := map[string]int{}
	for i, m := range opts.Rules {
		index[m.ID] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(m, opts.Example))
	}
	inv := sarifInvocation{ExecutionSuccessful: true}
	if c := configJSON(res.Config); c != nil {
		inv.Properties = &sarifInvocationProps{Config: c.Path, ConfigOrigin: c.Origin}
	}
	for _, f := range res.Files {
		if f.Skipped {
			continue
		}
		artifact := artifactOf(f.File, opts.SourceRoot)
		if f.Err != nil {
			inv.ExecutionSuccessful = false
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
				Level: "error", Message: sarifText{Text: sentence(f.Err.Msg)},
				Locations: []sarifLocation{{PhysicalLocation: physical(artifact, template.Range{Line: int32(f.Err.Line), Col: int32(f.Err.Col)})}},
			})
		}
		for _, re := range f.RuleErrors {
			inv.ExecutionSuccessful = false
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
				Level: "error", Message: sarifText{Text: sentence(re.Msg)},
				Locations: []sarifLocation{{PhysicalLocation: physical(artifact, template.Range{})}},
			})
		}
		for _, d := range f.Warnings {
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
				Level: "warning", Message: sarifText{Text: sentence(d.Msg)},
				Locations: []sarifLocation{{PhysicalLocation: physical(artifact, template.Range{Line: int32(d.Line), Col: int32(d.Col)})}},
			})
		}
		for _, fd := range f.Findings {
			i, ok := index[fd.Rule.ID]
			if !ok {
				// A rule missing from opts.Rules would make ruleIndex lie;
				// append it rather than drop the result.
				i = len(run.Tool.Driver.Rules)
				index[fd.Rule.ID] = i
				run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(fd.Rule, opts.Example))
			}
			run.Results = append(run.Results, sarifResultOf(fd, i, artifact, opts.SourceRoot))
		}
	}
	run.Invocations = []sarifInvocation{inv}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchemaURI, Version: sarifVersion, Runs: []sarifRun{run}})
}

func sarifRuleOf(m *rule.Meta, example ruledoc.ExampleFunc) sarifRule {
	var ex ruledoc.Example
	if example != nil {
		ex = example(m.ID)
	}
	r := sarifRule{
		ID: m.ID, Name: m.Slug,
		ShortDescription:     sarifText{Text: m.Title},
		FullDescription:      sarifText{Text: sentence(strings.Join(strings.Fields(m.Description), " "))},
		Help:                 sarifHelp{Text: ruledoc.Text(m, ex), Markdown: ruledoc.Markdown(m, ex)},
		HelpURI:              m.HelpURI(),
		DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(m.Severity)},
		Properties: sarifRuleProperties{
			// cfnvet never reports a value it cannot know, so a finding is
			// a true positive unless the rule's semantics are wrong.
			Precision:        "high",
			SecuritySeverity: securitySeverity[m.Severity],
			// The rule sets ("set:default", "set:cmk") let code scanning
			// filter alerts the way --profile selects rules.
			Tags: append([]string{"security", string(m.Family), "cloudformation"}, setTags(m)...),
		},
	}
	if m.DisabledByDefault {
		off := false
		r.DefaultConfiguration.Enabled = &off
	}
	return r
}

func setTags(m *rule.Meta) []string {
	labels := m.SetLabels()
	out := make([]string, len(labels))
	for i, s := range labels {
		out[i] = "set:" + s
	}
	return out
}

func sarifResultOf(f finding.Finding, ruleIndex int, artifact sarifArtifactLocation, root string) sarifResult {
	path := "Resources." + f.Resource
	if len(f.Path) > 0 {
		path += "." + f.Path.String()
	}
	logical := []sarifLogicalLocation{{Name: f.Resource, FullyQualifiedName: "Resources." + f.Resource, Kind: "resource"}}
	if f.CDKPath != "" {
		logical = append(logical, sarifLogicalLocation{FullyQualifiedName: f.CDKPath, Kind: "module"})
	}
	if f.SAMResource != "" && f.SAMResource != f.Resource {
		// The AWS::Serverless resource the SAM transform generated it from.
		logical = append(logical, sarifLogicalLocation{Name: f.SAMResource, FullyQualifiedName: "Resources." + f.SAMResource, Kind: "resource"})
	}
	r := sarifResult{
		RuleID: f.Rule.ID, RuleIndex: ruleIndex, Level: sarifLevel(f.Severity),
		Message:             sarifText{Text: sentence(f.Message)},
		Locations:           []sarifLocation{{PhysicalLocation: physical(artifact, f.Range), LogicalLocations: logical}},
		PartialFingerprints: map[string]string{fingerprintKey: f.Fingerprint},
		Properties:          sarifResultProperties{Severity: f.Severity.String(), ResourceType: f.ResourceType, Path: path},
	}
	if o := f.Origin; o != nil {
		id := 1
		text := "Source that generated this resource"
		if subject := originSubject(f); subject != "" {
			text += " (" + subject[1:] + ")"
		}
		r.RelatedLocations = []sarifLocation{{ID: &id, Message: &sarifText{Text: text + "."},
			PhysicalLocation: physical(artifactOf(o.File, root), template.Range{Line: int32(o.Line), Col: int32(o.Column)})}}
	}
	if f.Suppressed && f.Suppression != nil {
		s := sarifSuppression{Kind: "inSource", Status: "accepted", Justification: f.Suppression.Reason,
			Properties: sarifSuppressionProperty{Source: f.Suppression.Source, Expires: f.Suppression.Expires}}
		where := artifact
		if f.Suppression.External() {
			// Written in a config or baseline file, not in the template.
			s.Kind = "external"
			where = artifactOf(f.Suppression.File, root)
		}
		if f.Suppression.Line > 0 {
			s.Location = &sarifLocation{PhysicalLocation: physical(where, template.Range{Line: int32(f.Suppression.Line)})}
		}
		r.Suppressions = []sarifSuppression{s}
	}
	return r
}

// physical builds a location whose region never has a 0 or backwards
// position: a missing line drops the region, a missing column the columns.
func physical(artifact sarifArtifactLocation, rg template.Range) *sarifPhysicalLocation {
	p := &sarifPhysicalLocation{ArtifactLocation: artifact}
	if rg.Line < 1 {
		return p
	}
	reg := &sarifRegion{StartLine: int(rg.Line)}
	if rg.Col >= 1 {
		reg.StartColumn = int(rg.Col)
		if rg.EndLine > rg.Line || (rg.EndLine == rg.Line && rg.EndCol > rg.Col) {
			reg.EndLine, reg.EndColumn = int(rg.EndLine), int(rg.EndCol)
		}
	}
	p.Region = reg
	return p
}

// artifactOf names a file relative to %SRCROOT% when it lies under the
// source root, else by an absolute file URI.
func artifactOf(file, root string) sarifArtifactLocation {
	if file == "<stdin>" {
		return sarifArtifactLocation{URI: "stdin", URIBaseID: srcRoot}
	}
	if root == "" {
		if filepath.IsAbs(file) {
			return sarifArtifactLocation{URI: fileURI(file, false)}
		}
		return sarifArtifactLocation{URI: relativeURI(file), URIBaseID: srcRoot}
	}
	abs := file
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(root, file)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return sarifArtifactLocation{URI: fileURI(abs, false)}
	}
	return sarifArtifactLocation{URI: relativeURI(rel), URIBaseID: srcRoot}
}

// relativeURI percent-encodes each path segment of a relative file name.
func relativeURI(name string) string {
	segs := strings.Split(filepath.ToSlash(filepath.Clean(name)), "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	u := strings.Join(segs, "/")
	// A colon in the first segment would read as a URI scheme.
	if first, _, _ := strings.Cut(u, "/"); strings.Contains(first, ":") {
		u = "./" + u
	}
	return u
}

func fileURI(abs string, dir bool) string {
	p := filepath.ToSlash(filepath.Clean(abs))
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows drive letters: file:///C:/…
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// sentence ends a message with a period, as SARIF viewers expect whole
// sentences.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// semver reports whether v looks like MAJOR.MINOR.PATCH[-pre][+build].
func semver(v string) bool {
	core, _, _ := strings.Cut(strings.TrimPrefix(v, "v"), "+")
	core, _, _ = strings.Cut(core, "-")
	parts := strings.Split(core, ".")
	if len(parts) != 3 || strings.HasPrefix(v, "v") {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}
