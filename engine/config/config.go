// Package config reads cfnvet's configuration file, .cfnvet.yaml: which
// rules run and at which severity, the failure threshold, excluded paths,
// parameter and condition values, user policy directories, cfn_nag
// profile and deny-list files, suppressions for templates that cannot be
// annotated, and the baseline file.
//
// The schema is strict: an unknown key, a value of the wrong shape or an
// unknown severity is an error at the file, line and column it was written
// at. Rule selectors can only be checked once the registry is known (user
// policies add rules); Selection reports those at their line too.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/agnivade/levenshtein"
	"go.yaml.in/yaml/v3"

	"github.com/cfnvet/cfnvet/engine/params"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// FileNames are the names discovery looks for, in order of preference.
var FileNames = []string{".cfnvet.yaml", ".cfnvet.yml"}

// Error is a problem in a config file (or a file it names), at a place.
type Error struct {
	File      string
	Line, Col int // 0 when unknown
	Msg       string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Ref is a string from a config file (a rule selector, a cfn_nag id) with
// the place it was written, so that checks made later can point at it.
type Ref struct {
	Value     string
	File      string
	Line, Col int
}

func (r Ref) errorf(format string, args ...any) *Error {
	return &Error{File: r.File, Line: r.Line, Col: r.Col, Msg: fmt.Sprintf(format, args...)}
}

// SeverityOverride gives the rules a selector names a severity.
type SeverityOverride struct {
	Rules    Ref
	Severity rule.Severity
}

// File is a parsed config file. Relative paths in it are already resolved
// against the directory holding the file.
type File struct {
	// Path is the file as shown in messages.
	Path string
	// Enable and Disable are rules.enable and rules.disable.
	Enable, Disable []Ref
	// Profiles are the rule sets `profile` adds to the selection (like
	// --profile): names from rule.RuleSets.
	Profiles []Ref
	Severity []SeverityOverride
	// FailOn is "none" or a severity name; "" when not set.
	FailOn     string
	Exclude    []string
	Parameters map[string]string
	Conditions map[string]bool
	// ConditionLines are the lines the Conditions were written on.
	ConditionLines    map[string]int
	PolicyDirs        []string
	AssumeAWSDefaults *bool
	// Profile lists the ids of a cfn_nag profile (only these rules run);
	// ProfileKey is where the config names the profile.
	Profile    []Ref
	ProfileKey *Ref
	// DenyList lists the ids of a cfn_nag deny list (these never run).
	DenyList []Ref
	// Suppress are the `suppress` entries, in file order.
	Suppress []SuppressEntry
	// Baseline names the baseline file (Value resolved against the
	// config file's directory); nil when not set.
	Baseline *Ref
}

// Find returns the config file nearest to start: in start or the closest
// directory above it, up to the repository root (the directory holding
// .git). It returns "" when there is none. Outside a repository it looks
// up to the filesystem root.
func Find(start string) (string, error) {
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", fmt.Errorf("find config: %w", err)
	}
	for {
		var found []string
		for _, name := range FileNames {
			p := filepath.Join(dir, name)
			if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
				found = append(found, p)
			}
		}
		switch len(found) {
		case 1:
			return found[0], nil
		case 2:
			return "", fmt.Errorf("both %s and %s exist; keep one", found[0], filepath.Base(found[1]))
		}
		parent := filepath.Dir(dir)
		if parent == dir || isRepositoryRoot(dir) {
			return "", nil
		}
		dir = parent
	}
}

// isRepositoryRoot reports a directory holding .git (a directory, or the
// file a worktree or submodule has).
func isRepositoryRoot(dir string) bool {
	_, err := os.Lstat(filepath.Join(dir, ".git"))
	return err == nil
}

// RepositoryRoot is the directory holding .git at or above dir, or "" when
// dir is in no repository.
func RepositoryRoot(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		if isRepositoryRoot(dir) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Load reads and validates a config file. name is how messages show it.
// The parameter files, cfn_nag profile and deny list it names are read too.
func Load(name string) (*File, error) {
	return load(name, "")
}

// LoadFound reads a config file that Find found rather than one the user
// named: it comes with the repository being scanned, so every file and
// directory it names (policy_dirs, parameter_files, the cfn_nag files,
// baseline) must be inside that repository (its root, or the config's own
// directory when there is no repository). Otherwise a cloned repository
// could make cfnvet read, and quote in a warning, /proc/self/environ.
func LoadFound(name string) (*File, error) {
	dir, err := filepath.Abs(filepath.Dir(name))
	if err != nil {
		return nil, &Error{File: name, Msg: fmt.Sprintf("cannot read config: %v", err)}
	}
	root := RepositoryRoot(dir)
	if root == "" {
		root = dir
	}
	return load(name, root)
}

func load(name, confine string) (*File, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &Error{File: name, Msg: fmt.Sprintf("cannot read config: %v", err)}
	}
	return parse(name, data, confine)
}

