package policy

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
)

// MaxPolicyFileSize bounds one policy file; the built-in policies are a
// few KiB each, so a larger file is a mistake or hostile.
const MaxPolicyFileSize = 1 << 20

// Dir is a directory of user policies on disk. Its files are read only as
// regular files inside it (a symlink must resolve to a regular file within
// the directory), and its modules may not declare cfnvet's own packages.
func Dir(dir string) Source {
	return Source{FS: os.DirFS(dir), Name: dir, Root: dir, User: true}
}

// readPolicyFile reads one walked .rego file of src. For a directory on
// disk (src.Root set) it refuses anything that is not a regular file
// inside the directory: a symlink to /proc/self/environ or /etc/passwd in
// a scanned repository must never be read, let alone echoed in an error.
func readPolicyFile(src Source, p string, d fs.DirEntry) ([]byte, error) {
	name := path.Join(src.Name, p)
	if src.Root == "" {
		data, err := fs.ReadFile(src.FS, p)
		if err != nil {
			return nil, fmt.Errorf("read policy %s: %w", name, err)
		}
		return data, nil
	}
	full := filepath.Join(src.Root, filepath.FromSlash(p))
	if d.Type()&fs.ModeSymlink != 0 {
		if err := insideRoot(src.Root, full); err != nil {
			return nil, fmt.Errorf("policy %s %w; not read", name, err)
		}
	}
	info, err := os.Stat(full)
	if err != nil {
		return nil, fmt.Errorf("read policy %s: %w", name, unwrapPath(err))
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("policy %s is not a regular file (%s); not read", name, info.Mode().Type())
	}
	if info.Size() > MaxPolicyFileSize {
		return nil, fmt.Errorf("policy %s is larger than %d KiB; not read", name, MaxPolicyFileSize>>10)
	}
	f, err := os.Open(full)
	if err != nil {
		return nil, fmt.Errorf("read policy %s: %w", name, unwrapPath(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxPolicyFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read policy %s: %w", name, unwrapPath(err))
	}
	if len(data) > MaxPolicyFileSize {
		return nil, fmt.Errorf("policy %s is larger than %d KiB; not read", name, MaxPolicyFileSize>>10)
	}
	return data, nil
}

// insideRoot checks that the symlink full resolves to a path inside root
// (both with every link resolved).
func insideRoot(root, full string) error {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return fmt.Errorf("resolve policy directory: %w", unwrapPath(err))
	}
	target, err := filepath.EvalSymlinks(full)
	if err != nil {
		return fmt.Errorf("is a symlink that does not resolve (%w)", unwrapPath(err))
	}
	rel, err := filepath.Rel(realRoot, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return fmt.Errorf("is a symlink to a file outside %s", root)
	}
	return nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parseModule parses one policy file. Its errors never carry more of the
// file than a short excerpt of the offending line: OPA's own messages
// quote the whole line, which for a file without newlines is the whole
// file.
func parseModule(name string, data []byte, caps *ast.Capabilities) (*ast.Module, error) {
	return parseWith(name, data, caps, true)
}

// parseIndexed parses a module whose metadata the policy index already
// holds, for compilation: its METADATA blocks stay comments, because no
// policy reads rego.metadata and reading them as YAML was a quarter of the
// parse time of the built-in policies.
func parseIndexed(name string, data []byte, caps *ast.Capabilities) (*ast.Module, error) {
	return parseWith(name, data, caps, false)
}

func parseWith(name string, data []byte, caps *ast.Capabilities, annotations bool) (*ast.Module, error) {
	mod, err := ast.ParseModuleWithOpts(name, string(data), ast.ParserOptions{
		ProcessAnnotation: annotations, RegoVersion: ast.RegoV1, Capabilities: caps})
	if err != nil {
		return nil, fmt.Errorf("parse policy: %w", boundedError(name, data, err))
	}
	return mod, nil
}

const (
	maxShownErrors  = 3
	maxMessageRunes = 160
	excerptRunes    = 40 // each side of the error's column
)

// boundedError rewrites a parse error so that it quotes at most a short,
// escaped excerpt of the source line it points at.
func boundedError(name string, data []byte, err error) error {
	var list ast.Errors
	if !errors.As(err, &list) || len(list) == 0 {
		return errors.New(clip(err.Error(), maxMessageRunes))
	}
	var b strings.Builder
	for i, e := range list {
		if i == maxShownErrors {
			fmt.Fprintf(&b, "\n(%d more errors)", len(list)-i)
			break
		}
		if i > 0 {
			b.WriteString("\n")
		}
		row, col := 0, 0
		if e.Location != nil {
			row, col = e.Location.Row, e.Location.Col
		}
		fmt.Fprintf(&b, "%s:%d:%d: %s: %s", name, row, col, e.Code, clip(e.Message, maxMessageRunes))
		if ex := excerpt(data, e); ex != "" {
			fmt.Fprintf(&b, " (near %s)", ex)
		}
	}
	return errors.New(b.String())
}

// excerpt is up to excerptRunes runes either side of the error's position
// on its line, quoted so control bytes and NULs stay visible.
func excerpt(data []byte, e *ast.Error) string {
	var line string
	idx := 0
	if d, ok := e.Details.(*ast.ParserErrorDetail); ok && d != nil {
		line, idx = d.Line, d.Idx
	} else if e.Location != nil && e.Location.Row > 0 {
		lines := strings.SplitN(string(data), "\n", e.Location.Row+1)
		if e.Location.Row > len(lines) {
			return ""
		}
		line, idx = lines[e.Location.Row-1], e.Location.Col-1
	}
	if line == "" {
		return ""
	}
	idx = max(0, min(idx, len(line)))
	start, end := idx, idx
	for n := 0; n < excerptRunes && start > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(line[:start])
		start -= size
	}
	for n := 0; n < excerptRunes && end < len(line); n++ {
		_, size := utf8.DecodeRuneInString(line[end:])
		end += size
	}
	out := fmt.Sprintf("%q", line[start:end])
	if start > 0 {
		out = "…" + out
	}
	if end < len(line) {
		out += "…"
	}
	return out
}

// clip shortens s to at most n runes, escaping control characters.
func clip(s string, n int) string {
	var b strings.Builder
	count := 0
	for _, r := range s {
		if count == n {
			b.WriteString("…")
			break
		}
		if r < 0x20 || r == 0x7f {
			fmt.Fprintf(&b, "\\x%02x", r)
		} else {
			b.WriteRune(r)
		}
		count++
	}
	return b.String()
}

// checkUserPackage refuses a user module in cfnvet's own namespace: only
// rule policies, package cfnvet.rules.<name>, live there. A user module in
// package cfnvet.lib (or any other cfnvet.* package) would silently change
// the built-in rules that import it. Importing data.cfnvet.lib is fine.
func checkUserPackage(name string, mod *ast.Module) error {
	p := mod.Package.Path
	if len(p) < 2 || !ast.String("cfnvet").Equal(p[1].Value) {
		return nil
	}
	if len(p) == 4 && ast.String("rules").Equal(p[2].Value) {
		return nil // cfnvet.rules.<name>; a built-in's name is refused by Load
	}
	return fmt.Errorf("%s:%d: package %s: user policies cannot declare or extend cfnvet's own packages "+
		"(rule policies are package cfnvet.rules.<name>; helpers belong in a package of your own, and may import data.cfnvet.lib)",
		name, mod.Package.Location.Row, strings.TrimPrefix(p.String(), "data."))
}
