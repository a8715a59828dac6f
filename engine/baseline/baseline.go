// Package baseline reads and writes baseline files: the findings a team
// accepted when it adopted cfnvet, so that a CI gate fails only on new
// ones. A finding is identified by its file, rule and fingerprint (rule,
// resource and the content of the list elements on its path; never the
// line or a list index, see engine/fingerprint), so it stays matched when
// unrelated edits move it.
//
// Format (version 2):
//
//	{
//	  "version": 2,
//	  "findings": [
//	    {"file": "stacks/api.yaml", "rule_id": "NET001", "fingerprint": "9f2c…",
//	     "resource": "AppSG", "path": "Resources.AppSG.Properties.SecurityGroupIngress[0].CidrIp"}
//	  ]
//	}
//
// file is relative to the baseline file's directory, with forward slashes,
// so the baseline works in any checkout and from any working directory.
// resource and path are for the people reviewing the file; matching
// ignores them.
//
// Version 1 files hold fingerprints of scheme 1 (list elements by index).
// They are still read: an entry of scheme 1 matches a finding whose
// current or legacy fingerprint it equals, so adopting this version fails
// no gate. Rewriting the baseline (--write-baseline) writes version 2 with
// current fingerprints; entries it carries over for files it did not scan
// keep their fingerprint and say so with "scheme": 1.
package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cfnvet/cfnvet/engine/finding"
)

// Version is the format version written. Versions 1 and 2 are read.
const Version = 2

// legacyScheme is the fingerprint scheme of version 1 entries.
const legacyScheme = 1

// Entry is one accepted finding.
type Entry struct {
	File        string `json:"file"`
	RuleID      string `json:"rule_id"`
	Fingerprint string `json:"fingerprint"`
	Resource    string `json:"resource,omitempty"`
	Path        string `json:"path,omitempty"`
	// Scheme is the fingerprint scheme of an entry carried over from a
	// version 1 file; omitted for current fingerprints.
	Scheme int `json:"scheme,omitempty"`
}

// legacy reports an entry whose fingerprint is of scheme 1.
func (e Entry) legacy() bool { return e.Scheme == legacyScheme }

type document struct {
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

type key struct{ file, rule, fingerprint string }

// Baseline is a read baseline file.
type Baseline struct {
	// Name is the file as the user named it; dir is its absolute
	// directory, which entry files are relative to.
	Name    string
	dir     string
	entries []Entry
	lines   []int // line of each entry in the file
	keys    map[key]int
	// RulesRun, when set, holds the ids of the rules the scan runs. Entries
	// of other rules (an opt-in rule set left off, a --skip) are neither
	// matched nor stale, and rewriting the baseline keeps them, so that
	// narrowing the rule selection does not throw accepted findings away.
	RulesRun map[string]bool
}

func (b *Baseline) ran(ruleID string) bool { return b.RulesRun == nil || b.RulesRun[ruleID] }

// Error is a problem in a baseline file, at a place when known.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Read loads and validates a baseline file.
func Read(name string) (*Baseline, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &Error{File: name, Msg: fmt.Sprintf("cannot read baseline: %v", err)}
	}
	return Parse(name, data)
}

// Parse validates baseline content; name locates messages and its
// directory is the base of the entries' files.
func Parse(name string, data []byte) (*Baseline, error) {
	var doc document
	if err := json.Unmarshal(data, &doc); err != nil {
		e := &Error{File: name, Msg: "invalid baseline JSON: " + err.Error()}
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			// Offset is just past the offending byte.
			e.Line, e.Col = position(data, int(se.Offset)-1)
		case errors.As(err, &te):
			e.Line, e.Col = position(data, int(te.Offset))
		}
		return nil, e
	}
	if doc.Version != Version && doc.Version != 1 {
		return nil, &Error{File: name, Msg: fmt.Sprintf("baseline version %d is not supported (want 1 or %d); rewrite it with --write-baseline", doc.Version, Version)}
	}
	if doc.Version == 1 {
		for i := range doc.Findings {
			doc.Findings[i].Scheme = legacyScheme
		}
	}
	dir, err := filepath.Abs(filepath.Dir(name))
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", name, err)
	}
	b := &Baseline{Name: name, dir: dir, entries: doc.Findings, lines: entryLines(data)}
	for i, e := range b.entries {
		if e.File == "" || e.RuleID == "" || e.Fingerprint == "" {
			line := 0
			if i < len(b.lines) {
				line = b.lines[i]
			}
			return nil, &Error{File: name, Line: line, Col: 1, Msg: "baseline entry needs file, rule_id and fingerprint"}
		}
	}
	b.keys = b.index()
	return b, nil
}

