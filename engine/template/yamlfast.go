package template

import (
	"errors"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// readYAMLSubset builds, for the YAML most templates are written in, the
// node tree yaml.v3 builds, without yaml.v3's token machinery: block
// mappings and sequences, one-line plain and quoted scalars, literal block
// scalars, one-line flow collections and short-form tags. It reports
// ok=false, and yaml.v3 reads the document instead, for anything else
// (anchors, aliases, folded or multi-line scalars, tabs, CR line breaks,
// several documents, complex keys, …) and for anything it is unsure is
// valid YAML, so errors always come from yaml.v3.
// TestYAMLSubsetMatchesYAMLOnCorpus and FuzzYAMLSubsetMatchesYAML compare
// the two trees.
//
// src is data as the converter indexes it (newSourceText): its line starts
// and which lines are not ASCII.
func readYAMLSubset(data []byte, src *sourceText) (doc *yaml.Node, ok bool) {
	return readYAMLSubsetConverting(data, src, nil)
}

// readYAMLSubsetConverting is readYAMLSubset converting as it reads: with
// c set, each block mapping or sequence is converted by c as soon as it is
// read whole, and stands in the tree returned as a placeholder that c's
// convert takes back. So the parser's tree of a large template is never
// held whole next to the converted one (a yaml.Node is 160 bytes, five
// times a Node). When the document turns out to be outside the subset, c's
// warnings are as they were before.
func readYAMLSubsetConverting(data []byte, src *sourceText, c *converter) (doc *yaml.Node, ok bool) {
	if !plainText(data) || src.lineCount() > maxSubsetLines {
		return nil, false
	}
	r := &subsetReader{data: data, tags: map[string]string{}, conv: c}
	var warned int
	if c != nil {
		warned = len(c.warnings)
	}
	r.splitLines(src)
	defer func() {
		if p := recover(); p != nil {
			if err, isErr := p.(error); !isErr || !errors.Is(err, errOutsideSubset) {
				panic(p)
			}
			doc, ok = nil, false
			if c != nil {
				c.warnings, c.read = c.warnings[:warned], nil
			}
		}
	}()
	return r.document(), true
}

// plainText reports whether data holds only characters yaml.v3 accepts in
// a document and counts as they are counted here: printable ones and line
// feeds, no tab, no CR, no NEL, LS or PS (other line breaks to yaml.v3).
func plainText(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1,
			r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff,
			r > 0xd7ff && r < 0xe000, r == 0xfffe, r == 0xffff:
			return false
		}
		i += size
	}
	return true
}

// maxSubsetLines bounds the line table: a deployable template (at most
// 1 MB) has far fewer lines, and a file of empty lines is left to yaml.v3
// rather than costing a table entry per byte.
const maxSubsetLines = 400_000

// errOutsideSubset ends a subset read: yaml.v3 reads the document instead.
var errOutsideSubset = errors.New("outside the YAML subset")

func outside() { panic(errOutsideSubset) }

type subsetLine struct {
	start, end int // byte offsets of the line, without its newline
	indent     int // leading spaces
	blank      bool
	comment    bool // only a comment after the indentation
	ascii      bool
}

type subsetReader struct {
	data  []byte
	lines []subsetLine
	cur   int // index of the line being read
	depth int
	// tags caches the resolved tag of plain scalars that may not be
	// strings (numbers, booleans, nulls, timestamps).
	tags map[string]string
	// colLine, colPos and colCount remember the last column counted on a
	// line that is not ASCII, so that a long line with many nodes is
	// counted once, not once per node.
	colLine, colPos, colCount int
	// conv, when set, converts each block collection once read whole
	// (readYAMLSubsetConverting).
	conv *converter
	path []string // the keys of the mappings being read, outermost first
}

