package template

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// JSON templates (CDK and Serverless Framework output, most large
// templates) are read by a parser of their own rather than yaml.v3: it
// builds the document tree directly, where yaml.v3 builds its own tree
// first, and reading JSON that way costs several times the time and twice
// the memory. The tree is the one yaml.v3 gives for the same text (same
// kinds, values and ranges; TestJSONParserMatchesYAML holds it to that).

// jsonReadable reports whether valid JSON data can take the JSON parser:
// yaml.v3 also breaks lines at a lone carriage return and at U+0085,
// U+2028 and U+2029, so text holding one keeps yaml.v3's numbering.
func jsonReadable(data []byte) bool {
	for rest := data; ; {
		i := bytes.IndexByte(rest, '\r')
		if i < 0 {
			break
		}
		if i+1 >= len(rest) || rest[i+1] != '\n' {
			return false
		}
		rest = rest[i+2:]
	}
	return !bytes.Contains(data, []byte("\u0085")) && !bytes.Contains(data, []byte("\u2028")) &&
		!bytes.Contains(data, []byte("\u2029"))
}

// jsonParser reads one valid JSON document, tracking the 1-based line and
// the 1-based column in characters of its position.
type jsonParser struct {
	c    *converter
	data []byte
	pos  int
	line int
	col  int
	// path holds the keys of the objects being read, outermost first;
	// entries and items are the members of the objects and arrays being
	// read, innermost last, each copied into a slice of its exact size
	// once its object or array is read whole.
	path    []string
	entries []Entry
	items   []*Node
}

// scalar returns a scalar node from the converter.
func (p *jsonParser) scalar(kind Kind, text string, at Range) *Node {
	n := p.c.node()
	n.Kind, n.Range = kind, at
	n.SetValue(text)
	return n
}

// parseJSON reads data into a document tree; the top level must be an
// object. It accepts exactly what json.Valid accepts (FuzzJSONParserMatchesYAML
// and TestJSONParserIsStrict hold it to that), so valid JSON is read once;
// its own errors are terse, and the caller words a syntax error as
// encoding/json does (jsonSyntaxError).
func (c *converter) parseJSON(data []byte) (*Node, error) {
	p := &jsonParser{c: c, data: data, line: 1, col: 1}
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] != '{' {
		kind := "scalar"
		if p.data[p.pos] == '[' {
			kind = "list"
		}
		return nil, fmt.Errorf("%s: top level is a %s: %w", c.file, kind, ErrNotTemplate)
	}
	if len(data) >= c.arenaFrom {
		// As the YAML reader does (converter.arena).
		c.arena = &c.skeleton
		defer func() { c.arena = nil }()
	}
	root, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos < len(p.data) {
		return nil, p.errorf("invalid JSON: text after the top-level value")
	}
	return root, nil
}

// advance moves past n bytes, none of them a line break.
func (p *jsonParser) advance(n int) {
	for _, b := range p.data[p.pos : p.pos+n] {
		if b&0xC0 != 0x80 { // not a UTF-8 continuation byte: a new character
			p.col++
		}
	}
	p.pos += n
}

func (p *jsonParser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case '\n':
			p.line, p.col = p.line+1, 1
		case ' ', '\t':
			p.col++
		case '\r': // always before '\n' here (jsonReadable)
		default:
			return
		}
		p.pos++
	}
}

func (p *jsonParser) errorf(format string, args ...any) error {
	return &Error{File: p.c.file, Line: p.line, Col: p.col, Msg: fmt.Sprintf(format, args...)}
}

func (p *jsonParser) value(depth int) (*Node, error) {
	if depth > MaxDepth {
		return nil, p.errorf("nesting deeper than %d levels", MaxDepth)
	}
	if p.pos >= len(p.data) {
		return nil, p.errorf("invalid JSON: unexpected end of input")
	}
	at := Range{Line: int32(p.line), Col: int32(p.col), EndLine: int32(p.line), EndCol: int32(p.col + 1)}
	switch p.data[p.pos] {
	case '{':
		return p.object(at, depth)
	case '[':
		return p.array(at, depth)
	case '"':
		text, r, err := p.str()
		if err != nil {
			return nil, err
		}
		return p.scalar(String, text, r), nil
	default:
		return p.literal(at)
	}
}

