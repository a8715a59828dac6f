package template

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"regexp"
	"unicode/utf16"
	"unicode/utf8"
)

// templateSection matches a top-level key that only CloudFormation
// templates have, quoted (JSON) or not (YAML).
var templateSection = regexp.MustCompile(`(?m)(^|[{,\s])"?(Resources|AWSTemplateFormatVersion|Transform)"?\s*:`)

// MentionsTemplateSection reports whether UTF-8 text names a section only
// templates have: a file that does not, and does not parse, is some other
// tool's YAML/JSON.
func MentionsTemplateSection(text []byte) bool { return templateSection.Match(text) }

// ErrUnmarkedUnicode is returned (wrapping ErrNotTemplate) for UTF-16 or
// UTF-32 text without a byte order mark that names no template section.
var ErrUnmarkedUnicode = fmt.Errorf("%w: UTF-16 or UTF-32 text without a byte order mark", ErrNotTemplate)

// unicodeForm is a Unicode encoding form other than UTF-8.
type unicodeForm struct {
	name  string
	bom   []byte
	unit  int // bytes per code unit
	order binary.ByteOrder
}

// The UTF-32 forms come first: the UTF-32LE byte order mark starts with
// the UTF-16LE one.
var unicodeForms = []unicodeForm{
	{"UTF-32LE", []byte{0xff, 0xfe, 0, 0}, 4, binary.LittleEndian},
	{"UTF-32BE", []byte{0, 0, 0xfe, 0xff}, 4, binary.BigEndian},
	{"UTF-16LE", []byte{0xff, 0xfe}, 2, binary.LittleEndian},
	{"UTF-16BE", []byte{0xfe, 0xff}, 2, binary.BigEndian},
}

// Decode returns a template file's content as UTF-8 text. A UTF-8 byte
// order mark is dropped; UTF-16 and UTF-32 with a byte order mark (what
// Windows editors and PowerShell write) are decoded, keeping every line
// where it was. UTF-16 or UTF-32 without a byte order mark is recognised
// by its NUL bytes: an error when the text names a template section, and
// ErrNotTemplate otherwise, so that it is never taken for empty or
// non-template UTF-8.
func Decode(name string, data []byte) ([]byte, error) {
	if text, ok := bytes.CutPrefix(data, []byte("\xef\xbb\xbf")); ok {
		return text, nil
	}
	for _, f := range unicodeForms {
		if body, ok := bytes.CutPrefix(data, f.bom); ok {
			return f.decode(name, body)
		}
	}
	f, ok := unmarkedForm(data)
	if !ok {
		return data, nil
	}
	text, err := f.decode(name, data[:len(data)/f.unit*f.unit])
	if err != nil || !MentionsTemplateSection(text) {
		return nil, fmt.Errorf("%s: %s: %w", name, f.name, ErrUnmarkedUnicode)
	}
	return nil, &Error{File: name, Line: 1, Col: 1, Msg: fmt.Sprintf(
		"file is %s without a byte order mark; save it as UTF-8 (or %s with a byte order mark) to have it scanned", f.name, f.name)}
}

// unmarkedForm recognises UTF-16 or UTF-32 without a byte order mark from
// where the NUL bytes of its first characters fall: ASCII text (YAML and
// JSON syntax, section names) has a NUL in every high byte, and UTF-8 text
// has none.
func unmarkedForm(data []byte) (unicodeForm, bool) {
	sample := data[:min(len(data), 1024)]
	if len(sample) < 8 || bytes.IndexByte(sample, 0) < 0 {
		return unicodeForm{}, false
	}
	for _, f := range unicodeForms {
		units := len(sample) / f.unit
		ascii := 0
		for i := 0; i < units; i++ {
			u := sample[i*f.unit : (i+1)*f.unit]
			var c uint32
			if f.unit == 4 {
				c = f.order.Uint32(u)
			} else {
				c = uint32(f.order.Uint16(u))
			}
			if c != 0 && c < utf8.RuneSelf {
				ascii++
			}
		}
		if ascii*10 >= units*9 { // nine in ten characters ASCII and not NUL
			return f, true
		}
	}
	return unicodeForm{}, false
}

// decode converts body (without byte order mark) to UTF-8; an invalid code
// unit sequence is an error at its line.
func (f unicodeForm) decode(name string, body []byte) ([]byte, error) {
	out := make([]byte, 0, len(body)/f.unit*2)
	line, col := 1, 1
	bad := func(what string) error {
		return &Error{File: name, Line: line, Col: col, Msg: fmt.Sprintf("file is not valid %s: %s", f.name, what)}
	}
	for i := 0; i < len(body); i += f.unit {
		if i+f.unit > len(body) {
			return nil, bad("it ends in the middle of a character")
		}
		var r rune
		if f.unit == 4 {
			c := f.order.Uint32(body[i:])
			if c > utf8.MaxRune || utf16.IsSurrogate(rune(c)) {
				return nil, bad(fmt.Sprintf("U+%X is not a character", c))
			}
			r = rune(c)
		} else {
			r = rune(f.order.Uint16(body[i:]))
			if utf16.IsSurrogate(r) {
				if i+4 > len(body) {
					return nil, bad("unpaired surrogate")
				}
				r = utf16.DecodeRune(r, rune(f.order.Uint16(body[i+2:])))
				if r == utf8.RuneError {
					return nil, bad("unpaired surrogate")
				}
				i += 2
			}
		}
		out = utf8.AppendRune(out, r)
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return out, nil
}
