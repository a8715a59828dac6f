package discover

import (
	"path"
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
	segments []string
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
		case isDoubleStar(s) && len(p.segments) > 0 && p.segments[len(p.segments)-1] == "**":
			// "**/**" matches what "**" does.
		case isDoubleStar(s):
			p.segments = append(p.segments, "**")
		default:
			p.segments = append(p.segments, s)
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
		return matchName(p.segments[0], names[len(names)-1])
	}
	return matchSegments(p.segments, names)
}

// matchSegments matches pattern segments against path components: "**"
// stands for any number of components, or at least one when it ends the
// pattern ("dir/**" is what is inside dir, not dir). It fills a table of
// which suffixes match which, so a pattern of many "**" stays linear in
// their number times the path's depth.
func matchSegments(segs, names []string) bool {
	// ok[j] is whether segs[i:] matches names[j:], for the i of the
	// current pass, computed from the last segment backwards.
	ok := make([]bool, len(names)+1)
	ok[len(names)] = true
	for i := len(segs) - 1; i >= 0; i-- {
		next := make([]bool, len(names)+1)
		switch {
		case segs[i] == "**" && i == len(segs)-1:
			for j := 0; j < len(names); j++ {
				next[j] = true
			}
		case segs[i] == "**":
			// next[j] = ok[j] || next[j+1]: skip no component, or one more.
			for j := len(names); j >= 0; j-- {
				next[j] = ok[j] || j < len(names) && next[j+1]
			}
		default:
			for j := 0; j < len(names); j++ {
				next[j] = ok[j+1] && matchName(segs[i], names[j])
			}
		}
		ok = next
	}
	return ok[0]
}

// matchName matches one segment against one name: * and ? within the
// name, [...] classes (negated by ! or ^) and backslash escapes. A
// malformed class matches nothing.
func matchName(pattern, name string) bool {
	if strings.Contains(pattern, "[!") {
		pattern = negatedClassesAsCaret(pattern)
	}
	ok, err := path.Match(pattern, name)
	return ok && err == nil
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