func (p *jsonParser) object(at Range, depth int) (*Node, error) {
	n := p.c.node()
	n.Kind, n.Range = Map, at
	p.advance(1)
	p.space()
	var seen map[string]int // indices from base, for objects of many keys
	base := len(p.entries)
	for keys := 0; p.pos < len(p.data) && p.data[p.pos] != '}'; keys++ {
		if keys > 0 {
			if p.data[p.pos] != ',' {
				return nil, p.errorf("invalid JSON: expected ',' or '}' in object")
			}
			p.advance(1)
			p.space()
		}
		key, keyRange, err := p.str()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errorf("invalid JSON: expected ':' after object key")
		}
		p.advance(1)
		p.space()
		val, err := p.member(key, depth)
		if err != nil {
			return nil, err
		}
		p.space()
		entries := p.entries[base:] // read again: the member's own members may have moved the stack
		e := Entry{Key: p.c.intern(key), KeyRange: keyRange, Value: val}
		if seen == nil && len(entries) == smallMapping {
			seen = make(map[string]int, 2*smallMapping)
			for i, prev := range entries {
				seen[prev.Key] = i
			}
		}
		if prev := entryIndex(entries, e.Key, seen); prev >= 0 {
			first := entries[prev].KeyRange
			p.c.warn(int(keyRange.Line), int(keyRange.Col), "duplicate key %q (first at line %d): CloudFormation rejects duplicate keys; the last value is used", key, first.Line)
			entries[prev] = e
			continue
		}
		if seen != nil {
			seen[e.Key] = len(entries)
		}
		p.entries = append(p.entries, e)
	}
	n.SetEntries(append(p.c.entries(len(p.entries)-base), p.entries[base:]...))
	clear(p.entries[base:])
	p.entries = p.entries[:base]
	if p.pos >= len(p.data) {
		return nil, p.errorf("invalid JSON: unterminated object")
	}
	p.advance(1)
	return n, nil
}

// member reads the value of key in the object being read, in the arena of
// resources' properties when it is one's Properties.
func (p *jsonParser) member(key string, depth int) (*Node, error) {
	if arena := p.c.arena; arena != nil && key == "Properties" && len(p.path) == 2 && p.path[0] == "Resources" {
		p.c.arena = &p.c.properties
		defer func() { p.c.arena = arena }()
	}
	p.path = append(p.path, key)
	defer func() { p.path = p.path[:len(p.path)-1] }()
	return p.value(depth + 1)
}

func (p *jsonParser) array(at Range, depth int) (*Node, error) {
	n := p.c.node()
	n.Kind, n.Range = List, at
	base := len(p.items)
	p.advance(1)
	p.space()
	for p.pos < len(p.data) && p.data[p.pos] != ']' {
		if len(p.items) > base {
			if p.data[p.pos] != ',' {
				return nil, p.errorf("invalid JSON: expected ',' or ']' in array")
			}
			p.advance(1)
			p.space()
		}
		p.path = append(p.path, "")
		v, err := p.value(depth + 1)
		p.path = p.path[:len(p.path)-1]
		if err != nil {
			return nil, err
		}
		p.items = append(p.items, v)
		p.space()
	}
	n.SetItems(append(p.c.items(len(p.items)-base), p.items[base:]...))
	clear(p.items[base:])
	p.items = p.items[:base]
	if p.pos >= len(p.data) {
		return nil, p.errorf("invalid JSON: unterminated array")
	}
	p.advance(1)
	return n, nil
}

