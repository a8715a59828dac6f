// Command mutate measures how well the rule fixtures pin the rules down: it
// flips one condition at a time in rules/ (Go) and policies/ (Rego), runs
// the fixture tests of the rule the file belongs to, and counts the mutants
// the tests kill. `make mutate` runs it; it is slow (a Go mutant rebuilds
// the test binary), so -only and -max select a sample.
//
// The tree is never modified: a Go mutant reaches the compiler through
// `go test -overlay`, a Rego mutant is a mutated copy of policies/ that a
// prebuilt test binary reads with its -policies flag.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// mutant is one flipped condition.
type mutant struct {
	file       string // relative to the module root
	line       int
	offset     int // byte offset of the original text
	orig, repl string
	rules      []string // rule ids whose fixtures judge it; none: the family's or all fixtures
	family     string   // upper-case family of the file's directory ("" for policies/lib)
}

func (m mutant) String() string {
	repl := m.repl
	if repl == "" {
		repl = "(removed)"
	}
	return fmt.Sprintf("%s:%d: %q -> %q", m.file, m.line, m.orig, repl)
}

func main() {
	only := flag.String("only", "", "mutate only files whose path contains this (e.g. policies/log, rules/net/net002.go)")
	maxN := flag.Int("max", 0, "run at most this many mutants, spread evenly over the list (0: all)")
	list := flag.Bool("list", false, "list the mutants without running them")
	timeout := flag.Duration("timeout", 5*time.Minute, "time limit of one mutant's test run (exceeding it counts as killed)")
	flag.Parse()
	if err := run(*only, *maxN, *list, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "mutate:", err)
		os.Exit(2)
	}
}