// whole hands the block collection n, read whole, to the converter and
// returns the placeholder that stands for it; other nodes are returned as
// they are, to be converted with their parent.
func (r *subsetReader) whole(n *yaml.Node) *yaml.Node {
	if r.conv == nil || (n.Kind != yaml.MappingNode && n.Kind != yaml.SequenceNode) {
		return n
	}
	// In a large document, what is under Resources/<id>/Properties is
	// allocated apart from the rest (converter.arena).
	if len(r.data) >= r.conv.arenaFrom {
		r.conv.arena = &r.conv.skeleton
		if len(r.path) >= 3 && r.path[0] == "Resources" && r.path[2] == "Properties" {
			r.conv.arena = &r.conv.properties
		}
	}
	converted, err := r.conv.convert(n, r.depth)
	r.conv.arena = nil
	if err != nil {
		outside() // yaml.v3's reading gives the error its place
	}
	r.conv.read = append(r.conv.read, converted)
	*n = yaml.Node{Line: -len(r.conv.read)}
	return n
}

func (r *subsetReader) splitLines(src *sourceText) {
	r.lines = make([]subsetLine, len(src.starts))
	for n, start := range src.starts {
		end := len(r.data)
		if n+1 < len(src.starts) {
			end = src.starts[n+1] - 1
		}
		_, wide := src.wide[n+1]
		i := start
		for i < end && r.data[i] == ' ' {
			i++
		}
		r.lines[n] = subsetLine{start: start, end: end, indent: i - start, ascii: !wide,
			blank: i == end, comment: i < end && r.data[i] == '#'}
	}
}

// column is the 1-based column, in characters as yaml.v3 counts them, of
// byte offset pos on line li.
func (r *subsetReader) column(li, pos int) int {
	l := r.lines[li]
	if l.ascii {
		return pos - l.start + 1
	}
	from, count := l.start, 0
	if r.colLine == li+1 && r.colPos <= pos {
		from, count = r.colPos, r.colCount
	}
	count += utf8.RuneCount(r.data[from:pos])
	r.colLine, r.colPos, r.colCount = li+1, pos, count
	return count + 1
}

// nextContent returns the index of the first line after the current one
// that holds something other than spaces or a comment, or -1; the current
// line stays the last one read.
func (r *subsetReader) nextContent() int {
	for i := r.cur + 1; i < len(r.lines); i++ {
		if !r.lines[i].blank && !r.lines[i].comment {
			return i
		}
	}
	return -1
}

// skipEmpty moves to the next line holding something other than spaces or
// a comment, and reports whether there is one.
func (r *subsetReader) skipEmpty() bool {
	for r.cur < len(r.lines) && (r.lines[r.cur].blank || r.lines[r.cur].comment) {
		r.cur++
	}
	return r.cur < len(r.lines)
}

func (r *subsetReader) document() *yaml.Node {
	if !r.skipEmpty() {
		outside()
	}
	l := r.lines[r.cur]
	docLine, docCol := r.cur+1, 1
	if text := string(r.data[l.start:l.end]); strings.HasPrefix(text, "---") {
		if rest := strings.TrimSpace(text[3:]); l.indent != 0 || (rest != "" && rest[0] != '#') || (len(text) > 3 && text[3] != ' ') {
			outside()
		}
		r.cur++
		if !r.skipEmpty() {
			outside()
		}
	}
	if r.lines[r.cur].indent != 0 {
		outside()
	}
	top := r.blockNode(0, r.lines[r.cur].start)
	if r.nextContent() >= 0 {
		outside() // more than one top-level node, or a second document
	}
	if top.Kind != yaml.MappingNode {
		outside()
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Line: docLine, Column: docCol, Content: []*yaml.Node{top}}
}

func (r *subsetReader) enter() {
	r.depth++
	if r.depth > MaxDepth {
		outside()
	}
}

// blockNode reads the node that starts at byte pos of the current line,
// whose column (0-based) is indent: a block mapping, a block sequence or a
// scalar written alone on its line.
func (r *subsetReader) blockNode(indent, pos int) *yaml.Node {
	r.enter()
	defer func() { r.depth-- }()
	l := r.lines[r.cur]
	rest := r.data[pos:l.end]
	switch {
	case isSequenceEntry(rest):
		return r.sequence(indent, pos)
	case r.keyEnd(pos, l.end) >= 0:
		return r.mapping(indent, pos)
	}
	n := r.inlineValue(pos, l.end, indent-1, ownedByLine)
	return n
}

