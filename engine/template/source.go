package template

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// sourceText is a template's text, addressable by line and by column
// within a line. It keeps one copy of the text and the offset of each line
// rather than a string per line: the positions of a 10,000-resource
// template would otherwise cost more than the text itself.
type sourceText struct {
	text   string
	starts []int // byte offset at which each line starts
	// wide holds the characters of each line that is not ASCII (few are),
	// by line number, so that a column can be indexed without decoding
	// the line again: a minified one-line JSON template has one line
	// holding every value.
	wide map[int][]rune
}

func newSourceText(data []byte) *sourceText {
	text := string(data)
	s := &sourceText{text: text, starts: make([]int, 1, bytes.Count(data, []byte{'\n'})+1)}
	ascii := true
	for i := 0; i < len(text); i++ {
		switch b := text[i]; {
		case b == '\n':
			s.starts = append(s.starts, i+1)
			s.noteLine(len(s.starts)-1, ascii)
			ascii = true
		case b >= utf8.RuneSelf:
			ascii = false
		}
	}
	s.noteLine(len(s.starts), ascii)
	return s
}

// noteLine records the characters of line n when it is not ASCII.
func (s *sourceText) noteLine(n int, ascii bool) {
	if ascii {
		return
	}
	if s.wide == nil {
		s.wide = map[int][]rune{}
	}
	s.wide[n] = []rune(strings.TrimRight(s.raw(n), "\r"))
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
// removed, for indexing by column.
func (s *sourceText) line(n int) lineText {
	if wide, ok := s.wide[n]; ok {
		return lineText{wide: wide}
	}
	return lineText{ascii: strings.TrimRight(s.raw(n), "\r"), isASCII: true}
}
