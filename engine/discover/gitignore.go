package discover

import (
	"os"
	"path/filepath"
	"strings"
)

// ignorer decides what git ignores under a scan root, as `git check-ignore
// --no-index` does: the repository's info/exclude, then every .gitignore
// from the repository root down, a deeper file and a later line winning.
// Outside a repository the .gitignore files under the scan root still
// apply (a copied project keeps its intent). Not read: the global
// core.excludesFile (it differs per machine, so CI and laptops would
// disagree) and the index (a force-added file under an ignored pattern is
// treated as ignored; framework build outputs are entered regardless).
type ignorer struct {
	// top is the absolute directory pattern domains are relative to: the
	// repository root, else the scan root.
	top      string
	patterns []ignorePattern
	loaded   map[string]bool
	// dirs remembers each directory's own verdict, by its slash-separated
	// path from top, for as long as no pattern is added: a walk asks about
	// every file, and each file's directories were decided already.
	dirs map[string]dirVerdict
}

type dirVerdict struct {
	patterns int // len(patterns) when decided
	excluded bool
}

func newIgnorer(root string) *ignorer {
	abs, err := filepath.Abs(root)
	if err != nil {
		return &ignorer{loaded: map[string]bool{}}
	}
	g := &ignorer{top: abs, loaded: map[string]bool{}}
	repo, gitDir := findRepository(abs)
	if repo == "" {
		g.enter(abs)
		return g
	}
	g.top = repo
	g.readPatterns(filepath.Join(commonGitDir(gitDir), "info", "exclude"), nil)
	rel, _ := filepath.Rel(repo, abs)
	dir := repo
	g.enter(dir)
	for _, seg := range components(rel) {
		dir = filepath.Join(dir, seg)
		g.enter(dir)
	}
	if g.ignored(abs, true) {
		// The user named an ignored directory: scan it, applying only
		// the .gitignore files inside it.
		g.patterns, g.loaded, g.dirs = nil, map[string]bool{}, nil
		g.enter(abs)
	}
	return g
}

// enter reads dir's .gitignore once; the walk calls it for every directory
// before visiting what is inside.
func (g *ignorer) enter(dir string) {
	if g == nil || g.top == "" || g.loaded[dir] {
		return
	}
	g.loaded[dir] = true
	rel, err := filepath.Rel(g.top, dir)
	if err != nil || strings.HasPrefix(rel, "..") {
		return
	}
	g.readPatterns(filepath.Join(dir, ".gitignore"), components(rel))
}

func (g *ignorer) readPatterns(file string, domain []string) {
	data, err := readRegular(file)
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(data), "\n") {
		if p, ok := parseIgnorePattern(line, domain); ok {
			g.patterns = append(g.patterns, p)
		}
	}
}

// ignored reports whether git ignores the absolute path p.
func (g *ignorer) ignored(p string, isDir bool) bool {
	if g == nil || len(g.patterns) == 0 {
		return false
	}
	rel, err := filepath.Rel(g.top, p)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return false
	}
	// A path is ignored when it, or a directory above it, is excluded:
	// git does not look inside an excluded directory, so no pattern can
	// bring back what is in it.
	slashed := filepath.ToSlash(rel)
	path := components(rel)
	end := 0 // slashed[:end] is path[:n] joined
	for n := 1; n <= len(path); n++ {
		end += len(path[n-1])
		if n > 1 {
			end++ // the slash before it
		}
		if n == len(path) && !isDir {
			return g.excludes(path, false)
		}
		if g.dirExcluded(slashed[:end], path[:n]) {
			return true
		}
	}
	return false
}

// dirExcluded is excludes for a directory, remembered while the patterns
// stay the same.
func (g *ignorer) dirExcluded(key string, path []string) bool {
	if v, ok := g.dirs[key]; ok && v.patterns == len(g.patterns) {
		return v.excluded
	}
	excluded := g.excludes(path, true)
	if g.dirs == nil {
		g.dirs = map[string]dirVerdict{}
	}
	g.dirs[key] = dirVerdict{patterns: len(g.patterns), excluded: excluded}
	return excluded
}

// excludes reports whether the last pattern matching the path itself
// excludes it.
func (g *ignorer) excludes(path []string, isDir bool) bool {
	for i := len(g.patterns) - 1; i >= 0; i-- {
		if g.patterns[i].matches(path, isDir) {
			return !g.patterns[i].negated
		}
	}
	return false
}

// findRepository returns the working tree root above dir (the directory
// holding .git) and its git directory; a worktree's .git is a file naming
// it.
func findRepository(dir string) (root, gitDir string) {
	for d := dir; ; d = filepath.Dir(d) {
		dotGit := filepath.Join(d, ".git")
		if info, err := os.Stat(dotGit); err == nil {
			if info.IsDir() {
				return d, dotGit
			}
			if data, err := readRegular(dotGit); err == nil {
				if p, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:"); ok {
					p = strings.TrimSpace(p)
					if !filepath.IsAbs(p) {
						p = filepath.Join(d, p)
					}
					return d, p
				}
			}
			return d, dotGit
		}
		if filepath.Dir(d) == d {
			return "", ""
		}
	}
}

// commonGitDir is where info/exclude lives: a linked worktree's git
// directory names the main one in its commondir file.
func commonGitDir(gitDir string) string {
	data, err := readRegular(filepath.Join(gitDir, "commondir"))
	if err != nil {
		return gitDir
	}
	p := strings.TrimSpace(string(data))
	if !filepath.IsAbs(p) {
		p = filepath.Join(gitDir, p)
	}
	return p
}

func components(rel string) []string {
	var out []string
	for _, s := range strings.Split(filepath.ToSlash(rel), "/") {
		if s != "" && s != "." {
			out = append(out, s)
		}
	}
	return out
}
