package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	goccy "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/lexer"
	goccyparser "github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
	"go.yaml.in/yaml/v3"

	"github.com/cfnvet/cfnvet/internal/arena"
)

// MaxDepth bounds nesting so a hostile file cannot exhaust the stack.
const MaxDepth = 512

// ErrNotTemplate is returned for YAML/JSON documents that are not
// CloudFormation templates (no Resources, AWSTemplateFormatVersion or SAM
// Transform at the top level). Directory scans skip such files silently.
var ErrNotTemplate = errors.New("not a CloudFormation template")

// ErrNoResources is returned for a document that has template sections
// (AWSTemplateFormatVersion, Parameters, a SAM Transform) but no Resources:
// CloudFormation rejects it, and tools such as org-formation use the same
// header for files that are not stacks. It wraps ErrNotTemplate.
var ErrNoResources = fmt.Errorf("%w: no Resources", ErrNotTemplate)

// Error is a problem that prevents a file from being linted, located at a
// line and column of that file (Line 0 when no position applies).
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line == 0 { // not about a position: a directory, an unreadable file
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Diagnostic is a problem in a template that does not stop linting it
// (duplicate keys, YAML anchors, unknown tags, misspelled properties).
type Diagnostic struct {
	Line, Col int
	Msg       string
}

// Template is a parsed CloudFormation template.
type Template struct {
	File     string
	Root     *Node
	Kind     string // cloudformation, sam, cdk or serverless
	Warnings []Diagnostic
	// Modules are the logical ids of Rain module resources, which were
	// removed: rain expands them (and their outputs) before deployment.
	Modules []string
	// SAMOrigin maps the logical id of each resource the SAM transform
	// (engine/template/sam) produced to the AWS::Serverless resource it
	// came from: itself for the resource that keeps the SAM logical id,
	// the function for MyFunctionRole or MyFunctionUrl. Nil when the
	// template has no SAM resources.
	SAMOrigin map[string]string
	// source is the text, kept so a position can be refined inside a
	// scalar's text (a JSON policy string).
	source *sourceText
	size   int
}

// Size is the length in bytes of the text the template was parsed from:
// the measure that work on the template is bounded by.
func (t *Template) Size() int {
	if t == nil {
		return 0
	}
	return t.size
}

// ReleaseResourceProperties empties the Properties mapping (or list) of
// every resource, keeping its kind and range, so that the collector can
// free the largest part of the tree while the rest of a scan goes on. A
// scan calls it once no rule reads properties from the tree any more (the
// resolved model holds them); a large template's tree is the biggest
// thing a scan holds.
func (t *Template) ReleaseResourceProperties() {
	for _, res := range t.Section("Resources").Fields() {
		if res.Value == nil {
			continue
		}
		for i := range res.Value.Entries() {
			e := &res.Value.Entries()[i]
			if e.Key == "Properties" && e.Value != nil && (e.Value.Kind == Map || e.Value.Kind == List) {
				e.Value = &Node{Kind: e.Value.Kind, Range: e.Value.Range}
			}
		}
	}
}

// Section returns a top-level section (Resources, Parameters, …) or nil.
func (t *Template) Section(name string) *Node { return t.Root.Get(name) }

// SourceLine returns line n (1-based) of the template text without its line
// break, and false when the template has no such line.
func (t *Template) SourceLine(n int) (string, bool) {
	if t == nil || n < 1 || n > t.source.lineCount() {
		return "", false
	}
	return strings.TrimSuffix(t.source.raw(n), "\r"), true
}

// SourceRunes returns the characters of line n from 1-based column col up
// to column endCol (exclusive), or to the end of the line when endCol is 0
// or beyond it. Only the characters asked for are decoded: refining a
// position inside one value of a minified one-line template must not cost
// the whole line. The result is shared and must not be modified.
func (t *Template) SourceRunes(n, col, endCol int) ([]rune, bool) {
	if _, ok := t.SourceLine(n); !ok || col < 1 {
		return nil, false
	}
	text := t.source.line(n)
	end := text.len()
	if endCol > 0 && endCol-1 < end {
		end = endCol - 1
	}
	if col-1 > end {
		return nil, false
	}
	return text.runes(col-1, end), true
}

// shortTags maps YAML short-form tags to their long-form keys.
var shortTags = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!Sub": "Fn::Sub", "!GetAtt": "Fn::GetAtt", "!If": "Fn::If", "!Join": "Fn::Join",
	"!Select": "Fn::Select", "!Split": "Fn::Split", "!FindInMap": "Fn::FindInMap",
	"!ImportValue": "Fn::ImportValue", "!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr",
	"!GetAZs": "Fn::GetAZs", "!Equals": "Fn::Equals", "!And": "Fn::And", "!Or": "Fn::Or",
	"!Not": "Fn::Not", "!Transform": "Fn::Transform", "!ToJsonString": "Fn::ToJsonString",
	"!Length": "Fn::Length",
	// Functions of the Rules section (RuleCondition and Assertions).
	"!Contains": "Fn::Contains", "!EachMemberEquals": "Fn::EachMemberEquals", "!EachMemberIn": "Fn::EachMemberIn",
	"!RefAll": "Fn::RefAll", "!ValueOf": "Fn::ValueOf", "!ValueOfAll": "Fn::ValueOfAll",
}

var yamlErrLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// Options are the scan-time inputs that parsing needs.
type Options struct {
	// Parameters are the supplied parameter values (--parameter,
	// parameter files): a Fn::ForEach collection that refers to one is
	// expanded over the supplied value rather than the Default.
	Parameters map[string]string
}

// Parse reads one template from data. name is used in error messages.
// It returns ErrNotTemplate (wrapped) for a well-formed non-template document.
func Parse(name string, data []byte) (*Template, error) {
	return ParseWith(name, data, Options{})
}

// ParseWith is Parse with scan-time inputs.
func ParseWith(name string, data []byte, opts Options) (*Template, error) {
	data, err := Decode(name, data)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{File: name, Line: 1, Col: 1, Msg: "empty file"}
	}
	if !utf8.Valid(data) {
		line, col := firstInvalidUTF8(data)
		return nil, &Error{File: name, Line: line, Col: col, Msg: "file is not valid UTF-8"}
	}
	c := converter{file: name, text: newSourceText(data), supplied: opts.Parameters, size: len(data), keys: map[string]string{},
		arenaFrom: arena.MinDocument}
	var root *Node
	if looksLikeJSON(data) {
		readable := jsonReadable(data)
		if readable {
			root, err = c.parseJSON(data)
		}
		// The JSON parser accepts what json.Valid does, so valid JSON is
		// read once; encoding/json words the error when it is not valid.
		if !readable || err != nil {
			if err := jsonSyntaxError(name, data); err != nil {
				return nil, err
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if root == nil {
		if root, err = c.parseYAML(data); err != nil {
			return nil, err
		}
	}
	budget := forEachBudget(len(data))
	c.expandForEach(root, root.Get("Parameters"), &budget)
	if !looksLikeTemplate(root) {
		return nil, fmt.Errorf("%s: %w", name, ErrNotTemplate)
	}
	if root.Entry("Resources") == nil {
		return nil, fmt.Errorf("%s: %w", name, ErrNoResources)
	}
	if err := checkSections(name, root); err != nil {
		return nil, err
	}
	modules := c.dropModules(root)
	t := &Template{File: name, Root: root, Warnings: c.warnings, Modules: modules, source: c.text, size: len(data)}
	t.Kind = detectKind(name, root)
	return t, nil
}

// parseYAML reads data with yaml.v3, or with readYAMLSubset when the
// document is in the subset it reads, and converts the tree.
func (c *converter) parseYAML(data []byte) (*Node, error) {
	if doc, ok := readYAMLSubsetConverting(data, c.text, c); ok {
		root, err := c.convert(doc.Content[0], 0)
		c.read = nil
		return root, err
	}
	name := c.file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			// Only comments or document markers: as empty as an empty file.
			return nil, &Error{File: name, Line: 1, Col: 1, Msg: "empty document"}
		}
		return nil, yamlError(name, data, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		c.warn(extra.Line, extra.Column, "more than one YAML document in the file; only the first is a template")
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlError(name, data, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, &Error{File: name, Line: 1, Col: 1, Msg: "empty document"}
	}
	top := doc.Content[0]
	if top.Kind == yaml.ScalarNode && top.Tag == "!!null" && top.Value == "" {
		// A bare "---" with comments around it: nothing written yet.
		return nil, &Error{File: name, Line: 1, Col: 1, Msg: "empty document"}
	}
	if top.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: top level is a %s: %w", name, nodeKindName(top), ErrNotTemplate)
	}
	return c.convert(top, 0)
}

// yamlError turns a yaml.v3 failure into a located error. yaml.v3 often
// reports the line where the enclosing block started rather than the
// problem, so the position (and wording) come from goccy/go-yaml's parser
// when it agrees that the document is invalid.
//
// goccy/go-yaml's parser has no nesting limit and needs memory quadratic
// in the depth (40,000 nested flow sequences, 80 KB: 2.5 GB), so it parses
// only documents whose tokens nest at most MaxDepth levels; deeper ones
// keep yaml.v3's message.
func yamlError(name string, data []byte, err error) error {
	tokens := lexer.Tokenize(string(data))
	if deep, at := tokensNestDeeper(tokens, MaxDepth); at != nil {
		return &Error{File: name, Line: at.Position.Line, Col: at.Position.Column, Msg: fmt.Sprintf("nesting deeper than %d levels", MaxDepth)}
	} else if deep {
		return yamlV3Error(name, err)
	}
	if _, gerr := goccyparser.Parse(tokens, 0); gerr != nil {
		var ge goccy.Error
		if errors.As(gerr, &ge) && ge.GetToken() != nil && ge.GetToken().Position != nil {
			pos := ge.GetToken().Position
			return &Error{File: name, Line: max(pos.Line, 1), Col: max(pos.Column, 1), Msg: "invalid YAML/JSON: " + ge.GetMessage()}
		}
	}
	return yamlV3Error(name, err)
}

// yamlV3Error locates a yaml.v3 error by the line its message names.
func yamlV3Error(name string, err error) error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = "yaml: " + te.Errors[0]
	}
	line := 1
	if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
		if m[1] != "" {
			line, _ = strconv.Atoi(m[1])
		}
		msg = m[2]
	}
	return &Error{File: name, Line: line, Col: 1, Msg: "invalid YAML/JSON: " + msg}
}

