package template

import "strings"

// sourceText is a template's text, addressable by line and by column
// within a line. It keeps one copy of the text and the offset of each line
// rather than a string per line: the positions of a 10,000-resource
// template would otherwise cost more than the text itself.
type sourceText struct {
	text   string
	starts []int // byte offset at which each line starts
	// state records, per line, what loading learned of it: 0 not
	// examined, lineASCII, or lineWide with its runes in wide. Only
	// loading writes it; afterwards it is read concurrently.
	state []uint8
	wide  map[int][]rune
}

const (
	lineASCII uint8 = 1 + iota
	lineWide
)

func newSourceText(data []byte) *sourceText {
	text := string(data)
	starts := make([]int, 1, strings.Count(text, "\n")+1)
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &sourceText{text: text, starts: starts, state: make([]uint8, len(starts))}
}

// lineCount is the number of lines: one more than the line breaks.
func (s *sourceText) lineCount() int {
	if s == nil {
		return 0
	}
	return len(s.starts)
}

// raw returns line n (1-based, within range) without its line break.
func (s *sourceText) raw(n int) string {
	end := len(s.text)
	if n < len(s.starts) {
		end = s.starts[n] - 1
	}
	return s.text[s.starts[n-1]:end]
}

// line returns line n (1-based, within range), trailing carriage returns
// removed, for indexing by column, remembering whether it is ASCII and the
// runes of one that is not: a minified one-line JSON template has one line
// holding every value, and decoding it per value made loading quadratic.
func (s *sourceText) line(n int) lineText {
	text := s.peek(n)
	switch {
	case s.state[n-1] != 0:
	case text.isASCII:
		s.state[n-1] = lineASCII
	default:
		if s.wide == nil {
			s.wide = map[int][]rune{}
		}
		s.wide[n], s.state[n-1] = text.wide, lineWide
	}
	return text
}

// peek is line without remembering anything: safe for concurrent use.
func (s *sourceText) peek(n int) lineText {
	switch s.state[n-1] {
	case lineASCII:
		return lineText{ascii: strings.TrimRight(s.raw(n), "\r"), isASCII: true}
	case lineWide:
		return lineText{wide: s.wide[n]}
	}
	raw := strings.TrimRight(s.raw(n), "\r")
	if isASCII(raw) {
		return lineText{ascii: raw, isASCII: true}
	}
	return lineText{wide: []rune(raw)}
}
