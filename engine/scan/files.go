package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/cfnvet/cfnvet/engine/discover"
	"github.com/cfnvet/cfnvet/engine/finding"
	"github.com/cfnvet/cfnvet/engine/template"
)

// MaxFileSize is the largest file read; CloudFormation itself accepts at
// most 1 MB, so anything far larger is hostile or not a template.
const MaxFileSize = 32 << 20

// Input is one file to scan: a path, or standard input named "-".
type Input = discover.Input

// Discover expands command-line targets into files (see discover.Discover).
func Discover(targets []string, exclude []string) []Input {
	return discover.Discover(targets, exclude)
}

// Run scans inputs concurrently (cfg.Jobs workers) and returns results in
// input order. stdin is read for the input "-".
func (e *Engine) Run(ctx context.Context, inputs []Input, stdin io.Reader) finding.Result {
	return e.RunEach(ctx, inputs, stdin, nil)
}

// RunEach is Run that also hands every entry of the Result's Files to
// each, in order, as soon as it is final: when a file and every file
// before it are done. Writers that can stream (text, GitHub annotations)
// show results while the scan goes on, and one slow file hides only the
// files after it. Files that may nest stacks are only final once every
// parent is scanned, so a scan with any such file hands everything over
// at the end. each is never called concurrently, and for every entry
// before RunEach returns; the Result keeps what it returns (the file, or
// FileResult.Compact once everything that needs the whole file has it).
func (e *Engine) RunEach(ctx context.Context, inputs []Input, stdin io.Reader, each func(finding.FileResult) finding.FileResult) finding.Result {
	jobs := e.cfg.Jobs
	if jobs < 1 {
		jobs = 1
	}
	var files []Input
	var notes, warnings []string
	for _, in := range inputs {
		if !in.IsDirectoryTarget() {
			files = append(files, in)
		}
		switch {
		case in.Note != "" && in.Explicit && in.Skip != "":
			// Named by the user and not read (a pipe): said without --verbose.
			warnings = append(warnings, in.Note)
		case in.Note != "":
			notes = append(notes, in.Note)
		}
	}
	// A file named alone on the command line is expected to be a template;
	// among several, or from a git hook (which passes every staged *.yaml,
	// maybe just one), an empty file or a document without Resources is
	// skipped like in a walk.
	alone := !e.cfg.FromHook && len(files) == 1 && files[0].Explicit && files[0].Dir == ""
	js := make([]job, len(files))
	for i, in := range files {
		js[i] = job{in: in, inputs: e.cfg.Inputs}
	}
	var emit *orderedEmitter
	var finished func(int, finding.FileResult)
	checked := make(chan struct{})
	checkCtx, stopCheck := context.WithCancel(ctx)
	if each != nil {
		emit = newOrderedEmitter(len(files), each)
		finished = emit.finish
		go func() {
			defer close(checked)
			emit.decide(!mayNestStacks(checkCtx, files))
		}()
	} else {
		close(checked)
	}
	scanned := e.scanJobs(ctx, js, jobs, alone, stdin, finished)
	stopCheck()
	<-checked
	handed := 0
	if emit != nil {
		scanned, handed = emit.collect()
	}
	results := withEmptyDirErrors(inputs, files, scanned)
	// Nested stacks are scanned with the parameters their parents pass.
	followed, nestedNotes := e.followNested(ctx, files, results[:len(files)], jobs)
	res := finding.Result{Files: append(followed, results[len(files):]...), Notes: append(notes, nestedNotes...), Warnings: warnings}
	res.Files = append(res.Files, e.unknownConditions(res.Files)...)
	e.scanWide(&res)
	if emit != nil {
		for i := handed; i < len(res.Files); i++ {
			res.Files[i] = each(res.Files[i])
		}
	}
	return res
}

// withEmptyDirErrors reports directory and glob targets under which no
// template was found: a CI gate pointed at the wrong place must not pass
// silently.
func withEmptyDirErrors(inputs, files []Input, results []finding.FileResult) []finding.FileResult {
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
			where := "found in this directory"
			if discover.IsPattern(in.Dir) {
				where = "matches this pattern"
			}
			out = append(out, finding.FileResult{File: in.Dir, Err: &template.Error{File: in.Dir,
				Msg: fmt.Sprintf("no CloudFormation template %s (%d YAML/JSON files are not templates)", where, skipped[in.Dir])}})
		}
	}
	return out
}

func (e *Engine) scanInput(ctx context.Context, slot *runnerSlot, in Input, alone bool, stdin io.Reader) finding.FileResult {
	name := in.Path
	if in.Err != "" {
		return finding.FileResult{File: name, Err: &template.Error{File: name, Msg: in.Err}}
	}
	if in.Skip != "" {
		return finding.FileResult{File: name, Skipped: true, SkipReason: in.Skip}
	}
	var data []byte
	var err error
	if in.Path == "-" {
		name = "<stdin>"
		data, err = io.ReadAll(io.LimitReader(stdin, MaxFileSize+1))
	} else {
		data, err = readLimited(in.Path)
	}
	var irregular *discover.NotRegularError
	if errors.As(err, &irregular) && irregular.Kind != "a directory" {
		// Replaced by a pipe or device since discovery: still never read.
		return finding.FileResult{File: name, Skipped: true, SkipReason: irregular.Error()}
	}
	if err != nil {
		return finding.FileResult{File: name, Err: &template.Error{File: name, Msg: err.Error()}}
	}
	if len(data) > MaxFileSize {
		return finding.FileResult{File: name, Err: &template.Error{File: name,
			Msg: fmt.Sprintf("file is larger than %d MiB; CloudFormation templates are at most 1 MB", MaxFileSize>>20)}}
	}
	res := e.scanBounded(ctx, slot, name, data)
	if alone && (res.SkipReason == SkipEmpty || res.SkipReason == SkipNoResources) {
		// Named alone on the command line: the user expects a template there.
		res.Err = &template.Error{File: name, Line: 1, Col: 1, Msg: res.SkipReason}
		res.Skipped, res.SkipReason = false, ""
	}
	return res
}

// readLimited reads a regular file, or MaxFileSize+1 bytes for a larger
// one. Pipes, sockets and devices are refused without being opened.
func readLimited(path string) ([]byte, error) {
	f, info, err := discover.OpenRegular(path)
	var irregular *discover.NotRegularError
	switch {
	case errors.As(err, &irregular) && irregular.Kind == "a directory":
		return nil, fmt.Errorf("is a directory")
	case errors.As(err, &irregular):
		return nil, err
	case err != nil:
		return nil, fmt.Errorf("cannot read: %w", unwrapPathError(err))
	}
	defer f.Close()
	if info.Size() > MaxFileSize {
		return make([]byte, MaxFileSize+1), nil
	}
	data, err := readSized(f, info.Size())
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPathError(err))
	}
	return data, nil
}

// readSized reads r, a file Stat said holds size bytes, up to
// MaxFileSize+1 bytes, into a buffer made that large at once: io.ReadAll
// grows one from 512 bytes, copying as it goes, in about ten reads for a
// file of the corpus. A file that changed size since is still read whole.
func readSized(r io.Reader, size int64) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(int(min(max(size, 0), MaxFileSize)) + bytes.MinRead)
	_, err := b.ReadFrom(io.LimitReader(r, MaxFileSize+1))
	return b.Bytes(), err
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if ok := errors.As(err, &pe); ok {
		return pe.Err
	}
	return err
}