// tokensNestDeeper reports whether the tokens of goccy/go-yaml's lexer
// (linear in the input) may nest more than limit levels: the flow brackets
// open around a token, plus the indentation and leading block sequence
// dashes of its line, which bound the block levels open there. When flow
// brackets alone are too deep, it returns the first one beyond the limit.
func tokensNestDeeper(tokens token.Tokens, limit int) (bool, *token.Token) {
	flow, block, line := 0, 0, 0
	leading, deep := false, false
	for _, tk := range tokens {
		if tk.Position == nil {
			continue
		}
		if tk.Position.Line != line {
			line, block, leading = tk.Position.Line, tk.Position.Column-1, true
		}
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			flow = max(flow-1, 0)
		}
		if leading && tk.Type == token.SequenceEntryType {
			block++
		} else {
			leading = false
		}
		if flow > limit {
			return true, tk
		}
		deep = deep || flow+block > limit
	}
	return deep, nil
}

func looksLikeJSON(data []byte) bool {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	return len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[')
}

// jsonSyntaxError checks JSON-looking input with a strict JSON parser:
// CloudFormation rejects JSON that a YAML parser would accept (`{"a": }`).
func jsonSyntaxError(name string, data []byte) error {
	if json.Valid(data) {
		return nil
	}
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return nil
	}
	line, col := 1, 1
	for _, b := range data[:min(int(se.Offset), len(data))] {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	// The offset is just past the offending byte.
	return &Error{File: name, Line: line, Col: max(col-1, 1), Msg: "invalid JSON: " + se.Error()}
}

func firstInvalidUTF8(data []byte) (line, col int) {
	line, col = 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return line, col
}

func looksLikeTemplate(root *Node) bool {
	if root.Get("Resources") != nil || root.Get("AWSTemplateFormatVersion") != nil {
		return true
	}
	return isSAMTransform(root.Get("Transform"))
}

func isSAMTransform(n *Node) bool {
	if n == nil {
		return false
	}
	if n.Kind == String {
		return strings.HasPrefix(n.Value(), "AWS::Serverless")
	}
	for _, it := range n.Items() {
		if it.Kind == String && strings.HasPrefix(it.Value(), "AWS::Serverless") {
			return true
		}
	}
	return false
}

// checkSections rejects templates whose sections have the wrong type: the
// resolver and rules rely on these shapes.
func checkSections(name string, root *Node) error {
	for _, s := range []string{"Resources", "Parameters", "Conditions", "Mappings", "Outputs", "Globals"} {
		e := root.Entry(s)
		if e == nil || e.Value.Kind == Null && s != "Resources" {
			continue
		}
		if e.Value.Kind != Map {
			return &Error{File: name, Line: int(e.Value.Range.Line), Col: int(e.Value.Range.Col),
				Msg: fmt.Sprintf("%s must be a mapping, found a %s", s, e.Value.Kind)}
		}
	}
	res := root.Get("Resources")
	if res == nil {
		return nil
	}
	for _, e := range res.Entries() {
		if e.Value.Kind != Map {
			return &Error{File: name, Line: int(e.Value.Range.Line), Col: int(e.Value.Range.Col),
				Msg: fmt.Sprintf("resource %s must be a mapping, found a %s", e.Key, e.Value.Kind)}
		}
		typ := e.Value.Get("Type")
		if typ == nil {
			return &Error{File: name, Line: int(e.KeyRange.Line), Col: int(e.KeyRange.Col),
				Msg: fmt.Sprintf("resource %s has no Type", e.Key)}
		}
		if typ.Kind == Map && typ.Get("Rain::Module") != nil {
			continue // a Rain module: reported and skipped by Parse
		}
		if typ.Kind != String {
			return &Error{File: name, Line: int(typ.Range.Line), Col: int(typ.Range.Col),
				Msg: fmt.Sprintf("resource %s: Type must be a string, found a %s", e.Key, typ.Kind)}
		}
		if p := e.Value.Entry("Properties"); p != nil && p.Value.Kind != Map && p.Value.Kind != Null {
			if _, _, ok := p.Value.Intrinsic(); !ok {
				return &Error{File: name, Line: int(p.Value.Range.Line), Col: int(p.Value.Range.Col),
					Msg: fmt.Sprintf("resource %s: Properties must be a mapping, found a %s", e.Key, p.Value.Kind)}
			}
		}
	}
	return nil
}

func detectKind(name string, root *Node) string {
	if isSAMTransform(root.Get("Transform")) {
		return "sam"
	}
	slash := strings.ReplaceAll(name, "\\", "/")
	if strings.Contains(slash, ".serverless/") || root.Get("Resources").Get("ServerlessDeploymentBucket") != nil {
		return "serverless"
	}
	res := root.Get("Resources")
	if res.Get("CDKMetadata") != nil || root.Get("Parameters").Get("BootstrapVersion") != nil {
		return "cdk"
	}
	if res != nil {
		for _, e := range res.Entries() {
			if e.Value.Get("Metadata").Get("aws:cdk:path") != nil {
				return "cdk"
			}
		}
	}
	return "cloudformation"
}

func nodeKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "scalar"
	case yaml.AliasNode:
		return "alias"
	}
	return "mapping"
}

