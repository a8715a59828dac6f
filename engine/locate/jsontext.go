package locate

import (
	"encoding/json"
	"strings"

	"github.com/cfnvet/cfnvet/engine/template"
)

// jsonValue is one value of a JSON text with the byte span [start, end) of
// its token; for an object or an array the span is its opening bracket.
type jsonValue struct {
	kind       byte // '{', '[' or 0 for a scalar
	start, end int
	members    []jsonMember
	items      []*jsonValue
}

// jsonMember is one key of a JSON object with the span of the quoted key.
type jsonMember struct {
	name             string
	keyStart, keyEnd int
	value            *jsonValue
}

// member returns the value of key, the last one when the key repeats
// (encoding/json, which the rules parse with, keeps the last).
func (v *jsonValue) member(key string) *jsonMember {
	var found *jsonMember
	for i := range v.members {
		if v.members[i].name == key {
			found = &v.members[i]
		}
	}
	return found
}

// parseJSONSpans parses text into values that remember their byte offsets.
// encoding/json checks the syntax first, so the scanner below only has to
// record where tokens start and end: Decoder.Token cannot give start offsets
// (InputOffset is past the token and ',' and ':' are consumed silently).
func parseJSONSpans(text string) (*jsonValue, bool) {
	if !json.Valid([]byte(text)) {
		return nil, false
	}
	s := jsonScanner{text: text}
	return s.value(0)
}

type jsonScanner struct {
	text string
	pos  int
}

func (s *jsonScanner) peek() byte {
	for s.pos < len(s.text) && strings.IndexByte(" \t\r\n", s.text[s.pos]) >= 0 {
		s.pos++
	}
	if s.pos >= len(s.text) {
		return 0
	}
	return s.text[s.pos]
}

func (s *jsonScanner) value(depth int) (*jsonValue, bool) {
	if depth > template.MaxDepth {
		return nil, false
	}
	c := s.peek()
	start := s.pos
	switch c {
	case 0:
		return nil, false
	case '{', '[':
		s.pos++
		v := &jsonValue{kind: c, start: start, end: start + 1}
		closing := byte('}')
		if c == '[' {
			closing = ']'
		}
		if s.peek() == closing {
			s.pos++
			return v, true
		}
		for {
			if c == '{' {
				if s.peek() != '"' {
					return nil, false
				}
				keyStart := s.pos
				key, ok := s.str()
				keyEnd := s.pos
				if !ok || s.peek() != ':' {
					return nil, false
				}
				s.pos++
				val, ok := s.value(depth + 1)
				if !ok {
					return nil, false
				}
				v.members = append(v.members, jsonMember{name: key, keyStart: keyStart, keyEnd: keyEnd, value: val})
			} else {
				it, ok := s.value(depth + 1)
				if !ok {
					return nil, false
				}
				v.items = append(v.items, it)
			}
			switch s.peek() {
			case ',':
				s.pos++
			case closing:
				s.pos++
				return v, true
			default:
				return nil, false
			}
		}
	case '"':
		if _, ok := s.str(); !ok {
			return nil, false
		}
		return &jsonValue{start: start, end: s.pos}, true
	default: // a number, true, false or null
		for s.pos < len(s.text) && strings.IndexByte(" \t\r\n,]}", s.text[s.pos]) < 0 {
			s.pos++
		}
		return &jsonValue{start: start, end: s.pos}, true
	}
}

// str reads the string token at pos and returns its decoded text.
func (s *jsonScanner) str() (string, bool) {
	start := s.pos
	escaped := false
	for s.pos++; s.pos < len(s.text); s.pos++ {
		switch s.text[s.pos] {
		case '\\':
			escaped = true
			s.pos++
		case '"':
			s.pos++
			raw := s.text[start:s.pos]
			if !escaped {
				return raw[1 : len(raw)-1], true
			}
			var out string
			if err := json.Unmarshal([]byte(raw), &out); err != nil {
				return "", false
			}
			return out, true
		}
	}
	return "", false
}