// Parse validates config content. name locates messages and is the base
// for the relative paths in the file.
func Parse(name string, data []byte) (*File, error) {
	return parse(name, data, "")
}

// parse is Parse; confine, when set, is the directory every path the file
// names must stay within.
func parse(name string, data []byte, confine string) (*File, error) {
	p := &parser{file: name, dir: filepath.Dir(name), confine: confine}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, p.syntaxError(err)
	}
	f := &File{Path: name}
	if len(doc.Content) == 0 {
		return f, nil // an empty file: every default
	}
	root := doc.Content[0]
	if isNull(root) {
		return f, nil
	}
	if err := p.fields(root, "", map[string]func(key, value *yaml.Node) error{
		"rules":               func(_, v *yaml.Node) error { return p.rules(v, f) },
		"severity":            func(_, v *yaml.Node) error { return p.severity(v, f) },
		"fail_on":             func(_, v *yaml.Node) error { return p.failOn(v, f) },
		"exclude":             func(_, v *yaml.Node) error { return p.strings(v, "exclude", &f.Exclude) },
		"parameters":          func(_, v *yaml.Node) error { return p.parameters(v, f) },
		"parameter_files":     func(_, v *yaml.Node) error { return p.parameterFiles(v, f) },
		"conditions":          func(_, v *yaml.Node) error { return p.conditions(v, f) },
		"policy_dirs":         func(_, v *yaml.Node) error { return p.policyDirs(v, f) },
		"assume_aws_defaults": func(_, v *yaml.Node) error { return p.assumeAWSDefaults(v, f) },
		"cfn_nag":             func(_, v *yaml.Node) error { return p.cfnNag(v, f) },
		"suppress":            func(_, v *yaml.Node) error { return p.suppress(v, f) },
		"baseline":            func(_, v *yaml.Node) error { return p.baseline(v, f) },
		"profile":             func(_, v *yaml.Node) error { return p.profiles(v, f) },
	}); err != nil {
		return nil, err
	}
	return f, nil
}

// repeated reports a key given twice in one mapping: yaml.v3 keeps both
// when parsing into nodes, and the second would silently win.
func (p *parser) repeated(seen map[string]bool, section string, k *yaml.Node) error {
	if seen[k.Value] {
		return p.errorAt(k, "key %q given twice", qualified(section, k.Value))
	}
	seen[k.Value] = true
	return nil
}

// isNull reports an empty value (`key:` with nothing after it), which
// leaves a setting at its default.
func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

type parser struct {
	file, dir string
	// confine is the directory every path the file names must stay
	// within ("" for a config the user named).
	confine string
	// inlineParams are `parameters:`; they win over parameter_files
	// whichever comes first in the file.
	inlineParams, fileParams map[string]string
}

func (p *parser) errorAt(n *yaml.Node, format string, args ...any) *Error {
	return &Error{File: p.file, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) ref(n *yaml.Node) Ref {
	return Ref{Value: n.Value, File: p.file, Line: n.Line, Col: n.Column}
}

// yamlLine finds the line number in yaml.v3's syntax error messages.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (p *parser) syntaxError(err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: p.file, Line: line, Msg: "invalid YAML: " + m[2]}
	}
	return &Error{File: p.file, Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// fields walks a mapping whose keys must all be known: an unknown or
// repeated key is an error at the key.
func (p *parser) fields(n *yaml.Node, section string, known map[string]func(key, value *yaml.Node) error) error {
	where := "the config file"
	if section != "" {
		where = section
	}
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return p.errorAt(n, "%s must be a mapping", where)
	}
	names := make([]string, 0, len(known))
	for k := range known {
		names = append(names, k)
	}
	sort.Strings(names)
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		handle, ok := known[k.Value]
		if !ok {
			msg := fmt.Sprintf("unknown key %q", qualified(section, k.Value))
			if near := nearest(k.Value, names); near != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", qualified(section, near))
			}
			return p.errorAt(k, "%s; known keys: %s", msg, strings.Join(names, ", "))
		}
		if err := p.repeated(seen, section, k); err != nil {
			return err
		}
		if err := handle(k, v); err != nil {
			return err
		}
	}
	return nil
}

func qualified(section, key string) string {
	if section == "" {
		return key
	}
	return section + "." + key
}