type converter struct {
	file     string
	text     *sourceText
	warnings []Diagnostic
	supplied map[string]string // parameter values given at scan time
	size     int               // of the text, in bytes
	// keys interns mapping keys: a template repeats a few dozen keys
	// (Type, Properties, Effect) tens of thousands of times.
	keys map[string]string
	// read holds the collections converted while the YAML subset reader
	// read on; placeholder i in its tree (a node of no kind at line -i-1)
	// stands for read[i].
	read []*Node
	// arena, when set, is where convert allocates nodes, entries and
	// items: the subset reader points it at properties for what is under a
	// resource's Properties and at skeleton for the rest. A few thousand
	// chunks replace a large template's hundreds of thousands of small
	// allocations, and as the two never share a chunk, releasing the
	// properties (ReleaseResourceProperties) frees their chunks whole
	// rather than leaving pages partly filled by the nodes kept.
	arena                *nodeArena
	properties, skeleton nodeArena
	arenaFrom            int // the document size from which arenas are used
}

// nodeArena allocates nodes, and the entries and items of mappings and
// lists, a chunk at a time.
type nodeArena struct {
	nodes   arena.Chunk[Node]
	entries arena.Chunk[Entry]
	items   arena.Chunk[*Node]
}

// node returns a zero node, from the arena when one is set.
func (c *converter) node() *Node {
	if c.arena == nil {
		return &Node{}
	}
	return c.arena.nodes.New()
}

