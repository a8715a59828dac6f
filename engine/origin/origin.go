// Package origin leads a resource of a generated template back to what the
// user wrote: the line of CDK application code that created its construct
// (from the cloud assembly's creationStack metadata) or the key in
// serverless.yml that declared it (from the Serverless Framework's state
// file and its naming rules). It reads only files beside the template and
// never fails a scan: what it cannot find, it leaves out.
package origin

import (
	"sync"
)

// Position is a place in a source file the user edits. File is relative to
// the project root when the recorded path lies inside it, else as recorded.
type Position struct {
	File         string
	Line, Column int
}

// Source is what is known of one generated resource's origin.
type Source struct {
	// Origin is the user's line that made the resource; nil when unknown.
	Origin *Position
	// ServerlessFunction is the function key in serverless.yml that owns
	// the resource; empty when no function owns it.
	ServerlessFunction string
}

// Lookup answers for the resources of one template: its logical id and,
// for CDK output, its construct path (the aws:cdk:path metadata).
type Lookup func(logicalID, cdkPath string) Source

// Index finds origins for the templates of one scan. It reads each CDK
// cloud assembly and Serverless project once, however many templates come
// from it, and is safe for concurrent use.
type Index struct {
	mu  sync.Mutex
	cdk map[string]*cdkAssembly // by cloud assembly directory
	sls map[string]*slsProject  // by package directory
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{cdk: map[string]*cdkAssembly{}, sls: map[string]*slsProject{}}
}

// For returns the lookup for the template at path, or nil when the template
// is not framework output with origin data beside it.
func (x *Index) For(path string) Lookup {
	if a := x.assembly(path); a != nil {
		return a.lookup
	}
	if p := x.project(path); p != nil {
		return p.lookup
	}
	return nil
}

func (x *Index) assembly(path string) *cdkAssembly {
	dir, ok := cdkAssemblyDir(path)
	if !ok {
		return nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	a, seen := x.cdk[dir]
	if !seen {
		a = loadCDKAssembly(dir)
		x.cdk[dir] = a
	}
	return a
}

func (x *Index) project(path string) *slsProject {
	dir, ok := slsPackageDir(path)
	if !ok {
		return nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	p, seen := x.sls[dir]
	if !seen {
		p = loadServerlessProject(dir)
		x.sls[dir] = p
	}
	return p
}
