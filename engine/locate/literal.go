package locate

import (
	"strconv"
	"unicode/utf8"

	"github.com/cfnvet/cfnvet/engine/template"
)

// span is the source text one decoded byte came from: a 1-based line and
// the 1-based columns [col, endCol), counted in characters like every other
// column of the project. Line breaks added by a block scalar have a zero
// span: no JSON token contains one.
type span struct{ line, col, endCol int }

// mappedText is a decoded scalar with the source span of each of its bytes.
type mappedText struct {
	text  []byte
	spans []span
}

func (m *mappedText) add(s string, from span) {
	for i := 0; i < len(s); i++ {
		m.text = append(m.text, s[i])
		m.spans = append(m.spans, from)
	}
}

// addRunes copies source characters verbatim; col is the 1-based column of
// the first one.
func (m *mappedText) addRunes(rs []rune, line, col int) {
	for k, r := range rs {
		m.add(string(r), span{line: line, col: col + k, endCol: col + k + 1})
	}
}

// mapLiteral decodes the scalar written at `at` and returns the source span
// of every byte of its text. It succeeds only when the decoded text equals
// want, the resolved string: a value built by an intrinsic function or taken
// from a parameter is not written there, and its positions would be guesses.
// Supported are single-line plain, single- and double-quoted scalars and
// literal block scalars (`|`, `|-`, `|+`); folded and multi-line flow
// scalars change line breaks, so they are left to the caller's fallback.
func mapLiteral(t *template.Template, at template.Range, want string) ([]span, bool) {
	// Only the scalar's own characters are decoded (a minified template
	// has every value on one line): the line from its column, up to its
	// end when it ends there, and indexed from 0 at its column.
	endCol := 0
	if at.EndLine == at.Line && at.EndCol > at.Col {
		endCol = int(at.EndCol)
	}
	line, ok := t.SourceRunes(int(at.Line), int(at.Col), endCol)
	i := skipTagsAndAnchors(line, 0)
	if ok && i >= 0 && i < len(line) && line[i] == '|' && endCol > 0 {
		// A block scalar's range ends at its '|'; its header runs on.
		line, ok = t.SourceRunes(int(at.Line), int(at.Col), 0)
	}
	if !ok || i < 0 || i >= len(line) {
		return nil, false
	}
	var m mappedText
	switch line[i] {
	case '\'':
		ok = singleQuoted(&m, line, int(at.Line), i)
	case '"':
		ok = doubleQuoted(&m, line, int(at.Line), i)
	case '|':
		ok = literalBlock(&m, t, line, int(at.Line), i)
	case '>':
		ok = false
	default:
		ok = plain(&m, line, int(at.Line), i, want)
	}
	if !ok || string(m.text) != want {
		return nil, false
	}
	for k := range m.spans {
		if sp := &m.spans[k]; sp.line == int(at.Line) && sp.col > 0 {
			sp.col += int(at.Col - 1)
			sp.endCol += int(at.Col - 1)
		}
	}
	return m.spans, true
}

// skipTagsAndAnchors steps over `!Sub ` or `&name ` written before a value
// (a short-form tag's range starts at the tag). It returns -1 when i is
// outside the line.
func skipTagsAndAnchors(line []rune, i int) int {
	if i < 0 || i >= len(line) {
		return -1
	}
	for i < len(line) && (line[i] == '!' || line[i] == '&') {
		for i < len(line) && line[i] != ' ' {
			i++
		}
		for i < len(line) && line[i] == ' ' {
			i++
		}
	}
	return i
}

func plain(m *mappedText, line []rune, lineNo, i int, want string) bool {
	n := utf8.RuneCountInString(want)
	if i+n > len(line) {
		return false
	}
	m.addRunes(line[i:i+n], lineNo, i+1)
	return true
}

// singleQuoted decodes 'text' where ” stands for one quote. The closing
// quote must be on the same line.
func singleQuoted(m *mappedText, line []rune, lineNo, i int) bool {
	for j := i + 1; j < len(line); j++ {
		if line[j] != '\'' {
			m.addRunes(line[j:j+1], lineNo, j+1)
			continue
		}
		if j+1 < len(line) && line[j+1] == '\'' {
			m.add("'", span{line: lineNo, col: j + 1, endCol: j + 3})
			j++
			continue
		}
		return true
	}
	return false
}