// entryLines finds the line each element of the findings array starts on,
// so a suppression can point at its entry. It returns nil if the document
// cannot be walked (Unmarshal has accepted it, so that does not happen).
func entryLines(data []byte) []int {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		if t != "findings" {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return nil
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return nil
		}
		var lines []int
		for dec.More() {
			start := int(dec.InputOffset())
			for start < len(data) && strings.ContainsRune(" \t\r\n,", rune(data[start])) {
				start++
			}
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return nil
			}
			line, _ := position(data, start)
			lines = append(lines, line)
		}
		return lines
	}
	return nil
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, offset int) (line, col int) {
	offset = min(max(offset, 0), len(data))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = offset - bytes.LastIndexByte(before, '\n')
	return line, col
}

// Entries is the number of accepted findings.
func (b *Baseline) Entries() int { return len(b.entries) }

// Apply marks the findings the baseline lists as suppressed (source
// "baseline") unless something else already suppressed them, and records
// in res how many entries no longer occur: Accept on every file, then Use.
func (b *Baseline) Apply(res *finding.Result) {
	for i := range res.Files {
		b.Accept(&res.Files[i])
	}
	res.Baseline = b.Use(*res)
}

// Accept marks the findings of one scanned file that the baseline lists as
// suppressed (source "baseline"), unless something else already
// suppressed them.
func (b *Baseline) Accept(fr *finding.FileResult) {
	if fr.Skipped || fr.Err != nil {
		return
	}
	index := b.index()
	file := relativeTo(b.dir, fr.File)
	for j := range fr.Findings {
		f := &fr.Findings[j]
		at, ok := b.match(index, file, f)
		if !ok || f.Suppressed {
			continue
		}
		f.Suppressed = true
		f.Suppression = &finding.Suppression{Source: finding.SourceBaseline, Reason: "in baseline " + b.Name,
			File: b.Name, Line: b.lineOf(at)}
	}
}

// Use says how a whole scan used the baseline: how many entries it has and
// how many no longer occur. An entry is stale when its file was scanned
// without error and has no such finding any more (suppressed or not), or
// when the file is gone; entries for files this scan did not cover (a
// pre-commit run on a few files) or for rules it did not run (RulesRun)
// are neither matched nor stale.
func (b *Baseline) Use(res finding.Result) *finding.BaselineUse {
	index := b.index()
	seen := map[int]bool{}
	scanned := map[string]bool{}
	for _, fr := range res.Files {
		if fr.Skipped || fr.Err != nil {
			continue
		}
		file := relativeTo(b.dir, fr.File)
		scanned[file] = true
		for j := range fr.Findings {
			if at, ok := b.match(index, file, &fr.Findings[j]); ok {
				seen[at] = true
			}
		}
	}
	use := &finding.BaselineUse{File: b.Name, Entries: len(b.entries)}
	for i, e := range b.entries {
		k := key{e.File, e.RuleID, e.Fingerprint}
		if seen[i] || index[k] != i {
			continue // matched, or a duplicate of an earlier entry
		}
		if scanned[e.File] && b.ran(e.RuleID) || b.fileGone(e.File) {
			use.Stale++
		}
	}
	return use
}

// index maps each entry's key to its first occurrence. Parse builds it
// once; Accept runs concurrently for many files and only reads it.
func (b *Baseline) index() map[key]int {
	if b.keys != nil {
		return b.keys
	}
	index := make(map[key]int, len(b.entries))
	for i, e := range b.entries {
		k := key{e.File, e.RuleID, e.Fingerprint}
		if _, dup := index[k]; !dup {
			index[k] = i
		}
	}
	return index
}