func isSequenceEntry(b []byte) bool {
	return len(b) > 0 && b[0] == '-' && (len(b) == 1 || b[1] == ' ')
}

// mapping reads a block mapping whose keys are at column indent, the first
// one at byte pos of the current line.
func (r *subsetReader) mapping(indent, pos int) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: r.cur + 1, Column: r.column(r.cur, pos)}
	for {
		l := r.lines[r.cur]
		end := r.keyEnd(pos, l.end)
		if end < 0 {
			outside()
		}
		key := r.key(pos, end)
		after := end + 1 // past the colon
		r.path = append(r.path, key.Value)
		n.Content = append(n.Content, key, r.whole(r.value(after, l.end, indent)))
		r.path = r.path[:len(r.path)-1]
		ni := r.nextContent()
		if ni < 0 || r.lines[ni].indent < indent {
			return n
		}
		next := r.lines[ni]
		if next.indent > indent {
			outside()
		}
		r.cur, pos = ni, next.start+next.indent
		if isSequenceEntry(r.data[pos:next.end]) {
			outside() // a sequence where a key belongs
		}
	}
}

// sequence reads a block sequence whose dashes are at column indent, the
// first one at byte pos of the current line.
func (r *subsetReader) sequence(indent, pos int) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: r.cur + 1, Column: r.column(r.cur, pos)}
	for {
		l := r.lines[r.cur]
		item := pos + 1
		for item < l.end && r.data[item] == ' ' {
			item++
		}
		switch {
		case item == l.end || r.data[item] == '#':
			// The item is on the lines below.
			r.cur++
			if !r.skipEmpty() || r.lines[r.cur].indent <= indent {
				outside() // an empty item
			}
			below := r.lines[r.cur]
			n.Content = append(n.Content, r.whole(r.blockNode(below.indent, below.start+below.indent)))
		case isSequenceEntry(r.data[item:l.end]):
			// A sequence that starts on the dash's line: - - a
			r.enter()
			n.Content = append(n.Content, r.whole(r.sequence(item-l.start, item)))
			r.depth--
		case r.keyEnd(item, l.end) >= 0:
			// A mapping that starts on the dash's line.
			r.enter()
			n.Content = append(n.Content, r.whole(r.mapping(item-l.start, item)))
			r.depth--
		default:
			n.Content = append(n.Content, r.whole(r.inlineValue(item, l.end, indent, ownedByDash)))
		}
		ni := r.nextContent()
		if ni < 0 {
			return n
		}
		next := r.lines[ni]
		if next.indent != indent || !isSequenceEntry(r.data[next.start+next.indent:next.end]) {
			if next.indent > indent {
				outside()
			}
			return n
		}
		r.cur, pos = ni, next.start+next.indent
	}
}

// keyEnd returns the offset of the colon ending a block mapping key that
// starts at pos, or -1 when the text from pos is not "key:" followed by a
// space or the end of the line.
func (r *subsetReader) keyEnd(pos, end int) int {
	if pos >= end {
		return -1
	}
	switch c := r.data[pos]; c {
	case '"', '\'':
		close := r.quotedEnd(pos, end)
		if close < 0 {
			return -1
		}
		i := close + 1
		for i < end && r.data[i] == ' ' {
			i++
		}
		if i < end && r.data[i] == ':' && (i+1 == end || r.data[i+1] == ' ') {
			return i
		}
		return -1
	case '[', '{', '!', '&', '*', '|', '>', '%', '@', '`', '#', '?', ',', ']', '}':
		return -1
	}
	for i := pos; i < end; i++ {
		switch r.data[i] {
		case ':':
			if i+1 == end || r.data[i+1] == ' ' {
				if i == pos {
					return -1
				}
				return i
			}
		case '#':
			if r.data[i-1] == ' ' {
				return -1
			}
		}
	}
	return -1
}

