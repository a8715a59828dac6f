package ruletest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/txtar"

	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/scan"
)

// Fixture is one template with its expectations and scan settings.
type Fixture struct {
	Name        string // path used in messages
	Source      []byte
	Expect      []Expectation
	Settings    Settings
	ExpectError string // txtar `-- error --`: the file must fail to load with this text
}

// Settings are per-fixture scan options, from `# fixture:` lines or a txtar
// `-- settings --` section: `parameter K=V`, `condition C=true`,
// `assume-aws-defaults=false`.
type Settings struct {
	Parameters        map[string]string
	Conditions        map[string]bool
	AssumeAWSDefaults bool
}

// Key identifies settings that can share one engine.
func (s Settings) Key() string {
	var parts []string
	for k, v := range s.Parameters {
		parts = append(parts, "p:"+k+"="+v)
	}
	for k, v := range s.Conditions {
		parts = append(parts, fmt.Sprintf("c:%s=%v", k, v))
	}
	sort.Strings(parts)
	return fmt.Sprintf("%v|%s", s.AssumeAWSDefaults, strings.Join(parts, ","))
}

func parseSettingLine(s *Settings, line string) error {
	line = strings.TrimSpace(line)
	switch {
	case line == "":
		return nil
	case strings.HasPrefix(line, "parameter "):
		k, v, ok := strings.Cut(strings.TrimPrefix(line, "parameter "), "=")
		if !ok {
			return fmt.Errorf("want `parameter NAME=VALUE`, got %q", line)
		}
		s.Parameters[strings.TrimSpace(k)] = v
	case strings.HasPrefix(line, "condition "):
		k, v, ok := strings.Cut(strings.TrimPrefix(line, "condition "), "=")
		if !ok || (v != "true" && v != "false") {
			return fmt.Errorf("want `condition NAME=true|false`, got %q", line)
		}
		s.Conditions[strings.TrimSpace(k)] = v == "true"
	case line == "assume-aws-defaults=false":
		s.AssumeAWSDefaults = false
	case line == "assume-aws-defaults=true":
		s.AssumeAWSDefaults = true
	default:
		return fmt.Errorf("unknown fixture setting %q", line)
	}
	return nil
}

func newSettings() Settings {
	return Settings{Parameters: map[string]string{}, Conditions: map[string]bool{}, AssumeAWSDefaults: true}
}

// LoadFixture reads a .yaml/.yml/.json fixture or a .txtar archive (one
// template file plus `want`, `settings` and `error` sections).
func LoadFixture(path string) (*Fixture, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f := &Fixture{Name: path, Settings: newSettings()}
	if !strings.HasSuffix(path, ".txtar") {
		f.Source = data
		if f.Expect, err = ParseYAML(path, string(data)); err != nil {
			return nil, err
		}
		for i, line := range strings.Split(string(data), "\n") {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "# fixture:"); ok {
				if err := parseSettingLine(&f.Settings, rest); err != nil {
					return nil, fmt.Errorf("%s:%d: %w", path, i+1, err)
				}
			}
		}
		return f, nil
	}
	ar := txtar.Parse(data)
	var templateName string
	for _, file := range ar.Files {
		switch file.Name {
		case "want":
			exps, err := ParseWantSection(path, string(file.Data))
			if err != nil {
				return nil, err
			}
			f.Expect = append(f.Expect, exps...)
		case "settings":
			for _, line := range strings.Split(string(file.Data), "\n") {
				if err := parseSettingLine(&f.Settings, line); err != nil {
					return nil, fmt.Errorf("%s: %w", path, err)
				}
			}
		case "error":
			f.ExpectError = strings.TrimSpace(string(file.Data))
		default:
			if templateName != "" {
				return nil, fmt.Errorf("%s: more than one template file (%s, %s)", path, templateName, file.Name)
			}
			templateName = file.Name
			f.Source = file.Data
		}
	}
	if templateName == "" {
		return nil, fmt.Errorf("%s: txtar has no template file", path)
	}
	f.Name = path + "/" + templateName
	for i := range f.Expect {
		f.Expect[i].File = f.Name
	}
	return f, nil
}