// doubleQuoted decodes "text" with YAML's escapes (a superset of JSON's).
// The closing quote must be on the same line.
func doubleQuoted(m *mappedText, line []rune, lineNo, i int) bool {
	for j := i + 1; j < len(line); {
		switch line[j] {
		case '"':
			return true
		case '\\':
			text, width, ok := yamlEscape(line[j+1:])
			if !ok {
				return false
			}
			m.add(text, span{line: lineNo, col: j + 1, endCol: j + 2 + width})
			j += 1 + width
		default:
			m.addRunes(line[j:j+1], lineNo, j+1)
			j++
		}
	}
	return false
}

// yamlEscape decodes the escape after a backslash and returns its text and
// how many characters follow the backslash.
func yamlEscape(rest []rune) (string, int, bool) {
	if len(rest) == 0 {
		return "", 0, false // a line continuation: the scalar spans lines
	}
	switch rest[0] {
	case '0':
		return "\x00", 1, true
	case 'a':
		return "\a", 1, true
	case 'b':
		return "\b", 1, true
	case 't', '\t':
		return "\t", 1, true
	case 'n':
		return "\n", 1, true
	case 'v':
		return "\v", 1, true
	case 'f':
		return "\f", 1, true
	case 'r':
		return "\r", 1, true
	case 'e':
		return "\x1b", 1, true
	case ' ', '"', '/', '\\':
		return string(rest[0]), 1, true
	case 'N':
		return "\u0085", 1, true
	case '_':
		return "\u00a0", 1, true
	case 'L':
		return "\u2028", 1, true
	case 'P':
		return "\u2029", 1, true
	}
	digits := 0
	switch rest[0] {
	case 'x':
		digits = 2
	case 'u':
		digits = 4
	case 'U':
		digits = 8
	}
	if digits == 0 || len(rest) < 1+digits {
		return "", 0, false
	}
	code, err := strconv.ParseUint(string(rest[1:1+digits]), 16, 32)
	if err != nil || !utf8.ValidRune(rune(code)) {
		return "", 0, false
	}
	return string(rune(code)), 1 + digits, true
}

// literalBlock decodes a `|` block scalar whose header is at line[i]: the
// following lines with the block's indentation (that of its first non-blank
// line) removed. An explicit indentation indicator (`|2`) is relative to
// the parent's indentation, which is not known here, so it is not mapped.
func literalBlock(m *mappedText, t *template.Template, header []rune, headerLine, i int) bool {
	chomp := byte(0)
	for j := i + 1; j < len(header) && header[j] != ' ' && header[j] != '\t'; j++ {
		switch header[j] {
		case '-', '+':
			chomp = byte(header[j])
		default:
			return false
		}
	}
	indent := -1
	var blanks [][]rune // blank lines not yet known to be inside the text
	blankLines := []int{}
	for n := headerLine + 1; ; n++ {
		raw, ok := t.SourceLine(n)
		if !ok {
			break
		}
		line := []rune(raw)
		lead := 0
		for lead < len(line) && line[lead] == ' ' {
			lead++
		}
		if lead == len(line) {
			blanks = append(blanks, line)
			blankLines = append(blankLines, n)
			continue
		}
		if indent < 0 {
			if lead == 0 {
				return false
			}
			indent = lead
		}
		if lead < indent {
			break
		}
		for k, b := range blanks {
			if len(b) > indent {
				m.addRunes(b[indent:], blankLines[k], indent+1)
			}
			m.add("\n", span{})
		}
		blanks, blankLines = blanks[:0], blankLines[:0]
		m.addRunes(line[indent:], n, indent+1)
		if _, more := t.SourceLine(n + 1); more {
			m.add("\n", span{}) // the file's last line may have no line break
		}
	}
	switch chomp {
	case '-':
		if len(m.text) > 0 {
			m.text, m.spans = m.text[:len(m.text)-1], m.spans[:len(m.spans)-1]
		}
	case '+':
		for range blanks {
			m.add("\n", span{})
		}
	}
	return true
}
