package lazyregexp

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cfnvet/cfnvet/internal/testenv"
)

func TestCompiledOnFirstUseOnly(t *testing.T) {
	r := New(`^a(b+)$`)
	if r.re != nil {
		t.Fatal("compiled before first use")
	}
	if !r.MatchString("abb") || r.MatchString("ac") {
		t.Error("MatchString does not follow the expression")
	}
	first := r.re
	if first == nil {
		t.Fatal("not compiled after first use")
	}
	if got := r.FindStringSubmatch("abbb"); len(got) != 2 || got[1] != "bbb" {
		t.Errorf("FindStringSubmatch = %q", got)
	}
	if r.re != first {
		t.Error("compiled twice")
	}
	if r.String() != `^a(b+)$` {
		t.Errorf("String = %q", r.String())
	}
}

func TestConcurrentFirstUse(t *testing.T) {
	r := New(`x+`)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := r.ReplaceAllString("axxb", "-"); got != "a-b" {
				t.Errorf("ReplaceAllString = %q", got)
			}
		}()
	}
	wg.Wait()
}

func TestMalformedPanicsOnFirstUse(t *testing.T) {
	r := New(`(`)
	defer func() {
		if recover() == nil {
			t.Error("a malformed expression must panic when first used, as MustCompile does")
		}
	}()
	r.MatchString("x")
}

// TestEveryLiteralExpressionCompiles restores what compiling at start-up
// gave: a malformed expression written as a literal anywhere in the module
// fails the tests, whether or not a test reaches its first use.
func TestEveryLiteralExpressionCompiles(t *testing.T) {
	root := filepath.Dir(testenv.TestdataDir())
	checked := 0
	testenv.EachFile(t, root, func(path string, data []byte) {
		if strings.Contains(path, string(filepath.Separator)+".git"+string(filepath.Separator)) {
			return
		}
		file, err := parser.ParseFile(token.NewFileSet(), path, data, 0)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			return
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "New" {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "lazyregexp" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok {
				return true // built from parts: its own package's tests use it
			}
			expr, err := strconv.Unquote(lit.Value)
			if err == nil {
				_, err = regexp.Compile(expr)
			}
			if err != nil {
				t.Errorf("%s: lazyregexp.New(%s): %v", path, lit.Value, err)
			}
			checked++
			return true
		})
	}, ".go")
	// The module has dozens; far fewer means the walk went wrong.
	if checked < 30 {
		t.Errorf("checked %d literal expressions, want at least 30", checked)
	}
}