// key builds the scalar node of the key between pos and the colon at end.
func (r *subsetReader) key(pos, end int) *yaml.Node {
	if end-pos >= maxKeyBytes {
		outside()
	}
	if c := r.data[pos]; c == '"' || c == '\'' {
		n, next := r.quoted(pos, end)
		for next < end && r.data[next] == ' ' {
			next++
		}
		if next != end {
			outside()
		}
		return n
	}
	text := strings.TrimRight(string(r.data[pos:end]), " ")
	if text == "<<" || !plainStart(text) {
		outside()
	}
	return r.plainNode(text, r.cur, pos)
}

// value reads what follows a key's colon (from pos to the line's end) and,
// when that is nothing, the node on the lines below; indent is the key's
// column.
func (r *subsetReader) value(pos, end, indent int) *yaml.Node {
	colonEnd := pos
	for pos < end && r.data[pos] == ' ' {
		pos++
	}
	if pos < end && r.data[pos] != '#' {
		return r.inlineValue(pos, end, indent, ownedByKey)
	}
	keyLine := r.cur
	r.cur++
	if !r.skipEmpty() {
		outside() // a null value at the end of the document
	}
	below := r.lines[r.cur]
	start := below.start + below.indent
	switch {
	case below.indent > indent:
		return r.blockNode(below.indent, start)
	case below.indent == indent && isSequenceEntry(r.data[start:below.end]):
		r.enter()
		defer func() { r.depth-- }()
		return r.sequence(indent, start)
	}
	// An empty value: yaml.v3 places its null right after the colon.
	r.cur = keyLine
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: keyLine + 1, Column: r.column(keyLine, colonEnd)}
}

// owner says what holds a value.
type owner uint8

const (
	ownedByKey  owner = iota // a mapping key: key: value
	ownedByDash              // a sequence entry: - value
	ownedByLine              // nothing on its line: the value below a key
)

// inlineValue reads the value that starts at byte pos of the current line:
// a tagged node, a block scalar, a flow collection or a one-line scalar.
// indent is the column of the key or dash that owns the value.
func (r *subsetReader) inlineValue(pos, end, indent int, by owner) *yaml.Node {
	li := r.cur
	switch r.data[pos] {
	case '!':
		tagEnd := pos
		for tagEnd < end && r.data[tagEnd] != ' ' {
			tagEnd++
		}
		tag := string(r.data[pos:tagEnd])
		if !shortFormTag(tag) {
			outside()
		}
		next := tagEnd
		for next < end && r.data[next] == ' ' {
			next++
		}
		var n *yaml.Node
		if next == end || r.data[next] == '#' {
			// The tagged node is below, or empty. Alone on a line, what
			// follows may be a sibling or the node itself, by rules the
			// subset leaves to yaml.v3. After a dash, the node is below
			// only when indented past the dash: an entry at the dash's
			// column is a sibling (- !GetAZs ending a list, or the fuzz
			// finding 0:\n  - !A\n  - 00).
			switch by {
			case ownedByLine:
				outside()
			case ownedByDash:
				if ni := r.nextContent(); ni < 0 || r.lines[ni].indent <= indent {
					n = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
					break
				}
				n = r.value(next, end, indent)
			default:
				n = r.value(next, end, indent)
			}
		} else {
			if r.data[next] == '!' {
				outside()
			}
			n = r.inlineValue(next, end, indent, by)
		}
		if n.Style&yaml.TaggedStyle != 0 {
			outside() // two tags on one node
		}
		n.Tag, n.Style = tag, n.Style|yaml.TaggedStyle
		n.Line, n.Column = li+1, r.column(li, pos)
		return n
	case '|':
		return r.literal(pos, end, indent)
	case '[', '{':
		n, next := r.flow(pos, end, 0)
		r.lineEnd(next, end)
		return n
	case '"', '\'':
		n, next := r.quoted(pos, end)
		r.lineEnd(next, end)
		r.noContinuation(indent)
		return n
	}
	text := r.plainText(pos, end, false, false)
	if !plainStart(text) {
		outside()
	}
	r.noContinuation(indent)
	return r.plainNode(text, li, pos)
}

