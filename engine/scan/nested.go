package scan

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/cfnvet/cfnvet/engine/discover"
	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/nested"
	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/template"
)

// maxNestedScans bounds the nested stacks followed in one run; each child
// is scanned once per parent that nests it, so a diamond-shaped hierarchy
// cannot grow without bound.
const maxNestedScans = 10000

// job is one file to scan with the inputs it is resolved with.
type job struct {
	in     Input
	inputs resolve.Inputs
	// chain is the absolute path of each ancestor stack and of the file.
	chain []string
}

// node is one scanned file and the nested stacks scanned through it that
// were not also found by discovery; results are flattened depth-first.
type node struct {
	job  job
	res  finding.FileResult
	kids []int
}

// scanJobs scans jobs on the worker pool and returns their results in
// order; finished, when set, is handed each result as soon as it is done
// and keeps it instead (the returned slice is then empty).
func (e *Engine) scanJobs(ctx context.Context, jobs []job, workers int, alone bool, stdin io.Reader, finished func(int, finding.FileResult)) []finding.FileResult {
	var results []finding.FileResult
	if finished == nil {
		results = make([]finding.FileResult, len(jobs))
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var slot runnerSlot
			defer slot.stop()
			for i := range work {
				eng := e
				if jobs[i].inputs.Bound != nil {
					c := *e
					c.cfg.Inputs = jobs[i].inputs
					eng = &c
				}
				res := eng.scanInput(ctx, &slot, jobs[i].in, alone, stdin)
				res.Role = jobs[i].in.Role
				if finished != nil {
					finished(i, res)
					continue
				}
				results[i] = res
			}
		}()
	}
	for i := range jobs {
		work <- i
	}
	close(work)
	wg.Wait()
	return results
}

// followNested scans the nested stacks of the scanned files with the
// parameters their parents pass, level by level. A child that discovery
// also found is scanned once, with its parent's parameters, in the place
// discovery put it; other children follow their parent. It returns the
// results in order and notes for --verbose.
func (e *Engine) followNested(ctx context.Context, files []Input, results []finding.FileResult, workers int) ([]finding.FileResult, []string) {
	absPath := discover.AbsFunc() // the working directory read once
	nodes := make([]*node, len(files))
	direct := map[string]int{} // absolute path → node of a discovered file
	for i, in := range files {
		abs := absPath(in.Path)
		nodes[i] = &node{job: job{in: in, inputs: e.cfg.Inputs, chain: []string{abs}}, res: results[i]}
		if in.Path != "-" {
			direct[abs] = i
		}
	}
	var notes []string
	// bound records the nodes already scanned with a parent's parameters.
	bound := map[string]int{}
	cycles := map[string]bool{}
	level := make([]int, len(nodes))
	for i := range level {
		level[i] = i
	}
	scans := 0
	for len(level) > 0 {
		var jobs []job
		var parents []int
		for _, pi := range level {
			parent := nodes[pi]
			refs := e.nestedRefs(parent)
			for _, ref := range refs {
				where := fmt.Sprintf("%s:%d:%d", parent.job.in.Path, ref.Range.Line, ref.Range.Col)
				if ref.Path == "" {
					if ref.Note != "" {
						notes = append(notes, where+": "+ref.Note)
					}
					continue
				}
				child := absPath(ref.Path)
				role := discover.Role{Framework: parent.job.in.Role.Framework, Stack: parent.job.in.Role.Stack,
					Stage: parent.job.in.Role.Stage, Parent: parent.job.in.Path, ParentResource: ref.Resource}
				in := Input{Path: ref.Path, Explicit: true, Role: role}
				if j, ok := direct[child]; ok {
					in.Path, in.Dir = files[j].Path, files[j].Dir
				}
				if cycle := indexOf(parent.job.chain, child); cycle >= 0 {
					// One error per cycle, however many of its files
					// discovery found.
					members := append([]string(nil), parent.job.chain[cycle:]...)
					sort.Strings(members)
					key := strings.Join(members, "\x00")
					if cycles[key] {
						continue
					}
					cycles[key] = true
					in.Err = fmt.Sprintf("nested stack cycle: %s (nested stack %s, %s at %s)",
						chainText(parent.job.chain[cycle:], child), ref.Resource, ref.Property, where)
				} else if !isRegular(ref.Path) {
					in.Err = fmt.Sprintf("cannot read the template of nested stack %s: %s %q at %s (a local path is relative to the parent template's folder, as `aws cloudformation package` reads it)",
						ref.Resource, ref.Property, ref.Location, where)
				}
				if scans++; scans > maxNestedScans {
					in.Err = fmt.Sprintf("nested stack %s: more than %d nested stack scans; not followed (at %s)", ref.Resource, maxNestedScans, where)
				}
				chain := append(append([]string(nil), parent.job.chain...), child)
				jobs = append(jobs, job{in: in, inputs: nested.Bind(parent.job.in.Path, ref, e.cfg.Inputs), chain: chain})
				parents = append(parents, pi)
			}
		}
		results := e.scanJobs(ctx, jobs, workers, false, nil, nil)
		level = level[:0]
		for k, jb := range jobs {
			res := results[k]
			child := absPath(jb.in.Path)
			pi := parents[k]
			if jb.in.Err != "" {
				nodes = append(nodes, &node{job: jb, res: res})
				nodes[pi].kids = append(nodes[pi].kids, len(nodes)-1)
				continue
			}
			if b, ok := bound[child]; ok {
				// Nested by more than one parent: a finding under any
				// parent's parameters is reported.
				mergeFindings(&nodes[b].res, res)
				notes = append(notes, fmt.Sprintf("%s: also nested by %s (%s); findings under either parent's parameters are reported",
					jb.in.Path, jb.in.Role.Parent, jb.in.Role.ParentResource))
				continue
			}
			if j, ok := direct[child]; ok {
				nodes[j].job, nodes[j].res = jb, res
				bound[child] = j
				notes = append(notes, fmt.Sprintf("%s: scanned once, as nested stack %s of %s with the parameters it passes (also found directly)",
					jb.in.Path, jb.in.Role.ParentResource, jb.in.Role.Parent))
				level = append(level, j)
				continue
			}
			nodes = append(nodes, &node{job: jb, res: res})
			n := len(nodes) - 1
			nodes[pi].kids = append(nodes[pi].kids, n)
			bound[child] = n
			level = append(level, n)
		}
	}
	var out []finding.FileResult
	var walk func(i int)
	walk = func(i int) {
		out = append(out, nodes[i].res)
		for _, k := range nodes[i].kids {
			walk(k)
		}
	}
	for i := range files {
		walk(i)
	}
	return out, notes
}