// nearest suggests a known key for a misspelled one.
func nearest(key string, names []string) string {
	best, bestDist := "", 3
	for _, n := range names {
		if d := levenshtein.ComputeDistance(strings.ToLower(key), n); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

// scalars reads a list of strings; a single string is a one-item list.
func (p *parser) scalars(n *yaml.Node, key string) ([]*yaml.Node, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		if isNull(n) {
			return nil, nil
		}
		return []*yaml.Node{n}, nil
	case yaml.SequenceNode:
		for _, it := range n.Content {
			if it.Kind != yaml.ScalarNode || isNull(it) || it.Value == "" {
				return nil, p.errorAt(it, "%s: each item must be a non-empty string", key)
			}
		}
		return n.Content, nil
	}
	return nil, p.errorAt(n, "%s must be a string or a list of strings", key)
}

func (p *parser) strings(n *yaml.Node, key string, out *[]string) error {
	items, err := p.scalars(n, key)
	for _, it := range items {
		*out = append(*out, it.Value)
	}
	return err
}

func (p *parser) refs(n *yaml.Node, key string, out *[]Ref) error {
	items, err := p.scalars(n, key)
	for _, it := range items {
		*out = append(*out, p.ref(it))
	}
	return err
}

// path resolves a path written in the config against its directory.
func (p *parser) path(s string) string {
	if filepath.IsAbs(s) {
		return s
	}
	return filepath.Join(p.dir, s)
}

func (p *parser) rules(n *yaml.Node, f *File) error {
	return p.fields(n, "rules", map[string]func(key, value *yaml.Node) error{
		"enable":  func(_, v *yaml.Node) error { return p.refs(v, "rules.enable", &f.Enable) },
		"disable": func(_, v *yaml.Node) error { return p.refs(v, "rules.disable", &f.Disable) },
	})
}

// profiles reads `profile`: a rule set name or a list of them, checked
// here since the sets are fixed (unlike rule selectors, which user
// policies can extend).
func (p *parser) profiles(n *yaml.Node, f *File) error {
	items, err := p.scalars(n, "profile")
	if err != nil {
		return err
	}
	for _, it := range items {
		for _, part := range strings.Split(it.Value, ",") {
			if _, ok := rule.ParseSet(part); !ok {
				return p.errorAt(it, "profile: unknown rule set %q (want %s)", strings.TrimSpace(part),
					strings.Join(rule.SetNames(), ", "))
			}
		}
		f.Profiles = append(f.Profiles, p.ref(it))
	}
	return nil
}

func (p *parser) severity(n *yaml.Node, f *File) error {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return p.errorAt(n, "severity must be a mapping of rule (id, slug, family or alias) to low, medium, high or critical")
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if err := p.repeated(seen, "severity", k); err != nil {
			return err
		}
		sev, err := rule.ParseSeverity(v.Value)
		if err != nil || v.Kind != yaml.ScalarNode {
			return p.errorAt(v, "severity of %s: unknown severity %q (want low, medium, high or critical)", k.Value, v.Value)
		}
		f.Severity = append(f.Severity, SeverityOverride{Rules: p.ref(k), Severity: sev})
	}
	return nil
}

func (p *parser) failOn(n *yaml.Node, f *File) error {
	if n.Kind == yaml.ScalarNode && strings.EqualFold(n.Value, "none") {
		f.FailOn = "none"
		return nil
	}
	sev, err := rule.ParseSeverity(n.Value)
	if err != nil || n.Kind != yaml.ScalarNode {
		return p.errorAt(n, "fail_on: unknown severity %q (want low, medium, high, critical or none)", n.Value)
	}
	f.FailOn = sev.String()
	return nil
}

func (p *parser) parameters(n *yaml.Node, f *File) error {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return p.errorAt(n, "parameters must be a mapping of parameter name to value")
	}
	p.inlineParams = map[string]string{}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if err := p.repeated(seen, "parameters", k); err != nil {
			return err
		}
		switch v.Kind {
		case yaml.ScalarNode:
			p.inlineParams[k.Value] = v.Value
		case yaml.SequenceNode: // a CommaDelimitedList or List<…> value
			items, err := p.scalars(v, "parameters."+k.Value)
			if err != nil {
				return err
			}
			parts := make([]string, len(items))
			for j, it := range items {
				parts[j] = it.Value
			}
			p.inlineParams[k.Value] = strings.Join(parts, ",")
		default:
			return p.errorAt(v, "parameters.%s must be a string or a list", k.Value)
		}
	}
	f.Parameters = p.mergedParameters()
	return nil
}