// shortFormTag reports whether tag is a local tag of the shape intrinsic
// functions and Rain directives use (!Ref, !GetAtt, !Rain::Embed): the only
// tags the subset reads.
func shortFormTag(tag string) bool {
	if len(tag) < 2 || tag[0] != '!' {
		return false
	}
	for i := 1; i < len(tag); i++ {
		c := tag[i]
		letter := (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
		if !letter && (i == 1 || ((c < '0' || c > '9') && c != ':' && c != '.' && c != '_' && c != '-')) {
			return false
		}
	}
	return true
}

// lineEnd checks that only spaces or a comment follow pos on the line.
func (r *subsetReader) lineEnd(pos, end int) {
	for pos < end && r.data[pos] == ' ' {
		pos++
	}
	if pos < end && (r.data[pos] != '#' || r.data[pos-1] != ' ') {
		outside()
	}
}

// noContinuation rules out a scalar continued on the next lines (a
// multi-line plain scalar, or an error), which the subset leaves to
// yaml.v3: the next line with content must not be indented deeper than
// the scalar's owner.
func (r *subsetReader) noContinuation(indent int) {
	for i := r.cur + 1; i < len(r.lines); i++ {
		l := r.lines[i]
		if l.blank {
			continue
		}
		if l.indent > indent {
			outside()
		}
		return
	}
}

// plainText returns the plain scalar starting at pos: up to the end of the
// line or a comment, or in flow context also up to , ] } or, for a flow
// mapping's key, ": ".
func (r *subsetReader) plainText(pos, end int, flow, key bool) string {
	i := pos
	for ; i < end; i++ {
		c := r.data[i]
		if c == '#' && i > pos && r.data[i-1] == ' ' {
			break
		}
		if c == ':' && (i+1 == end || r.data[i+1] == ' ' || (flow && strings.IndexByte(",[]{}", r.data[i+1]) >= 0)) {
			if key {
				break
			}
			outside() // a key where a value belongs
		}
		if flow && (c == ',' || c == ']' || c == '}' || c == '[' || c == '{') {
			break
		}
	}
	return strings.TrimRight(string(r.data[pos:i]), " ")
}

// plainStart reports whether text can be a plain scalar the subset reads.
// maxKeyBytes keeps keys within YAML's limit on an implicit key (1,024
// characters up to the colon).
const maxKeyBytes = 1000

func plainStart(text string) bool {
	if text == "" || text == "---" || text == "..." || strings.HasPrefix(text, "--- ") {
		return false
	}
	switch c := text[0]; c {
	case '-', '?', ':':
		return len(text) > 1 && text[1] != ' '
	case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	return true
}

func (r *subsetReader) plainNode(text string, li, pos int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: r.plainTag(text), Value: text, Line: li + 1, Column: r.column(li, pos)}
}

// plainTag is the tag yaml.v3 resolves a plain scalar to. Words are
// strings unless they are yaml.v3's booleans and nulls; anything that may
// be a number or a timestamp is resolved by yaml.v3 itself, once per
// distinct text.
func (r *subsetReader) plainTag(text string) string {
	switch text {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool"
	case "null", "Null", "NULL", "~":
		return "!!null"
	case "<<":
		outside() // a merge key marker, even as a value
	}
	if c := text[0]; (c < '0' || c > '9') && c != '+' && c != '-' && c != '.' {
		return "!!str"
	}
	if decimalInt(text) {
		return "!!int"
	}
	if tag, ok := r.tags[text]; ok {
		return tag
	}
	if len(r.tags) >= maxResolved {
		outside() // yaml.v3 resolves many distinct numbers faster than a call each
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(text), &n); err != nil || len(n.Content) != 1 || n.Content[0].Kind != yaml.ScalarNode ||
		n.Content[0].Value != text {
		outside()
	}
	tag := n.Content[0].Tag
	r.tags[text] = tag
	return tag
}

// maxResolved bounds the scalars one document asks yaml.v3 to resolve.
const maxResolved = 4096

// decimalInt reports a plain decimal integer that yaml.v3 resolves to
// !!int: an optional sign and up to 18 digits, without a leading zero
// (which Go's base-0 parsing yaml.v3 uses would read as octal, or fail).
func decimalInt(text string) bool {
	digits := strings.TrimLeft(text, "+-")
	if len(text)-len(digits) > 1 || digits == "" || len(digits) > 18 || (digits[0] == '0' && len(digits) > 1) {
		return false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return false
		}
	}
	return true
}