// entries returns an empty slice for n entries, from the arena when one
// is set.
func (c *converter) entries(n int) []Entry {
	if c.arena == nil {
		return make([]Entry, 0, n)
	}
	return c.arena.entries.Take(n)
}

// items returns an empty slice for n items, from the arena when one is
// set.
func (c *converter) items(n int) []*Node {
	if c.arena == nil {
		return make([]*Node, 0, n)
	}
	return c.arena.items.Take(n)
}

func (c *converter) warn(line, col int, format string, args ...any) {
	c.warnings = append(c.warnings, Diagnostic{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

func (c *converter) convert(y *yaml.Node, depth int) (*Node, error) {
	if y.Kind == 0 && y.Line < 0 && c.read != nil {
		return c.read[-y.Line-1], nil
	}
	if depth > MaxDepth {
		return nil, &Error{File: c.file, Line: y.Line, Col: y.Column, Msg: fmt.Sprintf("nesting deeper than %d levels", MaxDepth)}
	}
	if y.Anchor != "" {
		c.warn(y.Line, y.Column, "YAML anchor &%s: CloudFormation does not support anchors and aliases", y.Anchor)
	}
	if y.Kind == yaml.AliasNode {
		// Never expanded: expansion is how alias bombs work, and CloudFormation
		// rejects aliases anyway. The value is left null (unknown to rules).
		c.warn(y.Line, y.Column, "YAML alias *%s is not supported by CloudFormation and is not expanded", y.Value)
		n := c.node()
		n.Kind, n.Range = Null, c.scalarRange(y)
		return n, nil
	}
	if fn, ok := shortTags[y.Tag]; ok {
		return c.convertShortTag(fn, y, depth)
	}
	if strings.HasPrefix(y.Tag, "!") && !strings.HasPrefix(y.Tag, "!!") {
		c.warn(y.Line, y.Column, "unknown YAML tag %s is ignored", y.Tag)
	}
	switch y.Kind {
	case yaml.MappingNode:
		n := c.node()
		n.Kind, n.Range = Map, Range{Line: int32(y.Line), Col: int32(y.Column), EndLine: int32(y.Line), EndCol: int32(y.Column + 1)}
		entries := c.entries(len(y.Content) / 2)
		var seen map[string]int // built for large mappings only; small ones are searched
		if len(y.Content) > 2*smallMapping {
			seen = make(map[string]int, len(y.Content)/2)
		}
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, &Error{File: c.file, Line: k.Line, Col: k.Column, Msg: "mapping key must be a scalar"}
			}
			if k.Tag == "!!merge" || (k.Value == "<<" && k.Style == 0) {
				c.warn(k.Line, k.Column, "YAML merge key << is not supported by CloudFormation and is not expanded")
				continue
			}
			val, err := c.convert(v, depth+1)
			if err != nil {
				return nil, err
			}
			e := Entry{Key: c.intern(k.Value), KeyRange: c.scalarRange(k), Value: val}
			// The converted parts of the parser's tree can be collected
			// while the rest is converted: both trees of a large template
			// are never held whole at once.
			y.Content[i], y.Content[i+1] = nil, nil
			if prev := entryIndex(entries, e.Key, seen); prev >= 0 {
				first := entries[prev].KeyRange
				c.warn(k.Line, k.Column, "duplicate key %q (first at line %d): CloudFormation rejects duplicate keys; the last value is used", k.Value, first.Line)
				entries[prev] = e
				continue
			}
			if seen != nil {
				seen[e.Key] = len(entries)
			}
			entries = append(entries, e)
		}
		n.SetEntries(entries)
		return n, nil
	case yaml.SequenceNode:
		n := c.node()
		n.Kind, n.Range = List, Range{Line: int32(y.Line), Col: int32(y.Column), EndLine: int32(y.Line), EndCol: int32(y.Column + 1)}
		items := c.items(len(y.Content))
		for i, it := range y.Content {
			v, err := c.convert(it, depth+1)
			if err != nil {
				return nil, err
			}
			y.Content[i] = nil
			items = append(items, v)
		}
		n.SetItems(items)
		return n, nil
	default:
		n := c.node()
		n.Kind, n.Range = scalarKind(y), c.scalarRange(y)
		n.SetValue(y.Value)
		return n, nil
	}
}

// smallMapping is the size up to which a mapping's duplicate keys are found
// by searching its entries rather than through a map.
const smallMapping = 8

// entryIndex returns the position of key among entries, or -1, looking it
// up in seen when the mapping is large enough to have one.
func entryIndex(entries []Entry, key string, seen map[string]int) int {
	if seen != nil {
		if i, ok := seen[key]; ok {
			return i
		}
		return -1
	}
	for i := range entries {
		if entries[i].Key == key {
			return i
		}
	}
	return -1
}

// intern returns the one copy of a mapping key kept for the template.
func (c *converter) intern(key string) string {
	if k, ok := c.keys[key]; ok {
		return k
	}
	if len(c.keys) < maxInterned {
		c.keys[key] = key
	}
	return key
}

// maxInterned bounds the interned keys: a template of generated unique keys
// gains nothing from interning and should not grow the table without end.
const maxInterned = 4096

func (c *converter) convertShortTag(fn string, y *yaml.Node, depth int) (*Node, error) {
	tagRange := Range{Line: int32(y.Line), Col: int32(y.Column), EndLine: int32(y.Line), EndCol: int32(y.Column + len(y.Tag))}
	inner := *y
	inner.Tag = ""
	if y.Kind == yaml.ScalarNode {
		inner.Tag = "!!str"
	}
	var arg *Node
	if fn == "Fn::GetAtt" && y.Kind == yaml.ScalarNode {
		// !GetAtt Resource.Attribute: the attribute may itself contain dots.
		r := c.scalarRange(y)
		res, attr, _ := strings.Cut(y.Value, ".")
		arg = NewList([]*Node{
			NewScalar(String, res, r),
			NewScalar(String, attr, r),
		}, r)
	} else {
		var err error
		if arg, err = c.convert(&inner, depth+1); err != nil {
			return nil, err
		}
	}
	whole := arg.Range
	whole.Line, whole.Col = tagRange.Line, tagRange.Col
	if arg.Kind == Map || arg.Kind == List {
		whole.EndLine, whole.EndCol = tagRange.EndLine, tagRange.EndCol
	}
	return NewMap([]Entry{{Key: fn, KeyRange: tagRange, Value: arg}}, whole), nil
}

func scalarKind(y *yaml.Node) Kind {
	switch y.Tag {
	case "!!null":
		return Null
	case "!!bool":
		return Bool
	case "!!int":
		return Int
	case "!!float":
		return Float
	}
	return String
}

// scalarRange computes where a scalar's text ends. yaml.Node has only start
// positions, so the end is found by scanning the source line.
func (c *converter) scalarRange(y *yaml.Node) Range {
	r := Range{Line: int32(y.Line), Col: int32(y.Column), EndLine: int32(y.Line), EndCol: int32(y.Column + 1)}
	if y.Line < 1 || y.Line > c.text.lineCount() {
		return r
	}
	return scanScalarEnd(r, y, c.lineText(y.Line))
}

// lineText returns line n (1-based, within range) for indexing by column.
func (c *converter) lineText(n int) lineText {
	return c.text.line(n)
}

// lineText is one source line indexable by column: its bytes when the line
// is ASCII (most are), else its runes. A value, so indexing a line costs no
// allocation.
type lineText struct {
	ascii   string
	wide    []rune
	isASCII bool
}

func (l lineText) len() int {
	if l.isASCII {
		return len(l.ascii)
	}
	return len(l.wide)
}

func (l lineText) at(i int) rune {
	if l.isASCII {
		return rune(l.ascii[i])
	}
	return l.wide[i]
}

// runes returns the characters [from, to).
func (l lineText) runes(from, to int) []rune {
	if l.isASCII {
		return []rune(l.ascii[from:to])
	}
	return l.wide[from:to:to]
}

func scanScalarEnd(r Range, y *yaml.Node, line lineText) Range {
	start := y.Column - 1
	if start < 0 || start >= line.len() {
		return r
	}
	// Skip an explicit tag or anchor written before the value.
	for start < line.len() && (line.at(start) == '!' || line.at(start) == '&') {
		for start < line.len() && line.at(start) != ' ' {
			start++
		}
		for start < line.len() && line.at(start) == ' ' {
			start++
		}
	}
	if start >= line.len() {
		return r
	}
	end := start
	switch y.Style &^ yaml.TaggedStyle { // a tag written before the value does not change its quoting
	case yaml.DoubleQuotedStyle:
		end++
		for end < line.len() && line.at(end) != '"' {
			if line.at(end) == '\\' {
				end++
			}
			end++
		}
		end++
	case yaml.SingleQuotedStyle:
		end++
		for end < line.len() {
			if line.at(end) == '\'' {
				if end+1 < line.len() && line.at(end+1) == '\'' {
					end += 2
					continue
				}
				break
			}
			end++
		}
		end++
	case yaml.LiteralStyle, yaml.FoldedStyle:
		end = start + 1
	default:
		n := utf8.RuneCountInString(y.Value)
		if strings.Contains(y.Value, "\n") || start+n > line.len() {
			end = line.len()
		} else {
			end = start + n
		}
	}
	if end > line.len() {
		end = line.len()
	}
	r.Col = int32(start + 1)
	r.EndCol = int32(end + 1)
	return r
}

// dropModules removes resources whose Type is a Rain module reference:
// they are expanded by the rain tool, not by CloudFormation, and cannot be
// linted before that.
func (c *converter) dropModules(root *Node) []string {
	res := root.Get("Resources")
	if res == nil {
		return nil
	}
	var dropped []string
	kept := res.Entries()[:0]
	for _, e := range res.Entries() {
		if typ := e.Value.Get("Type"); typ != nil && typ.Kind == Map {
			c.warn(int(e.KeyRange.Line), int(e.KeyRange.Col), "resource %s is a Rain module; modules are expanded by rain before deployment and are not linted", e.Key)
			dropped = append(dropped, e.Key)
			continue
		}
		kept = append(kept, e)
	}
	res.SetEntries(kept)
	return dropped
}
