// Package ruletest is the one harness that checks Go rules and Rego
// policies against fixture templates annotated with the findings they must
// and must not produce, line by line:
//
//	Action: "*"   # want IAM001 "allows every action"
//	Action: "*"   # ok IAM001 (a Deny statement)
//
// `todo-want` records a known false negative and `todo-ok` a known false
// positive; both fail once the rule starts behaving, so they get promoted.
// JSON and multi-file cases are txtar archives with a `-- want --` section
// of `LINE ID "regexp"` lines.
package ruletest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Kind of an expectation.
type Kind string

// Expectation kinds.
const (
	Want     Kind = "want"
	OK       Kind = "ok"
	TodoWant Kind = "todo-want"
	TodoOK   Kind = "todo-ok"
)

// Expectation is one annotation.
type Expectation struct {
	File string
	Line int
	Kind Kind
	Rule string
	Rx   *regexp.Regexp // nil matches any message
}

var ruleToken = regexp.MustCompile(`^[A-Z][A-Z0-9_]*\d{3}$`)

// ParseComment reads the annotations of one comment's text (after '#').
// A comment is an annotation only when its first word is a kind.
func ParseComment(file string, line int, text string) ([]Expectation, error) {
	toks, err := tokenize(text)
	if err != nil {
		return nil, fmt.Errorf("%s:%d: %w", file, line, err)
	}
	if len(toks) == 0 || !isKind(toks[0].text) || toks[0].quoted {
		return nil, nil
	}
	var out []Expectation
	var kind Kind
	for _, tk := range toks {
		switch {
		case tk.paren:
			continue
		case tk.quoted:
			if len(out) == 0 || out[len(out)-1].Rx != nil {
				return nil, fmt.Errorf("%s:%d: message %q does not follow a rule id", file, line, tk.text)
			}
			rx, err := regexp.Compile(tk.text)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: bad message regexp: %w", file, line, err)
			}
			out[len(out)-1].Rx = rx
		case isKind(tk.text):
			kind = Kind(tk.text)
		case ruleToken.MatchString(tk.text):
			out = append(out, Expectation{File: file, Line: line, Kind: kind, Rule: tk.text})
		default:
			return nil, fmt.Errorf("%s:%d: unexpected %q in annotation (put commentary in parentheses)", file, line, tk.text)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s:%d: annotation names no rule", file, line)
	}
	return out, nil
}

func isKind(s string) bool {
	switch Kind(s) {
	case Want, OK, TodoWant, TodoOK:
		return true
	}
	return false
}

type token struct {
	text   string
	quoted bool
	paren  bool
}

func tokenize(s string) ([]token, error) {
	var out []token
	for i := 0; i < len(s); {
		switch s[i] {
		case ' ', '\t':
			i++
		case '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unterminated quoted message")
			}
			text, err := strconv.Unquote(s[i : j+1])
			if err != nil {
				// Regexp escapes such as \( are not Go escapes: keep them raw.
				text = strings.ReplaceAll(s[i+1:j], `\"`, `"`)
			}
			out = append(out, token{text: text, quoted: true})
			i = j + 1
		case '(':
			depth, j := 0, i
			for ; j < len(s); j++ {
				if s[j] == '(' {
					depth++
				} else if s[j] == ')' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			out = append(out, token{text: s[i:min(j+1, len(s))], paren: true})
			i = j + 1
		default:
			j := i
			for j < len(s) && s[j] != ' ' && s[j] != '\t' {
				j++
			}
			out = append(out, token{text: s[i:j]})
			i = j
		}
	}
	return out, nil
}

// ParseYAML finds annotations in the comments of a YAML template. Only
// `#` preceded by whitespace (or at line start) begins a comment, so `#` in
// values such as URLs is not misread.
func ParseYAML(file string, src string) ([]Expectation, error) {
	var out []Expectation
	for i, line := range strings.Split(src, "\n") {
		idx := commentStart(line)
		if idx < 0 {
			continue
		}
		exps, err := ParseComment(file, i+1, strings.TrimSpace(line[idx+1:]))
		if err != nil {
			return nil, err
		}
		out = append(out, exps...)
	}
	return out, nil
}

func commentStart(line string) int {
	inSingle, inDouble := false, false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\'' && !inDouble:
			inSingle = !inSingle
		case c == '"' && !inSingle:
			if i == 0 || line[i-1] != '\\' {
				inDouble = !inDouble
			}
		case c == '#' && !inSingle && !inDouble && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return i
		}
	}
	return -1
}

// ParseWantSection reads a txtar `-- want --` section: lines of
// `LINE KIND? ID "regexp"` (KIND defaults to want) for the named file.
func ParseWantSection(file, section string) ([]Expectation, error) {
	var out []Expectation
	for i, raw := range strings.Split(section, "\n") {
		raw = strings.TrimSpace(raw)
		if raw == "" || strings.HasPrefix(raw, "#") {
			continue
		}
		num, rest, _ := strings.Cut(raw, " ")
		line, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("%s: want line %d: %q does not start with a line number", file, i+1, raw)
		}
		rest = strings.TrimSpace(rest)
		if first, _, _ := strings.Cut(rest, " "); !isKind(first) {
			rest = "want " + rest
		}
		exps, err := ParseComment(file, line, rest)
		if err != nil {
			return nil, err
		}
		out = append(out, exps...)
	}
	return out, nil
}