// nestedRefs resolves a scanned template again, with the inputs it was
// scanned with, to read its nested stacks; only files that have a nesting
// resource are read.
func (e *Engine) nestedRefs(n *node) []nested.Ref {
	if n.res.Err != nil || n.res.Skipped || n.job.in.Path == "-" {
		return nil
	}
	has := false
	for _, r := range n.res.Inventory {
		if _, ok := nested.LocationProperty(r.Type); ok {
			has = true
			break
		}
	}
	if !has {
		return nil
	}
	data, err := readLimited(n.job.in.Path)
	if err != nil || len(data) > MaxFileSize {
		return nil
	}
	t, err := template.Parse(n.job.in.Path, data)
	if err != nil {
		return nil
	}
	views, _ := resolve.Resolve(t, n.job.inputs)
	return nested.Find(n.job.in.Path, views)
}

// mergeFindings adds to dst the findings of src (the same template scanned
// with another parent's parameters) that dst does not have.
func mergeFindings(dst *finding.FileResult, src finding.FileResult) {
	if dst.Err != nil {
		return
	}
	if src.Err != nil {
		dst.Findings, dst.Err = nil, src.Err
		return
	}
	for _, re := range src.RuleErrors {
		if !slices.ContainsFunc(dst.RuleErrors, func(d finding.RuleError) bool { return d.Rule == re.Rule }) {
			dst.RuleErrors = append(dst.RuleErrors, re)
		}
	}
	sort.Slice(dst.RuleErrors, func(i, j int) bool { return dst.RuleErrors[i].Rule < dst.RuleErrors[j].Rule })
	have := map[string]bool{}
	for _, f := range dst.Findings {
		have[f.Rule.ID+"|"+f.Resource+"|"+f.Path.String()] = true
	}
	for _, f := range src.Findings {
		if !have[f.Rule.ID+"|"+f.Resource+"|"+f.Path.String()] {
			dst.Findings = append(dst.Findings, f)
		}
	}
	sortFindings(dst.Findings)
}

func sortFindings(fs []finding.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Range.Line != b.Range.Line {
			return a.Range.Line < b.Range.Line
		}
		if a.Range.Col != b.Range.Col {
			return a.Range.Col < b.Range.Col
		}
		if a.Rule.ID != b.Rule.ID {
			return a.Rule.ID < b.Rule.ID
		}
		return a.Message < b.Message
	})
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func chainText(chain []string, last string) string {
	parts := make([]string, 0, len(chain)+1)
	for _, c := range append(chain, last) {
		parts = append(parts, filepath.Base(c))
	}
	return strings.Join(parts, " → ")
}

func isRegular(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}
