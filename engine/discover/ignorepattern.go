package discover

import (
	"path"
	"slices"
	"strings"
)

// ignorePattern is one line of a .gitignore or info/exclude file, read as
// gitignore(5) describes. cfnvet matches them itself rather than with
// go-git's gitignore package, which links go-git's configuration reader
// and, through it, encoding/gob, whose initialisation alone cost about
// 1.3 ms of every run's start-up.
type ignorePattern struct {
	// domain is the directory of the file the pattern is from, relative
	// to the ignorer's top: the pattern applies below it only.
	domain []string
	// segments are the pattern's slash-separated parts; "**" is one
	// segment that matches any number of directories.
	segments []nameMatcher
	// anchored patterns (a slash at the start or in the middle) match
	// the path below domain; the others match a name at any depth.
	anchored bool
	dirOnly  bool
	negated  bool
}

// parseIgnorePattern reads one line; ok is false for a line that holds no
// pattern (blank, or a comment).
func parseIgnorePattern(line string, domain []string) (p ignorePattern, ok bool) {
	line = trimUnescapedTrailingSpaces(strings.TrimSuffix(line, "\r"))
	if line == "" || line[0] == '#' {
		return p, false
	}
	p.domain = domain
	if line[0] == '!' {
		p.negated, line = true, line[1:]
	} else if strings.HasPrefix(line, `\!`) || strings.HasPrefix(line, `\#`) {
		line = line[1:]
	}
	if strings.HasSuffix(line, "/") {
		p.dirOnly, line = true, strings.TrimRight(line, "/")
	}
	if line == "" {
		return p, false
	}
	p.anchored = strings.Contains(line, "/")
	for _, s := range strings.Split(strings.TrimPrefix(line, "/"), "/") {
		switch {
		case s == "":
			// "a//b" names the same path as "a/b".
		case isDoubleStar(s) && len(p.segments) > 0 && p.segments[len(p.segments)-1].kind == anyDirectories:
			// "**/**" matches what "**" does.
		case isDoubleStar(s):
			p.segments = append(p.segments, nameMatcher{kind: anyDirectories})
		default:
			p.segments = append(p.segments, newNameMatcher(s))
		}
	}
	return p, len(p.segments) > 0
}

// isDoubleStar reports whether a whole segment is two or more asterisks,
// which match across directories; elsewhere asterisks match within a name.
func isDoubleStar(s string) bool { return len(s) >= 2 && strings.Trim(s, "*") == "" }

// trimUnescapedTrailingSpaces drops the trailing spaces of a line, except
// one escaped with a backslash.
func trimUnescapedTrailingSpaces(line string) string {
	end := len(line)
	for end > 0 && line[end-1] == ' ' {
		if end >= 2 && line[end-2] == '\\' {
			break
		}
		end--
	}
	return line[:end]
}

// matches reports whether the pattern matches the path itself (its
// components from the ignorer's top), not counting its parent directories.
func (p ignorePattern) matches(names []string, isDir bool) bool {
	if p.dirOnly && !isDir || len(names) <= len(p.domain) {
		return false
	}
	for i, d := range p.domain {
		if names[i] != d {
			return false
		}
	}
	names = names[len(p.domain):]
	if !p.anchored {
		return p.segments[0].match(names[len(names)-1])
	}
	return matchSegments(p.segments, names)
}

// matchSegments matches pattern segments against path components: "**"
// stands for any number of components, or at least one when it ends the
// pattern ("dir/**" is what is inside dir, not dir). It fills a table of
// which suffixes match which, so a pattern of many "**" stays linear in
// their number times the path's depth.
func matchSegments(segs []nameMatcher, names []string) bool {
	if !slices.ContainsFunc(segs, func(m nameMatcher) bool { return m.kind == anyDirectories }) {
		if len(segs) != len(names) {
			return false
		}
		for i, m := range segs {
			if !m.match(names[i]) {
				return false
			}
		}
		return true
	}
	// ok[j] is whether segs[i:] matches names[j:], for the i of the
	// current pass, computed from the last segment backwards; the two
	// rows live on the stack for paths of ordinary depth.
	var rowA, rowB [32]bool
	ok, next := rowA[:0], rowB[:0]
	if len(names)+1 > len(rowA) {
		ok, next = make([]bool, 0, len(names)+1), make([]bool, 0, len(names)+1)
	}
	ok = ok[:len(names)+1]
	ok[len(names)] = true
	for i := len(segs) - 1; i >= 0; i-- {
		next = next[:len(names)+1]
		clear(next)
		switch {
		case segs[i].kind == anyDirectories && i == len(segs)-1:
			for j := 0; j < len(names); j++ {
				next[j] = true
			}
		case segs[i].kind == anyDirectories:
			// next[j] = ok[j] || next[j+1]: skip no component, or one more.
			for j := len(names); j >= 0; j-- {
				next[j] = ok[j] || j < len(names) && next[j+1]
			}
		default:
			for j := 0; j < len(names); j++ {
				next[j] = ok[j+1] && segs[i].match(names[j])
			}
		}
		ok, next = next, ok
	}
	return ok[0]
}

// nameMatcher matches one segment against one name: * and ? within the
// name, [...] classes (negated by ! or ^) and backslash escapes; a
// malformed class matches nothing. The commonest shapes, a plain name and
// *suffix, are told apart once, when the pattern is read, and compared
// directly: a walk asks about every file and directory against every
// pattern.
type nameMatcher struct {
	kind matchKind
	// text is the name of a plain segment, the suffix of a *suffix one,
	// and the path.Match pattern of a glob.
	text string
}

type matchKind uint8

const (
	plainName      matchKind = iota // text == name
	anySuffix                       // *text
	glob                            // path.Match(text, name)
	anyDirectories                  // **, a whole segment (matchSegments)
)

func newNameMatcher(pattern string) nameMatcher {
	const special = `*?[\`
	if !strings.ContainsAny(pattern, special) {
		return nameMatcher{kind: plainName, text: pattern}
	}
	if suffix, ok := strings.CutPrefix(pattern, "*"); ok && !strings.ContainsAny(suffix, special) {
		return nameMatcher{kind: anySuffix, text: suffix}
	}
	return nameMatcher{kind: glob, text: negatedClassesAsCaret(pattern)}
}

func (m nameMatcher) match(name string) bool {
	switch m.kind {
	case plainName:
		return m.text == name
	case anySuffix:
		return strings.HasSuffix(name, m.text)
	case glob:
		ok, err := path.Match(m.text, name)
		return ok && err == nil
	}
	return true // anyDirectories as a name: "**" in an unanchored pattern
}

// negatedClassesAsCaret writes git's [!...] classes as path.Match's [^...].
func negatedClassesAsCaret(pattern string) string {
	b := []byte(pattern)
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '\\':
			i++ // an escaped character is literal
		case b[i] == '[' && i+1 < len(b) && b[i+1] == '!':
			b[i+1] = '^'
		}
	}
	return string(b)
}