// quotedEnd returns the offset of the quote closing the quoted scalar at
// pos on the same line, or -1.
func (r *subsetReader) quotedEnd(pos, end int) int {
	q := r.data[pos]
	for i := pos + 1; i < end; i++ {
		switch r.data[i] {
		case '\\':
			if q == '"' {
				i++
			}
		case q:
			if q == '\'' && i+1 < end && r.data[i+1] == '\'' {
				i++
				continue
			}
			return i
		}
	}
	return -1
}

// quoted reads a one-line quoted scalar at pos; it returns the node and the
// offset after the closing quote.
func (r *subsetReader) quoted(pos, end int) (*yaml.Node, int) {
	close := r.quotedEnd(pos, end)
	if close < 0 {
		outside() // continued on the next line
	}
	raw := string(r.data[pos+1 : close])
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Line: r.cur + 1, Column: r.column(r.cur, pos)}
	if r.data[pos] == '\'' {
		n.Style, n.Value = yaml.SingleQuotedStyle, strings.ReplaceAll(raw, "''", "'")
		return n, close + 1
	}
	n.Style, n.Value = yaml.DoubleQuotedStyle, unescapeDouble(raw)
	return n, close + 1
}

// unescapeDouble decodes the escapes of a double-quoted scalar the subset
// reads; any other escape leaves the document to yaml.v3.
func unescapeDouble(raw string) string {
	if strings.IndexByte(raw, '\\') < 0 {
		return raw
	}
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i == len(raw) {
			outside()
		}
		switch raw[i] {
		case '\\', '"': // not \/, which yaml.v3 rejects
			b.WriteByte(raw[i])
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		default:
			outside()
		}
	}
	return b.String()
}

// flow reads a flow sequence or mapping that opens at pos and closes on
// the same line; it returns the node and the offset after it.
func (r *subsetReader) flow(pos, end, depth int) (*yaml.Node, int) {
	if depth > MaxDepth {
		outside()
	}
	open := r.data[pos]
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: r.cur + 1, Column: r.column(r.cur, pos)}
	closer := byte(']')
	if open == '{' {
		n.Kind, n.Tag, closer = yaml.MappingNode, "!!map", '}'
	}
	i := pos + 1
	for {
		i = r.skipSpaces(i, end)
		if i < end && r.data[i] == closer && len(n.Content) == 0 {
			return n, i + 1
		}
		if open == '{' {
			var key *yaml.Node
			keyAt := i
			key, i = r.flowItem(i, end, depth, true)
			if i-keyAt >= maxKeyBytes {
				outside()
			}
			if key.Kind != yaml.ScalarNode || key.Style&yaml.TaggedStyle != 0 {
				outside()
			}
			i = r.skipSpaces(i, end)
			if i >= end || r.data[i] != ':' {
				outside()
			}
			i = r.skipSpaces(i+1, end)
			var val *yaml.Node
			val, i = r.flowItem(i, end, depth, false)
			n.Content = append(n.Content, key, val)
		} else {
			var item *yaml.Node
			item, i = r.flowItem(i, end, depth, false)
			n.Content = append(n.Content, item)
		}
		i = r.skipSpaces(i, end)
		if i >= end {
			outside()
		}
		switch r.data[i] {
		case ',':
			i++
			if j := r.skipSpaces(i, end); j < end && r.data[j] == closer {
				outside() // a trailing comma
			}
		case closer:
			return n, i + 1
		default:
			outside()
		}
	}
}

func (r *subsetReader) skipSpaces(i, end int) int {
	for i < end && r.data[i] == ' ' {
		i++
	}
	return i
}