// str reads a string and returns its text and the range of the string with
// its quotes.
func (p *jsonParser) str() (string, Range, error) {
	if p.pos >= len(p.data) || p.data[p.pos] != '"' {
		return "", Range{}, p.errorf("invalid JSON: expected a string")
	}
	r := Range{Line: int32(p.line), Col: int32(p.col), EndLine: int32(p.line)}
	end := p.pos + 1
	escaped := false
	for end < len(p.data) && p.data[end] != '"' {
		switch b := p.data[end]; {
		case b < 0x20:
			return "", Range{}, p.errorf("invalid JSON: control character in string")
		case b == '\\':
			if !validEscape(p.data[end+1:]) {
				return "", Range{}, p.errorf("invalid JSON: invalid escape in string")
			}
			escaped = true
			end++
		}
		end++
	}
	if end >= len(p.data) {
		return "", Range{}, p.errorf("invalid JSON: unterminated string")
	}
	raw := p.data[p.pos+1 : end]
	p.advance(end + 1 - p.pos)
	r.EndCol = int32(p.col)
	if !escaped {
		return string(raw), r, nil
	}
	return unescapeJSON(raw), r, nil
}

// unescapeJSON decodes the escapes of a JSON string's text; a lone
// surrogate becomes U+FFFD, as encoding/json decodes it.
func unescapeJSON(raw []byte) string {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' || i+1 >= len(raw) {
			out = append(out, raw[i])
			continue
		}
		i++
		switch raw[i] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, n := decodeUnicodeEscape(raw[i-1:])
			out = utf8.AppendRune(out, r)
			i += n - 2
		default: // '"', '\\', '/'
			out = append(out, raw[i])
		}
	}
	return string(out)
}

// decodeUnicodeEscape decodes the \uXXXX escape (or surrogate pair of two)
// at the start of s and returns the character and the bytes it took.
func decodeUnicodeEscape(s []byte) (rune, int) {
	hex4 := func(s []byte) (rune, bool) {
		if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(string(s[2:6]), 16, 16)
		return rune(v), err == nil
	}
	first, ok := hex4(s)
	if !ok {
		return utf8.RuneError, 2
	}
	if !utf16.IsSurrogate(first) {
		return first, 6
	}
	if second, ok := hex4(s[6:]); ok {
		if r := utf16.DecodeRune(first, second); r != utf8.RuneError {
			return r, 12
		}
	}
	return utf8.RuneError, 6
}

// literal reads a number, true, false or null, with the kind yaml.v3
// resolves the same plain text to.
func (p *jsonParser) literal(at Range) (*Node, error) {
	end := p.pos
	for end < len(p.data) && !isJSONDelimiter(p.data[end]) {
		end++
	}
	if end == p.pos || !validJSONLiteral(p.data[p.pos:end]) {
		return nil, p.errorf("invalid JSON: unexpected %q", p.data[p.pos])
	}
	text := string(p.data[p.pos:end])
	p.advance(end - p.pos)
	at.EndCol = int32(p.col)
	return p.scalar(plainKind(text), text, at), nil
}

// validEscape reports whether s, the text after a backslash in a string,
// starts with one of JSON's escapes.
func validEscape(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	switch s[0] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return true
	case 'u':
		if len(s) < 5 {
			return false
		}
		for _, h := range s[1:5] {
			if !isHexDigit(h) {
				return false
			}
		}
		return true
	}
	return false
}

func isHexDigit(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}

// validJSONLiteral reports whether text is true, false, null or a number
// in JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func validJSONLiteral(text []byte) bool {
	switch string(text) {
	case "true", "false", "null":
		return true
	}
	i := 0
	digits := func() int {
		start := i
		for i < len(text) && '0' <= text[i] && text[i] <= '9' {
			i++
		}
		return i - start
	}
	if i < len(text) && text[i] == '-' {
		i++
	}
	switch {
	case i < len(text) && text[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(text) && text[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(text) && (text[i] == 'e' || text[i] == 'E') {
		i++
		if i < len(text) && (text[i] == '+' || text[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(text)
}

func isJSONDelimiter(b byte) bool {
	switch b {
	case ',', '}', ']', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// plainKind is the kind yaml.v3 gives a plain JSON scalar: an integer when
// it parses as a 64-bit one, a float when it parses as a finite float,
// else (1e400) a string.
func plainKind(text string) Kind {
	switch text {
	case "true", "false":
		return Bool
	case "null":
		return Null
	}
	if _, err := strconv.ParseInt(text, 0, 64); err == nil {
		return Int
	}
	if _, err := strconv.ParseUint(text, 0, 64); err == nil {
		return Int
	}
	if _, err := strconv.ParseFloat(text, 64); err == nil {
		return Float
	}
	return String
}
