package scan

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/cfnvet/cfnvet/engine/template"
)

// MaxFileSize is the largest file read; CloudFormation itself accepts at
// most 1 MB, so anything far larger is hostile or not a template.
const MaxFileSize = 32 << 20

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

// Run scans inputs concurrently (cfg.Jobs workers) and returns results in
// input order. stdin is read for the input "-".
func (e *Engine) Run(ctx context.Context, inputs []Input, stdin io.Reader) Result {
	jobs := e.cfg.Jobs
	if jobs < 1 {
		jobs = 1
	}
	var files []Input
	for _, in := range inputs {
		if !in.IsDirectoryTarget() {
			files = append(files, in)
		}
	}
	// A file named alone on the command line is expected to be a template;
	// among several (a pre-commit hook passes every staged *.yaml), an
	// empty file or a document without Resources is skipped like in a walk.
	alone := len(files) == 1 && files[0].Explicit && files[0].Dir == ""
	results := make([]FileResult, len(files))
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i] = e.scanInput(ctx, files[i], alone, stdin)
			}
		}()
	}
	for i := range files {
		work <- i
	}
	close(work)
	wg.Wait()
	res := Result{Files: withEmptyDirErrors(inputs, files, results)}
	e.scanWide(&res)
	return res
}

// withEmptyDirErrors reports directory targets under which no template was
// found: a CI gate pointed at the wrong directory must not pass silently.
func withEmptyDirErrors(inputs, files []Input, results []FileResult) []FileResult {
	found := map[string]int{}
	skipped := map[string]int{}
	for i, in := range files {
		if in.Dir == "" {
			continue
		}
		if results[i].Skipped {
			skipped[in.Dir]++
		} else {
			found[in.Dir]++
		}
	}
	out := results
	for _, in := range inputs {
		if in.IsDirectoryTarget() && found[in.Dir] == 0 {
			out = append(out, FileResult{File: in.Dir, Err: &template.Error{File: in.Dir,
				Msg: fmt.Sprintf("no CloudFormation template found in this directory (%d YAML/JSON files are not templates)", skipped[in.Dir])}})
		}
	}
	return out
}

func (e *Engine) scanInput(ctx context.Context, in Input, alone bool, stdin io.Reader) FileResult {
	name := in.Path
	var data []byte
	var err error
	if in.Path == "-" {
		name = "<stdin>"
		data, err = io.ReadAll(io.LimitReader(stdin, MaxFileSize+1))
	} else {
		data, err = readLimited(in.Path)
	}
	if err != nil {
		return FileResult{File: name, Err: &template.Error{File: name, Msg: err.Error()}}
	}
	if len(data) > MaxFileSize {
		return FileResult{File: name, Err: &template.Error{File: name,
			Msg: fmt.Sprintf("file is larger than %d MiB; CloudFormation templates are at most 1 MB", MaxFileSize>>20)}}
	}
	res := e.ScanBytes(ctx, name, data)
	if alone && (res.SkipReason == SkipEmpty || res.SkipReason == SkipNoResources) {
		// Named alone on the command line: the user expects a template there.
		res.Err = &template.Error{File: name, Line: 1, Col: 1, Msg: res.SkipReason}
		res.Skipped, res.SkipReason = false, ""
	}
	return res
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPathError(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPathError(err))
	}
	if info.IsDir() {
		return nil, fmt.Errorf("is a directory")
	}
	if info.Mode().IsRegular() && info.Size() > MaxFileSize {
		return make([]byte, MaxFileSize+1), nil
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPathError(err))
	}
	return data, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if ok := errors.As(err, &pe); ok {
		return pe.Err
	}
	return err
}