func (p *parser) parameterFiles(n *yaml.Node, f *File) error {
	items, err := p.scalars(n, "parameter_files")
	if err != nil {
		return err
	}
	p.fileParams = map[string]string{}
	for _, it := range items {
		if err := p.confined(it, "parameter_files", p.path(it.Value)); err != nil {
			return err
		}
		values, err := params.ReadParameterFile(p.path(it.Value))
		if err != nil {
			return p.errorAt(it, "parameter_files: %v", err)
		}
		for k, v := range values {
			p.fileParams[k] = v
		}
	}
	f.Parameters = p.mergedParameters()
	return nil
}

func (p *parser) mergedParameters() map[string]string {
	out := map[string]string{}
	for k, v := range p.fileParams {
		out[k] = v
	}
	for k, v := range p.inlineParams {
		out[k] = v
	}
	return out
}

func (p *parser) conditions(n *yaml.Node, f *File) error {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return p.errorAt(n, "conditions must be a mapping of condition name to true or false")
	}
	f.Conditions = map[string]bool{}
	f.ConditionLines = map[string]int{}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if err := p.repeated(seen, "conditions", k); err != nil {
			return err
		}
		b, err := strconv.ParseBool(v.Value)
		if err != nil || v.Kind != yaml.ScalarNode {
			return p.errorAt(v, "conditions.%s: want true or false, got %q", k.Value, v.Value)
		}
		f.Conditions[k.Value] = b
		f.ConditionLines[k.Value] = k.Line
	}
	return nil
}

func (p *parser) policyDirs(n *yaml.Node, f *File) error {
	items, err := p.scalars(n, "policy_dirs")
	if err != nil {
		return err
	}
	for _, it := range items {
		dir := p.path(it.Value)
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			return p.errorAt(it, "policy_dirs: %s is not a readable directory", dir)
		}
		if err := p.confined(it, "policy_dirs", dir); err != nil {
			return err
		}
		f.PolicyDirs = append(f.PolicyDirs, dir)
	}
	return nil
}

func (p *parser) assumeAWSDefaults(n *yaml.Node, f *File) error {
	b, err := strconv.ParseBool(n.Value)
	if err != nil || n.Kind != yaml.ScalarNode {
		return p.errorAt(n, "assume_aws_defaults: want true or false, got %q", n.Value)
	}
	f.AssumeAWSDefaults = &b
	return nil
}

func (p *parser) cfnNag(n *yaml.Node, f *File) error {
	return p.fields(n, "cfn_nag", map[string]func(key, value *yaml.Node) error{
		"profile": func(k, v *yaml.Node) error {
			ids, err := p.cfnNagFile(v, "cfn_nag.profile", readProfile)
			key := p.ref(k)
			f.Profile, f.ProfileKey = ids, &key
			return err
		},
		"deny_list": func(_, v *yaml.Node) error {
			ids, err := p.cfnNagFile(v, "cfn_nag.deny_list", readDenyList)
			f.DenyList = ids
			return err
		},
	})
}

func (p *parser) cfnNagFile(n *yaml.Node, key string, read func(name string, data []byte) ([]Ref, error)) ([]Ref, error) {
	if n.Kind != yaml.ScalarNode || n.Value == "" {
		return nil, p.errorAt(n, "%s must be a file name", key)
	}
	name := p.path(n.Value)
	if err := p.confined(n, key, name); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, p.errorAt(n, "%s: cannot read %s: %v", key, name, err)
	}
	ids, err := read(name, data)
	if err != nil {
		var located *Error
		if errors.As(err, &located) {
			return nil, err
		}
		return nil, p.errorAt(n, "%s: %s: %v", key, name, err)
	}
	return ids, nil
}

// confined refuses a path outside p.confine, the repository of a config
// found by walking up. A path that does not exist yet (a baseline about to
// be written) is judged by its directory.
func (p *parser) confined(n *yaml.Node, key, path string) error {
	if p.confine == "" {
		return nil
	}
	judged := path
	if _, err := os.Lstat(path); err != nil {
		judged = filepath.Dir(path)
	}
	if within(p.confine, judged) {
		return nil
	}
	return p.errorAt(n, "%s: %s is outside the repository root %s; a config found by walking up from the working directory "+
		"may only name files and directories inside it (name the config with --config to allow this)", key, path, p.confine)
}

// within reports whether dir, with every symlink resolved, is root or
// inside it. Either may be relative to the working directory (a config
// found there is named ".cfnvet.yaml").
func within(root, dir string) bool {
	realRoot, err := realAbs(root)
	if err != nil {
		return false
	}
	realDir, err := realAbs(dir)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(realRoot, realDir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// realAbs is the absolute path of p with every symlink resolved.
func realAbs(p string) (string, error) {
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", err
	}
	return filepath.Abs(real)
}