// flowItem reads one node inside a flow collection.
func (r *subsetReader) flowItem(pos, end, depth int, key bool) (*yaml.Node, int) {
	if pos >= end {
		outside()
	}
	switch c := r.data[pos]; c {
	case '[', '{':
		return r.flow(pos, end, depth+1)
	case '"', '\'':
		return r.quoted(pos, end)
	case '!':
		if key {
			outside()
		}
		tagEnd := pos
		for tagEnd < end && r.data[tagEnd] != ' ' && r.data[tagEnd] != ',' && r.data[tagEnd] != ']' && r.data[tagEnd] != '}' {
			tagEnd++
		}
		tag := string(r.data[pos:tagEnd])
		if tagEnd >= end || r.data[tagEnd] != ' ' || !shortFormTag(tag) {
			outside()
		}
		next := r.skipSpaces(tagEnd, end)
		if next >= end || r.data[next] == '!' || r.data[next] == ',' || r.data[next] == ']' || r.data[next] == '}' {
			outside()
		}
		n, after := r.flowItem(next, end, depth, false)
		n.Tag, n.Style = tag, n.Style|yaml.TaggedStyle
		n.Line, n.Column = r.cur+1, r.column(r.cur, pos)
		return n, after
	}
	text := r.plainText(pos, end, true, key)
	if !plainStart(text) || strings.Contains(text, " #") || strings.IndexByte("-?:", text[0]) >= 0 ||
		strings.IndexByte(text, '?') >= 0 {
		outside() // yaml.v3 reads these otherwise in flow context (or rejects a ? anywhere in them)
	}
	if key && strings.ContainsRune(text, ':') {
		outside()
	}
	return r.plainNode(text, r.cur, pos), pos + len(text)
}

// literal reads a literal block scalar whose indicator is at pos; indent is
// the column of its owner, which the content must be indented beyond.
func (r *subsetReader) literal(pos, end, indent int) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.LiteralStyle, Line: r.cur + 1, Column: r.column(r.cur, pos)}
	chomp := byte(0)
	i := pos + 1
	if i < end && (r.data[i] == '-' || r.data[i] == '+') {
		chomp = r.data[i]
		i++
	}
	if i < end && r.data[i] != ' ' {
		outside() // an indentation indicator, or a second chomping one
	}
	r.lineEnd(i, end)
	// Content lines: blank ones, and those indented at least as deep as
	// the first non-blank one, which must be deeper than the owner.
	first := r.cur + 1
	contentIndent := -1
	last := r.cur // last line that belongs to the scalar
	maxLeading := 0
	for li := first; li < len(r.lines); li++ {
		l := r.lines[li]
		if l.blank {
			if contentIndent < 0 {
				maxLeading = max(maxLeading, l.end-l.start)
			} else if l.end-l.start > contentIndent {
				outside() // spaces beyond the indentation: content or not, by rules the subset leaves to yaml.v3
			}
			last = li
			continue
		}
		if contentIndent < 0 {
			if l.indent <= indent {
				break
			}
			contentIndent = l.indent
		}
		if l.indent < contentIndent {
			break
		}
		last = li
	}
	if contentIndent < 0 || maxLeading > contentIndent {
		outside() // an empty block scalar, or leading lines yaml.v3 may reject
	}
	// Trailing blank lines belong to chomping, not to the next node.
	lastContent := last
	for lastContent > r.cur && r.lines[lastContent].blank {
		lastContent--
	}
	// Each line brings its line break, when it has one (the last line of
	// the file may not).
	var b strings.Builder
	for li := first; li <= lastContent; li++ {
		l := r.lines[li]
		if l.end-l.start > contentIndent {
			b.Write(r.data[l.start+contentIndent : l.end])
		}
		if l.end < len(r.data) {
			b.WriteByte('\n')
		}
	}
	text := b.String()
	switch chomp {
	case '-':
		text = strings.TrimRight(text, "\n")
	case '+':
		for li := lastContent + 1; li <= last; li++ {
			l := r.lines[li]
			if l.end-l.start > contentIndent {
				outside()
			}
			if l.end < len(r.data) {
				text += "\n"
			}
		}
	}
	n.Value = text
	r.cur = lastContent
	return n
}
