package origin

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/cfnvet/cfnvet/internal/lazyregexp"
)

// maxMetadataFile bounds what is read of one metadata file: the cloud
// assembly is build output in the scanned tree, so it is input like any
// other and must not make the scan read without limit.
const maxMetadataFile = 64 << 20

// cdkAssembly holds, for one cloud assembly directory, the user's line
// that created each construct, by construct path ("/Stack/Api/Resource").
type cdkAssembly struct {
	root    string // the CDK project: the directory holding cdk.out
	created map[string]Position
	// inside maps a construct below the stack level to the creation line
	// of the first of its descendants that has one: every CloudFormation
	// resource of a construct the user instantiated (a Vpc's subnets,
	// route tables, …) was made by that one line, but the frames recorded
	// for deep children are often all inside the library.
	inside map[string]Position
}

// cdkAssemblyDir reports the cloud assembly a template belongs to: a
// *.template.json beside a manifest.json.
func cdkAssemblyDir(path string) (string, bool) {
	if !strings.HasSuffix(path, ".template.json") {
		return "", false
	}
	dir := filepath.Dir(path)
	if info, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil || !info.Mode().IsRegular() {
		return "", false
	}
	return dir, true
}

// cdkMetadataEntry is one entry of a construct's metadata in a cloud
// assembly: {"type": "aws:cdk:creationStack", "data": [frames…]}.
type cdkMetadataEntry struct {
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

// loadCDKAssembly reads every <artifact>.metadata.json of the assembly (and
// metadata kept in manifest.json by older CDK versions). Unreadable or
// malformed files add nothing.
func loadCDKAssembly(dir string) *cdkAssembly {
	a := &cdkAssembly{root: cdkProjectRoot(dir), created: map[string]Position{}, inside: map[string]Position{}}
	files, _ := filepath.Glob(filepath.Join(dir, "*.metadata.json"))
	for _, f := range files {
		var byPath map[string][]cdkMetadataEntry
		if readJSON(f, &byPath) {
			a.add(byPath)
		}
	}
	var manifest struct {
		Artifacts map[string]struct {
			Metadata map[string][]cdkMetadataEntry `json:"metadata"`
		} `json:"artifacts"`
	}
	if readJSON(filepath.Join(dir, "manifest.json"), &manifest) {
		for _, art := range manifest.Artifacts {
			a.add(art.Metadata)
		}
	}
	paths := make([]string, 0, len(a.created))
	for p := range a.created {
		paths = append(paths, p)
	}
	sort.Strings(paths) // the first descendant in path order, deterministically
	for _, p := range paths {
		for anc := parentConstruct(p); strings.Count(anc, "/") >= 2; anc = parentConstruct(anc) {
			if _, ok := a.inside[anc]; !ok {
				a.inside[anc] = a.created[p]
			}
		}
	}
	return a
}

// parentConstruct drops the last element of a construct path.
func parentConstruct(p string) string {
	if i := strings.LastIndex(p, "/"); i > 0 {
		return p[:i]
	}
	return ""
}

func (a *cdkAssembly) add(byPath map[string][]cdkMetadataEntry) {
	for path, entries := range byPath {
		for _, e := range entries {
			if e.Type != "aws:cdk:creationStack" {
				continue
			}
			var frames []string
			if json.Unmarshal(e.Data, &frames) != nil {
				continue
			}
			if pos, ok := firstUserFrame(frames); ok {
				pos.File = relativeTo(a.root, pos.File)
				a.created[path] = pos
			}
		}
	}
}

// lookup finds the line that created the resource's construct: its own
// entry, else that of the nearest enclosing construct the user
// instantiated, else the line that created the stack.
func (a *cdkAssembly) lookup(_, cdkPath string) Source {
	if cdkPath == "" {
		return Source{}
	}
	p := "/" + strings.TrimPrefix(cdkPath, "/")
	if pos, ok := a.created[p]; ok {
		return Source{Origin: &pos}
	}
	for anc := parentConstruct(p); anc != ""; anc = parentConstruct(anc) {
		if pos, ok := a.created[anc]; ok {
			return Source{Origin: &pos}
		}
		if pos, ok := a.inside[anc]; ok {
			return Source{Origin: &pos}
		}
	}
	return Source{}
}

// frameLocation matches the location at the end of a JavaScript stack
// frame: "new ApiStack (lib/api-stack.ts:31:13)" or "/app/bin/app.js:7:1".
var frameLocation = lazyregexp.New(`\(?([^()\s]+):(\d+):(\d+)\)?\s*$`)

// firstUserFrame returns the first frame in the application's own code:
// not elided ("...new Function in aws-cdk-lib..."), not in node_modules,
// not a Node.js internal.
func firstUserFrame(frames []string) (Position, bool) {
	for _, f := range frames {
		if strings.HasPrefix(f, "...") {
			continue
		}
		m := frameLocation.FindStringSubmatch(f)
		if m == nil {
			continue
		}
		file := m[1]
		if strings.Contains(file, "node_modules") || strings.HasPrefix(file, "node:") || strings.HasPrefix(file, "internal/") {
			continue
		}
		file = strings.TrimPrefix(file, "file://")
		line, err1 := strconv.Atoi(m[2])
		col, err2 := strconv.Atoi(m[3])
		if err1 != nil || err2 != nil || line < 1 {
			continue
		}
		return Position{File: file, Line: line, Column: max(col, 1)}, true
	}
	return Position{}, false
}

// cdkProjectRoot is the directory holding cdk.out; nested assemblies of
// stages live in cdk.out/assembly-<Stage>.
func cdkProjectRoot(dir string) string {
	for strings.HasPrefix(filepath.Base(dir), "assembly-") {
		dir = filepath.Dir(dir)
	}
	return filepath.Dir(dir)
}

// relativeTo names an absolute path inside root the way the user named
// root (relative to the working directory when the scan target was), so
// origins read like the template paths beside them. Other paths stay as
// recorded: a relative frame path has no known base to rewrite.
func relativeTo(root, file string) string {
	if !filepath.IsAbs(file) {
		return filepath.ToSlash(file)
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return file
	}
	if rel, err := filepath.Rel(abs, file); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
		return filepath.ToSlash(filepath.Join(root, rel))
	}
	return file
}

func readJSON(path string, v any) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() > maxMetadataFile {
		return false
	}
	return json.NewDecoder(f).Decode(v) == nil
}