// Check scans a fixture with eng and returns every mismatch, each as
// `file:line: …`. An empty result means the fixture passes.
func Check(ctx context.Context, eng *scan.Engine, f *Fixture) []string {
	res := eng.ScanBytes(ctx, f.Name, f.Source)
	var problems []string
	if f.ExpectError != "" {
		if res.Err == nil || !strings.Contains(res.Err.Error(), f.ExpectError) {
			got := "no error"
			if res.Err != nil {
				got = res.Err.Error()
			}
			problems = append(problems, fmt.Sprintf("%s: want load error containing %q, got %s", f.Name, f.ExpectError, got))
		}
		return problems
	}
	if res.Err != nil {
		return []string{fmt.Sprintf("%s: fixture failed to load: %v", f.Name, res.Err)}
	}
	if res.Skipped {
		return []string{fmt.Sprintf("%s: fixture is not recognised as a template", f.Name)}
	}
	if len(f.Expect) == 0 {
		return []string{fmt.Sprintf("%s: fixture has no annotations (every fixture must assert something)", f.Name)}
	}
	used := make([]bool, len(res.Findings))
	match := func(e Expectation) int {
		for i, fd := range res.Findings {
			if used[i] || fd.Rule.ID != e.Rule || int(fd.Range.Line) != e.Line {
				continue
			}
			if e.Rx == nil || e.Rx.MatchString(fd.Message) {
				return i
			}
		}
		return -1
	}
	// Wants and todo-oks claim findings first.
	for _, e := range f.Expect {
		switch e.Kind {
		case Want:
			if i := match(e); i >= 0 {
				used[i] = true
			} else {
				problems = append(problems, fmt.Sprintf("%s:%d: missing %s%s%s", f.Name, e.Line, e.Rule, rxNote(e), nearby(res.Findings, e)))
			}
		case TodoOK:
			if i := match(e); i >= 0 {
				used[i] = true
			} else {
				problems = append(problems, fmt.Sprintf("%s:%d: todo-ok %s no longer fires: turn it into `ok`", f.Name, e.Line, e.Rule))
			}
		}
	}
	for _, e := range f.Expect {
		switch e.Kind {
		case OK:
			for i, fd := range res.Findings {
				if !used[i] && fd.Rule.ID == e.Rule && int(fd.Range.Line) == e.Line {
					used[i] = true
					problems = append(problems, fmt.Sprintf("%s:%d: %s fired on an `ok` line: %s", f.Name, e.Line, e.Rule, fd.Message))
				}
			}
		case TodoWant:
			if i := match(e); i >= 0 {
				used[i] = true
				problems = append(problems, fmt.Sprintf("%s:%d: todo-want %s now fires: turn it into `want`", f.Name, e.Line, e.Rule))
			}
		}
	}
	for i, fd := range res.Findings {
		if !used[i] {
			problems = append(problems, fmt.Sprintf("%s:%d: unexpected %s: %s", f.Name, fd.Range.Line, fd.Rule.ID, fd.Message))
		}
	}
	return append(problems, DuplicateFingerprints(f.Name, res.Findings)...)
}

func rxNote(e Expectation) string {
	if e.Rx == nil {
		return ""
	}
	return fmt.Sprintf(" matching %q", e.Rx.String())
}

func nearby(fs []finding.Finding, e Expectation) string {
	var got []string
	for _, fd := range fs {
		if fd.Rule.ID == e.Rule {
			got = append(got, fmt.Sprintf("line %d: %s", fd.Range.Line, fd.Message))
		}
	}
	if len(got) == 0 {
		return ""
	}
	return " (" + e.Rule + " fired at " + strings.Join(got, "; ") + ")"
}

// Fixtures lists fixture files under dir, sorted.
func Fixtures(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch filepath.Ext(p) {
		case ".yaml", ".yml", ".json", ".txtar":
			if !d.IsDir() {
				out = append(out, p)
			}
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// MissingFixtures checks that dir (testdata/rules/<id>) holds what every
// rule needs: a bad_* fixture with a `want <id>`, a good_* fixture and an
// unresolvable* fixture. It returns one message per missing kind.
func MissingFixtures(dir, id string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return []string{fmt.Sprintf("%s: no fixture directory %s", id, dir)}
	}
	var problems []string
	var bad, good, unresolvable bool
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "bad"):
			f, err := LoadFixture(filepath.Join(dir, name))
			if err != nil {
				problems = append(problems, err.Error())
				continue
			}
			for _, x := range f.Expect {
				bad = bad || (x.Kind == Want && x.Rule == id)
			}
		case strings.HasPrefix(name, "good"):
			good = true
		case strings.HasPrefix(name, "unresolvable"):
			unresolvable = true
		}
	}
	if !bad {
		problems = append(problems, fmt.Sprintf("%s: no bad_* fixture with a `want %s` annotation", id, id))
	}
	if !good {
		problems = append(problems, fmt.Sprintf("%s: no good_* fixture", id))
	}
	if !unresolvable {
		problems = append(problems, fmt.Sprintf("%s: no unresolvable* fixture (intrinsics the resolver cannot know must stay silent)", id))
	}
	return problems
}