// match finds the entry accepting f, a finding in file (relative to the
// baseline): by its fingerprint, or by its legacy fingerprint for an entry
// written with the legacy scheme.
func (b *Baseline) match(index map[key]int, file string, f *finding.Finding) (int, bool) {
	if at, ok := index[key{file, f.Rule.ID, f.Fingerprint}]; ok {
		return at, true
	}
	if f.LegacyFingerprint == "" {
		return 0, false
	}
	at, ok := index[key{file, f.Rule.ID, f.LegacyFingerprint}]
	return at, ok && b.entries[at].legacy()
}

func (b *Baseline) lineOf(i int) int {
	if i < len(b.lines) {
		return b.lines[i]
	}
	return 0
}

func (b *Baseline) fileGone(file string) bool {
	if file == stdinName {
		return false
	}
	_, err := os.Stat(filepath.Join(b.dir, filepath.FromSlash(file)))
	return errors.Is(err, fs.ErrNotExist)
}

const stdinName = "<stdin>"

// relativeTo names a scanned file relative to dir with forward slashes;
// standard input keeps its name, and a file on another volume its
// absolute path.
func relativeTo(dir, file string) string {
	if file == stdinName {
		return file
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return filepath.ToSlash(file)
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// Write records every finding of res that is active or accepted by a
// baseline as the baseline file name, and returns how many entries it
// wrote. Findings suppressed in the template or the config file are left
// out: they are accepted already, and their suppression may expire.
//
// previous, the baseline the scan used (or nil), keeps its entries for
// files this scan did not read successfully but that still exist, and for
// rules it did not run (previous.RulesRun), so that rewriting the baseline
// after a partial scan (a few files, one that no longer parses, fewer
// rules) does not forget the rest.
func Write(name string, res finding.Result, previous *Baseline) (int, error) {
	dir, err := filepath.Abs(filepath.Dir(name))
	if err != nil {
		return 0, fmt.Errorf("write baseline %s: %w", name, err)
	}
	doc := document{Version: Version, Findings: []Entry{}}
	seen := map[key]bool{}
	add := func(e Entry) {
		k := key{e.File, e.RuleID, e.Fingerprint}
		if !seen[k] {
			seen[k] = true
			doc.Findings = append(doc.Findings, e)
		}
	}
	scanned := map[string]bool{}
	for _, fr := range res.Files {
		if fr.Skipped || fr.Err != nil {
			continue
		}
		file := relativeTo(dir, fr.File)
		scanned[file] = true
		for _, f := range fr.Findings {
			if f.Suppressed && f.Suppression.Source != finding.SourceBaseline {
				continue
			}
			add(Entry{File: file, RuleID: f.Rule.ID, Fingerprint: f.Fingerprint, Resource: f.Resource, Path: displayPath(f)})
		}
	}
	if previous != nil {
		for _, e := range previous.entries {
			if previous.fileGone(e.File) {
				continue
			}
			if e.File != stdinName {
				e.File = relativeTo(dir, filepath.Join(previous.dir, filepath.FromSlash(e.File)))
			}
			if !scanned[e.File] || !previous.ran(e.RuleID) {
				add(e)
			}
		}
	}
	// Sorted without lines, so that rewriting the baseline after edits
	// elsewhere in a template leaves it unchanged.
	sort.Slice(doc.Findings, func(i, j int) bool {
		a, b := doc.Findings[i], doc.Findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		if a.Resource != b.Resource {
			return a.Resource < b.Resource
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Fingerprint < b.Fingerprint
	})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return 0, fmt.Errorf("write baseline %s: %w", name, err)
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		return 0, fmt.Errorf("write baseline: %w", err)
	}
	return len(doc.Findings), nil
}

// displayPath is the finding's path as JSON output shows it.
func displayPath(f finding.Finding) string {
	switch {
	case f.Resource == "":
		return f.Path.String()
	case len(f.Path) == 0:
		return "Resources." + f.Resource
	}
	return "Resources." + f.Resource + "." + f.Path.String()
}
