// Package discover owns finding what to scan: command-line targets
// (files, directories, globs, "-") expanded into files in a deterministic
// order, with .gitignore, --exclude and framework build outputs (CDK cloud
// assemblies, Serverless packages) taken into account.
package discover

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/cfnvet/cfnvet/internal/lazyregexp"
)

// Input is one file to scan: a path, or standard input named "-".
type Input struct {
	Path     string
	Explicit bool // named on the command line, not found by a directory walk
	// Dir is the directory target a walked file was found under.
	Dir string
	// Role says which framework build output the file belongs to, if any.
	Role Role
	// Err, when set, is a problem found while discovering Path (a CDK app
	// that was never synthesised); it is reported as the file's error
	// instead of scanning it.
	Err string
	// Note says why the file is scanned when that is not obvious (a
	// git-ignored build output), shown with --verbose; or why a file
	// named on the command line is not, which the scan warns about.
	Note string
	// Skip, when set, says why the file is listed but never read: a named
	// pipe, socket or device would block or never end.
	Skip string
}

// Frameworks whose build outputs discovery knows.
const (
	CDK        = "cdk"
	Serverless = "serverless"
)

// Role says where a file sits in a framework's build output.
type Role struct {
	// Framework is CDK, Serverless or "" for a plain template.
	Framework string
	// Stack is the CDK stack's artifact id or the Serverless service name.
	Stack string
	// Stage is the CDK stage (nested cloud assembly) the stack belongs to.
	Stage string
	// Parent is the template of the parent stack of a nested stack, and
	// ParentResource the logical id of its AWS::CloudFormation::Stack.
	Parent, ParentResource string
}

var templateExts = map[string]bool{".yaml": true, ".yml": true, ".json": true, ".template": true}

// neverWalked are directories that never hold templates to scan: version
// control, dependencies and the CDK's asset staging area.
var neverWalked = map[string]bool{".git": true, "node_modules": true, ".cdk.staging": true}

// Discover expands command-line targets into files, in a deterministic
// order: each target in the order given, directory contents sorted.
// Unreadable targets are returned as inputs so their error is reported in
// place. Framework build outputs are expanded into their stack templates:
// a CDK cloud assembly (manifest.json) into every stack of every stage, a
// Serverless package into its CloudFormation templates; a cdk.json or
// serverless.yml into the output it was synthesised to.
func Discover(targets []string, exclude []string) []Input {
	var out []Input
	seen := map[string]bool{}
	// walked holds the real paths of directory targets already expanded,
	// so a directory named twice (once through a symlink) is scanned once.
	walked := map[string]bool{}
	add := func(in Input) bool {
		if seen[in.Path] || excluded(exclude, in.Path) {
			return false
		}
		seen[in.Path] = true
		out = append(out, in)
		return true
	}
	// addTarget adds the inputs of one target. A directory target whose
	// files were all found through an earlier target (`scan . stacks`)
	// is not reported as holding no template.
	addTarget := func(ins []Input) {
		var marker *Input
		at := len(out) // the marker goes before the files it stands for
		added, dupes := 0, 0
		for i := range ins {
			if ins[i].IsDirectoryTarget() {
				marker = &ins[i]
				continue
			}
			if add(ins[i]) {
				added++
			} else if !excluded(exclude, ins[i].Path) {
				dupes++
			}
		}
		if marker != nil && (added > 0 || dupes == 0) && add(*marker) {
			out = slices.Insert(out[:len(out)-1], at, *marker)
		}
	}
	for _, t := range targets {
		switch {
		case t == "-":
			add(Input{Path: "-", Explicit: true})
		case IsPattern(t):
			addTarget(expandPattern(t, exclude))
		default:
			if real, ok := realDir(t); ok {
				if walked[real] {
					continue
				}
				walked[real] = true
			}
			addTarget(expand(t, exclude))
		}
	}
	return out
}

// IsPattern reports whether a scan target is a glob rather than a path.
func IsPattern(target string) bool { return strings.ContainsAny(target, "*?[{") }

// realDir returns the symlink-free absolute path of a directory target.
func realDir(target string) (string, bool) {
	info, err := os.Stat(target)
	if err != nil || !info.IsDir() {
		return "", false
	}
	real, err := filepath.EvalSymlinks(target)
	if err != nil {
		return "", false
	}
	return absPath(real), true
}

// NoMatch is the error of a glob target that selects no YAML/JSON file.
const NoMatch = "no YAML/JSON file matches this pattern"

