// Package discover owns finding what to scan: command-line targets
// (files, directories, globs, "-") expanded into files in a deterministic
// order, with .gitignore, --exclude and framework build outputs (CDK cloud
// assemblies, Serverless packages) taken into account.
package discover

import (
	"bufio"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Input is one file to scan: a path, or standard input named "-".
type Input struct {
	Path     string
	Explicit bool // named on the command line, not found by a directory walk
	// Dir is the directory target a walked file was found under.
	Dir string
}

var templateExts = map[string]bool{".yaml": true, ".yml": true, ".json": true, ".template": true}

// Discover expands command-line targets into files, in a deterministic
// order: each target in the order given, directory contents sorted.
// Unreadable targets are returned as inputs so their error is reported in
// place.
func Discover(targets []string, exclude []string) []Input {
	var out []Input
	seen := map[string]bool{}
	add := func(in Input) {
		if seen[in.Path] {
			return
		}
		if excluded(exclude, in.Path) {
			return
		}
		seen[in.Path] = true
		out = append(out, in)
	}
	for _, t := range targets {
		if t == "-" {
			add(Input{Path: "-", Explicit: true})
			continue
		}
		if strings.ContainsAny(t, "*?[") {
			matches, _ := filepath.Glob(t)
			sort.Strings(matches)
			for _, m := range matches {
				for _, in := range expand(m, exclude) {
					add(in)
				}
			}
			if len(matches) == 0 {
				add(Input{Path: t, Explicit: true})
			}
			continue
		}
		for _, in := range expand(t, exclude) {
			add(in)
		}
	}
	return out
}

func expand(target string, exclude []string) []Input {
	info, err := os.Stat(target)
	if err != nil || !info.IsDir() {
		if filepath.Base(target) == "manifest.json" {
			if files := cdkManifestTemplates(target); len(files) > 0 {
				return files
			}
		}
		return []Input{{Path: target, Explicit: true}}
	}
	out := []Input{{Path: target, Dir: target, Explicit: true}} // a marker, replaced by Run
	ignore := readGitignore(target)
	_ = filepath.WalkDir(target, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			out = append(out, Input{Path: p, Explicit: true})
			return nil
		}
		rel, _ := filepath.Rel(target, p)
		if d.IsDir() {
			if p != target && (d.Name() == ".git" || d.Name() == "node_modules" || ignore.match(rel, true) || excluded(exclude, p)) {
				return filepath.SkipDir
			}
			return nil
		}
		if !templateExts[strings.ToLower(filepath.Ext(p))] || ignore.match(rel, false) {
			return nil
		}
		if excluded(exclude, p) {
			return nil
		}
		out = append(out, Input{Path: p, Dir: target})
		return nil
	})
	return out
}

// IsDirectoryTarget reports the entry Discover emits for a directory target
// itself (not a file), so Run can report a directory that holds no template.
func (in Input) IsDirectoryTarget() bool { return in.Dir != "" && in.Path == in.Dir }

func excluded(patterns []string, p string) bool {
	for _, pat := range patterns {
		if matchExclude(pat, p) {
			return true
		}
	}
	return false
}

// matchExclude reports whether an --exclude (or config exclude) glob
// matches a path: the whole path or any run of its segments, so that
// "broken.yaml", "cdk.out", "cdk.out/asset.*" and "**/test/**" work
// whichever directory the scan was started from. "**" matches any number
// of segments; the other wildcards stay within one.
func matchExclude(pat, p string) bool {
	pats := splitSegments(pat)
	segs := splitSegments(p)
	if len(pats) == 0 {
		return false
	}
	for start := range segs {
		for end := start + 1; end <= len(segs); end++ {
			if matchSegments(pats, segs[start:end]) {
				return true
			}
		}
	}
	return false
}

// splitSegments splits a cleaned slash path. The ".." a cleaned relative
// path may start with name no directory, so a glob such as ".*" must not
// match them.
func splitSegments(p string) []string {
	var out []string
	for _, s := range strings.Split(path.Clean(filepath.ToSlash(p)), "/") {
		if s != "" && s != "." && s != ".." {
			out = append(out, s)
		}
	}
	return out
}

func matchSegments(pats, segs []string) bool {
	for len(pats) > 0 {
		if pats[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if matchSegments(pats[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(pats[0], segs[0]); !ok {
			return false
		}
		pats, segs = pats[1:], segs[1:]
	}
	return len(segs) == 0
}

// cdkManifestTemplates lists the stack templates of a cdk.out manifest,
// following nested cloud assemblies (stages).
func cdkManifestTemplates(manifest string) []Input {
	data, err := os.ReadFile(manifest)
	if err != nil {
		return nil
	}
	var m struct {
		Artifacts map[string]struct {
			Type       string `json:"type"`
			Properties struct {
				TemplateFile  string `json:"templateFile"`
				DirectoryName string `json:"directoryName"`
			} `json:"properties"`
		} `json:"artifacts"`
	}
	if json.Unmarshal(data, &m) != nil || m.Artifacts == nil {
		return nil
	}
	dir := filepath.Dir(manifest)
	names := make([]string, 0, len(m.Artifacts))
	for n := range m.Artifacts {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []Input
	for _, n := range names {
		a := m.Artifacts[n]
		switch a.Type {
		case "aws:cloudformation:stack":
			out = append(out, Input{Path: filepath.Join(dir, a.Properties.TemplateFile), Explicit: true})
		case "cdk:cloud-assembly":
			out = append(out, cdkManifestTemplates(filepath.Join(dir, a.Properties.DirectoryName, "manifest.json"))...)
		}
	}
	return out
}

// gitignore is a minimal .gitignore reader for the scan root: name and
// path patterns, directory patterns and negation are enough for the files
// that matter here (build output, vendored templates).
type gitignore struct{ patterns []ignorePattern }

type ignorePattern struct {
	glob    string
	dirOnly bool
	negate  bool
	rooted  bool
}

func readGitignore(dir string) gitignore {
	f, err := os.Open(filepath.Join(dir, ".gitignore"))
	if err != nil {
		return gitignore{}
	}
	defer f.Close()
	var g gitignore
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := ignorePattern{}
		if strings.HasPrefix(line, "!") {
			p.negate, line = true, line[1:]
		}
		if strings.HasSuffix(line, "/") {
			p.dirOnly, line = true, strings.TrimSuffix(line, "/")
		}
		if strings.Contains(line, "/") {
			p.rooted, line = true, strings.TrimPrefix(line, "/")
		}
		p.glob = line
		g.patterns = append(g.patterns, p)
	}
	return g
}

func (g gitignore) match(rel string, isDir bool) bool {
	rel = filepath.ToSlash(rel)
	ignored := false
	for _, p := range g.patterns {
		if p.dirOnly && !isDir {
			continue
		}
		var ok bool
		if p.rooted {
			ok, _ = filepath.Match(p.glob, rel)
		} else {
			ok, _ = filepath.Match(p.glob, filepath.Base(rel))
		}
		if ok {
			ignored = !p.negate
		}
	}
	return ignored
}

// MatchPath reports whether a slash-separated glob matches the whole of a
// path: "**" matches any number of segments, the other wildcards stay
// within one.
func MatchPath(glob, p string) bool {
	return matchSegments(splitSegments(glob), splitSegments(p))
}