func run(only string, maxN int, list bool, timeout time.Duration) error {
	all, err := collect(only)
	if err != nil {
		return err
	}
	sample := spread(all, maxN)
	if list {
		for _, m := range sample {
			fmt.Println(m)
		}
		fmt.Printf("%d mutants (%d in total)\n", len(sample), len(all))
		return nil
	}
	if len(sample) == 0 {
		return errors.New("no mutants: check -only")
	}
	work, err := os.MkdirTemp("", "cfnvet-mutate-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	var rulesTest string
	for _, m := range sample {
		if strings.HasSuffix(m.file, ".rego") {
			// One test binary serves every Rego mutant.
			rulesTest = filepath.Join(work, "rules.test")
			if out, err := exec.Command("go", "test", "-c", "-o", rulesTest, "./rules/").CombinedOutput(); err != nil {
				return fmt.Errorf("build the fixture tests: %w\n%s", err, out)
			}
			break
		}
	}
	// The control: unmutated, the same runs must pass, or every mutant
	// would count as killed.
	dead, _, err := try(mutant{file: sample[0].file}, work, rulesTest, timeout)
	if err != nil {
		return fmt.Errorf("the control run without any mutation: %w", err)
	}
	if dead {
		return errors.New("the fixture tests fail without any mutation: fix them first")
	}
	killed := 0
	var survivors []mutant
	start := time.Now()
	for i, m := range sample {
		dead, note, err := try(m, work, rulesTest, timeout)
		if err != nil {
			return err
		}
		verdict := "survived"
		if dead {
			killed++
			verdict = "killed" + note
		} else {
			survivors = append(survivors, m)
		}
		fmt.Printf("[%d/%d] %s: %s\n", i+1, len(sample), m, verdict)
	}
	fmt.Printf("\nmutation score: %d/%d killed (%.0f%%) in %s\n", killed, len(sample),
		100*float64(killed)/float64(len(sample)), time.Since(start).Round(time.Second))
	if len(survivors) > 0 {
		fmt.Println("surviving mutants (a fixture that tells them apart is missing):")
		for _, m := range survivors {
			fmt.Println("  " + m.String())
		}
	}
	return nil
}

// try runs the fixture tests against one mutant and says whether they
// failed (the mutant is killed).
func try(m mutant, work, rulesTest string, timeout time.Duration) (bool, string, error) {
	src, err := os.ReadFile(m.file)
	if err != nil {
		return false, "", err
	}
	mutated := append(append(append([]byte{}, src[:m.offset]...), m.repl...), src[m.offset+len(m.orig):]...)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var cmd *exec.Cmd
	if strings.HasSuffix(m.file, ".rego") {
		dir := filepath.Join(work, "policies")
		if err := os.RemoveAll(dir); err != nil {
			return false, "", err
		}
		if err := os.CopyFS(dir, os.DirFS("policies")); err != nil {
			return false, "", err
		}
		if err := os.WriteFile(filepath.Join(dir, strings.TrimPrefix(m.file, "policies/")), mutated, 0o600); err != nil {
			return false, "", err
		}
		cmd = exec.CommandContext(ctx, rulesTest, "-test.run", runPattern(m), "-test.count=1", "-policies", dir)
		cmd.Dir = "rules" // the tests read ../testdata
	} else {
		abs, err := filepath.Abs(m.file)
		if err != nil {
			return false, "", err
		}
		replacement := filepath.Join(work, "mutant.go")
		if err := os.WriteFile(replacement, mutated, 0o600); err != nil {
			return false, "", err
		}
		overlay, err := json.Marshal(map[string]map[string]string{"Replace": {abs: replacement}})
		if err != nil {
			return false, "", err
		}
		overlayFile := filepath.Join(work, "overlay.json")
		if err := os.WriteFile(overlayFile, overlay, 0o600); err != nil {
			return false, "", err
		}
		cmd = exec.CommandContext(ctx, "go", "test", "-overlay", overlayFile, "-count=1", "-run", runPattern(m), "./rules/")
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	switch {
	case ctx.Err() != nil:
		return true, " (timeout)", nil
	case err == nil:
		return false, "", nil
	case strings.Contains(out.String(), "[build failed]") || strings.Contains(out.String(), "[setup failed]"):
		return true, " (does not compile)", nil
	}
	return true, "", nil
}

// runPattern selects the fixtures of the mutant's rules, else of its
// family, else every fixture (a shared library).
func runPattern(m mutant) string {
	switch {
	case len(m.rules) > 0:
		return "^TestFixtures$/^(" + strings.Join(m.rules, "|") + ")$/"
	case m.family != "":
		return "^TestFixtures$/^" + m.family + `\d`
	}
	return "^TestFixtures$"
}

// spread picks n mutants evenly over the list, so a sample touches every
// file rather than the first few.
func spread(all []mutant, n int) []mutant {
	if n <= 0 || n >= len(all) {
		return all
	}
	out := make([]mutant, 0, n)
	for i := range n {
		out = append(out, all[i*len(all)/n])
	}
	return out
}

var (
	goRuleID   = regexp.MustCompile(`\bID:\s*"([A-Z]{3}\d{3})"`)
	regoRuleID = regexp.MustCompile(`(?m)^#\s+id:\s*([A-Z]{3}\d{3})\s*$`)
)

// collect lists every mutant of the rule sources, in file order.
func collect(only string) ([]mutant, error) {
	var out []mutant
	for _, root := range []string{"rules", "policies"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.Contains(p, only) {
				return err
			}
			generated := strings.HasSuffix(p, "_gen.go") || strings.Contains(p, "/iamdata/")
			isGo := strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") && !generated
			isRego := strings.HasSuffix(p, ".rego") && !strings.HasSuffix(p, "_test.rego")
			if !isGo && !isRego {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			var ids [][]string
			var ms []mutant
			if isGo {
				ms, ids = goMutants(p, src), goRuleID.FindAllStringSubmatch(string(src), -1)
			} else {
				ms, ids = regoMutants(p, src), regoRuleID.FindAllStringSubmatch(string(src), -1)
			}
			var rules []string
			for _, id := range ids {
				rules = append(rules, id[1])
			}
			sort.Strings(rules)
			family := strings.ToUpper(filepath.Base(filepath.Dir(p)))
			if family == "LIB" || family == "RULES" || family == "POLICIES" {
				family = ""
			}
			for i := range ms {
				ms[i].rules, ms[i].family = rules, family
			}
			out = append(out, ms...)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// goFlips are the operator mutations of Go code; `!` is dropped.
var goFlips = map[token.Token]string{
	token.EQL: "!=", token.NEQ: "==", token.LAND: "||", token.LOR: "&&",
	token.LSS: ">=", token.GEQ: "<", token.GTR: "<=", token.LEQ: ">", token.NOT: "",
}

func goMutants(name string, src []byte) []mutant {
	fset := token.NewFileSet()
	file := fset.AddFile(name, -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, 0) // comments are skipped
	var out []mutant
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		off := file.Offset(pos)
		line := file.Line(pos)
		if repl, ok := goFlips[tok]; ok {
			out = append(out, mutant{file: name, line: line, offset: off, orig: tok.String(), repl: repl})
		}
		if tok == token.IDENT && (lit == "true" || lit == "false") {
			repl := map[string]string{"true": "false", "false": "true"}[lit]
			out = append(out, mutant{file: name, line: line, offset: off, orig: lit, repl: repl})
		}
	}
}

// regoMutants flips == and != and drops `not`, outside comments and
// strings.
func regoMutants(name string, src []byte) []mutant {
	var out []mutant
	line := 1
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			line++
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			i-- // the newline is counted above
		case c == '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case c == '`':
			for i++; i < len(src) && src[i] != '`'; i++ {
				if src[i] == '\n' {
					line++
				}
			}
		case bytes.HasPrefix(src[i:], []byte("==")):
			out = append(out, mutant{file: name, line: line, offset: i, orig: "==", repl: "!="})
			i++
		case bytes.HasPrefix(src[i:], []byte("!=")):
			out = append(out, mutant{file: name, line: line, offset: i, orig: "!=", repl: "=="})
			i++
		case bytes.HasPrefix(src[i:], []byte("not ")) && (i == 0 || !isWordByte(src[i-1])):
			out = append(out, mutant{file: name, line: line, offset: i, orig: "not ", repl: ""})
			i += 3
		case isWordByte(c):
			for i+1 < len(src) && isWordByte(src[i+1]) {
				i++
			}
		}
	}
	return out
}

func isWordByte(c byte) bool {
	return c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