// expandPattern expands a glob target with the semantics of --exclude: "**"
// matches any number of directories, {a,b} either alternative, the other
// wildcards stay within one segment. The directory before the first
// wildcard is walked like a directory target (.gitignore, node_modules,
// framework build outputs, --exclude) and a file is kept when the pattern
// matches its path or the path of a directory above it, so "stacks/*"
// still scans the directories it names. The files kept are listed under
// the pattern, so a pattern that selects no template is an error, as an
// empty directory is.
func expandPattern(pattern string, exclude []string) []Input {
	base, rest := doublestar.SplitPattern(filepath.ToSlash(pattern))
	base = filepath.FromSlash(base)
	if info, err := os.Stat(base); err != nil || !info.IsDir() {
		return []Input{{Path: pattern, Explicit: true, Err: NoMatch}}
	}
	out := []Input{{Path: pattern, Dir: pattern, Explicit: true}}
	for _, in := range expand(base, exclude) {
		switch {
		case in.IsDirectoryTarget():
		case in.Dir == "":
			out = append(out, in) // an unreadable directory met on the walk
		case matchesOrUnder(rest, base, in.Path):
			in.Dir = pattern
			out = append(out, in)
		}
	}
	if len(out) == 1 {
		return []Input{{Path: pattern, Explicit: true, Err: NoMatch}}
	}
	return out
}

// matchesOrUnder reports whether glob matches p, relative to base, or one
// of the directories between base and p.
func matchesOrUnder(glob, base, p string) bool {
	rel, err := filepath.Rel(base, p)
	if err != nil {
		return false
	}
	segs := splitSegments(rel)
	if len(segs) == 0 || strings.HasPrefix(filepath.ToSlash(rel), "../") {
		return false
	}
	for end := 1; end <= len(segs); end++ {
		if ok, _ := doublestar.Match(glob, strings.Join(segs[:end], "/")); ok {
			return true
		}
	}
	return false
}

// expand turns one path target into inputs: a directory is walked (a
// symlink named on the command line is followed; links met during the
// walk are not, so a link loop cannot make it endless), anything else is
// a file.
func expand(target string, exclude []string) []Input {
	info, err := os.Stat(target)
	if err != nil || !info.IsDir() {
		return explicitFile(target)
	}
	root := target
	if li, err := os.Lstat(target); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		// WalkDir does not follow a symlink root; a trailing separator
		// makes the OS resolve it, and paths below keep the name given.
		root = target + string(filepath.Separator)
	}
	w := &walker{root: root, exclude: exclude, ignore: newIgnorer(target), entered: map[string]bool{}, abs: AbsFunc()}
	_ = filepath.WalkDir(root, w.visit)
	w.finish()
	// The directory itself is a marker, replaced by Run, that lets an
	// empty directory be reported.
	out := []Input{{Path: target, Dir: target, Explicit: true}}
	for _, in := range w.out {
		if in.Dir == root {
			in.Dir = target
		}
		out = append(out, in)
	}
	return out
}

// walker expands one directory target.
type walker struct {
	root    string
	exclude []string
	ignore  *ignorer
	out     []Input
	// entered holds the build-output directories already expanded.
	entered map[string]bool
	// unbuilt are framework projects whose build output was not found.
	unbuilt []unbuiltApp
	abs     func(string) string
	// checked counts the files finish looked at for unbuilt projects.
	checked int
}

type unbuiltApp struct {
	file, dir, msg string
}

func (w *walker) visit(p string, d fs.DirEntry, err error) error {
	if err != nil {
		w.out = append(w.out, Input{Path: p, Explicit: true})
		return nil
	}
	if !d.IsDir() {
		// cdk.json and serverless.yml define projects (handled with their
		// directory); they are never templates themselves.
		if d.Name() == "cdk.json" || isServerlessServiceFile(d.Name()) {
			return nil
		}
		if templateExts[strings.ToLower(filepath.Ext(p))] && !w.ignore.ignored(w.abs(p), false) && !excluded(w.exclude, p) {
			in := Input{Path: p, Dir: w.root}
			if kind := irregular(p, d); kind != "" {
				in.Skip = "not a regular file (" + kind + ")"
			}
			w.out = append(w.out, in)
		}
		return nil
	}
	if p != w.root && (neverWalked[d.Name()] || excluded(w.exclude, p)) {
		return filepath.SkipDir
	}
	if w.entered[p] {
		return filepath.SkipDir
	}
	// Build outputs are entered even when git-ignored (cdk init and the
	// Serverless templates ignore them): they are what gets deployed.
	markers := mayHoldFrameworkFiles(p)
	if markers {
		if ins, what := buildOutput(p); what != "" {
			w.addOutput(p, ins, what)
			return filepath.SkipDir
		}
	}
	abs := w.abs(p)
	if p != w.root && w.ignore.ignored(abs, true) {
		return filepath.SkipDir
	}
	w.ignore.enter(abs)
	if markers {
		w.project(p)
	}
	return nil
}

// addOutput adds the templates of a build output directory once; what
// names the output for the note that says why a git-ignored one is
// scanned.
func (w *walker) addOutput(dir string, ins []Input, what string) {
	w.entered[dir] = true
	note := ""
	if within(w.root, dir) && w.ignore.ignored(w.abs(dir), true) {
		note = fmt.Sprintf("%s is git-ignored; scanned because it is %s", dir, what)
	}
	for i, in := range ins {
		in.Dir, in.Explicit = w.root, false
		if i == 0 {
			in.Note = note
		}
		w.out = append(w.out, in)
	}
}

// project looks for a CDK app or Serverless service defined in dir and adds
// the output it was synthesised to, wherever it is (cdk.json may name an
// output folder that is itself inside a git-ignored directory).
func (w *walker) project(dir string) {
	if app := filepath.Join(dir, "cdk.json"); isFile(app) {
		out := cdkOutputDir(app)
		switch {
		case w.entered[out] || excluded(w.exclude, out):
		case isCloudAssembly(out):
			w.addOutput(out, cdkManifestTemplates(filepath.Join(out, "manifest.json"), Role{}), whatCDK)
		default:
			w.unbuilt = append(w.unbuilt, unbuiltApp{file: app, dir: dir, msg: cdkUnbuilt(out)})
		}
	}
	if svcs := serverlessServiceFiles(dir); len(svcs) > 0 {
		svc := svcs[0]
		pkgs := serverlessPackages(svc)
		for _, pkg := range pkgs {
			if !w.entered[pkg] && !excluded(w.exclude, pkg) {
				w.addOutput(pkg, serverlessTemplates(pkg), whatServerless)
			}
		}
		if len(pkgs) == 0 {
			w.unbuilt = append(w.unbuilt, unbuiltApp{file: svc, dir: dir, msg: serverlessUnbuilt(svc)})
		}
	}
}

// finish reports the framework projects that were never synthesised, unless
// templates were found under them anyway (synthesised output committed
// beside the app).
func (w *walker) finish() {
	if len(w.unbuilt) == 0 {
		return
	}
	below := w.filesBelow()
	for _, app := range w.unbuilt {
		found := false
		for _, i := range below[filepath.Clean(app.dir)] {
			w.checked++
			if p := w.out[i].Path; within(app.dir, p) && looksLikeTemplate(p) {
				found = true
				break
			}
		}
		if found {
			continue
		}
		w.out = append(w.out, Input{Path: app.file, Dir: w.root, Err: app.msg})
	}
}

// filesBelow maps each directory to the inputs found under it, as indices
// into w.out in order, so that each unbuilt project looks at its own files:
// looking at every file for every project was quadratic in a repository
// of many projects. A directory is listed for every file it is a lexical
// ancestor of; within then decides as before.
func (w *walker) filesBelow() map[string][]int {
	below := map[string][]int{}
	for i, in := range w.out {
		if in.IsDirectoryTarget() || in.Err != "" || in.Skip != "" {
			continue
		}
		for d := filepath.Dir(filepath.Clean(in.Path)); ; d = filepath.Dir(d) {
			below[d] = append(below[d], i)
			// Stop at the top, and at "..": a path that climbs out of the
			// working directory is not below ".".
			if d == filepath.Dir(d) || filepath.Base(d) == ".." {
				break
			}
		}
	}
	return below
}

// templateSection matches a top-level key only CloudFormation templates
// have, quoted (JSON) or not (YAML).
var templateSection = lazyregexp.New(`(?m)(^|[{,\s])"?(Resources|AWSTemplateFormatVersion)"?\s*:`)

// looksLikeTemplate is a cheap guess at whether a file is a template (the
// scan decides for real): package.json or tsconfig.json beside a CDK app
// do not make it synthesised.
func looksLikeTemplate(p string) bool {
	f, _, err := OpenRegular(p)
	if err != nil {
		return false
	}
	defer f.Close()
	data, _ := io.ReadAll(io.LimitReader(f, 1<<20))
	return templateSection.Match(data)
}

// explicitFile expands a file named on the command line: a CDK manifest,
// cdk.json or a Serverless service file stands for the templates it
// produced.
func explicitFile(target string) []Input {
	if info, err := os.Stat(target); err == nil {
		if kind := irregularKind(info.Mode()); kind != "" {
			// Named on the command line, so the user hears why nothing was
			// read even without --verbose.
			return []Input{{Path: target, Explicit: true, Skip: (&NotRegularError{Kind: kind}).Error(),
				Note: fmt.Sprintf("%s is %s, not a regular file: skipped without reading it (name - to scan standard input)", target, kind)}}
		}
	}
	base := filepath.Base(target)
	switch {
	case base == "manifest.json" && isFile(target):
		if isCloudAssembly(filepath.Dir(target)) {
			ins := cdkManifestTemplates(target, Role{})
			for i := range ins {
				ins[i].Explicit = true
			}
			if len(ins) > 0 {
				return ins
			}
		}
	case base == "cdk.json" && isFile(target):
		out := cdkOutputDir(target)
		if !isCloudAssembly(out) {
			return []Input{{Path: target, Explicit: true, Err: cdkUnbuilt(out)}}
		}
		ins := cdkManifestTemplates(filepath.Join(out, "manifest.json"), Role{})
		for i := range ins {
			ins[i].Explicit = true
		}
		return ins
	case isServerlessServiceFile(base) && isFile(target):
		var ins []Input
		for _, pkg := range serverlessPackages(target) {
			ins = append(ins, serverlessTemplates(pkg)...)
		}
		if len(ins) == 0 {
			return []Input{{Path: target, Explicit: true, Err: serverlessUnbuilt(target)}}
		}
		for i := range ins {
			ins[i].Explicit = true
		}
		return ins
	}
	return []Input{builtTemplate(target)}
}

// builtTemplate is a template named on its own; when it belongs to a build
// output, it is described like one found through its project (the summary
// counts it).
func builtTemplate(target string) Input {
	dir := filepath.Dir(target)
	var candidates []Input
	if isCloudAssembly(dir) {
		candidates = cdkManifestTemplates(filepath.Join(dir, "manifest.json"), Role{})
	} else if isServerlessPackage(dir) {
		candidates = serverlessTemplates(dir)
	}
	for _, in := range candidates {
		if filepath.Clean(in.Path) == filepath.Clean(target) {
			in.Path, in.Explicit = target, true
			return in
		}
	}
	return Input{Path: target, Explicit: true}
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
// of segments, {a,b} either alternative; the other wildcards stay within
// one segment.
func matchExclude(pat, p string) bool {
	glob := strings.Join(splitSegments(pat), "/")
	segs := splitSegments(p)
	if glob == "" {
		return false
	}
	for start := range segs {
		for end := start + 1; end <= len(segs); end++ {
			if ok, _ := doublestar.Match(glob, strings.Join(segs[start:end], "/")); ok {
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

// MatchPath reports whether a slash-separated glob matches the whole of a
// path: "**" matches any number of segments, the other wildcards stay
// within one.
func MatchPath(glob, p string) bool {
	ok, _ := doublestar.Match(strings.Join(splitSegments(glob), "/"), strings.Join(splitSegments(p), "/"))
	return ok
}

// AbsFunc returns a function giving the absolute form of a path, as
// filepath.Abs does, with the working directory read once: filepath.Abs
// reads it (two stat calls) for every relative path, which was most of the
// system calls of a scan of a few hundred files.
func AbsFunc() func(string) string {
	cwd, err := os.Getwd()
	return func(p string) string {
		if err != nil || filepath.IsAbs(p) {
			return absPath(p)
		}
		return filepath.Join(cwd, p)
	}
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// irregular names the kind of a walked entry that is not a regular file
// (after following a symlink), or returns "" for a regular file.
func irregular(p string, d fs.DirEntry) string {
	mode := d.Type()
	if mode&fs.ModeSymlink != 0 {
		info, err := os.Stat(p)
		if err != nil {
			return "" // a dangling link: reading it reports the error
		}
		mode = info.Mode()
	}
	return irregularKind(mode)
}
