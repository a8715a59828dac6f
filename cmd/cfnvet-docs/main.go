// Command cfnvet-docs writes docs/rules/: one Markdown page per built-in
// rule, generated from its metadata and tested example, plus an index.
// `make docs` runs it; a test fails when the committed pages are stale.
//
//	go run ./cmd/cfnvet-docs docs/rules
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cfnvet/cfnvet"
	"github.com/cfnvet/cfnvet/engine/ruledoc"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/rules"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: cfnvet-docs DIR")
		os.Exit(2)
	}
	if err := write(os.Args[1]); err != nil {
		fmt.Fprintf(os.Stderr, "cfnvet-docs: %v\n", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	eng, err := scan.New(context.Background(), scan.Config{GoRules: rules.Go(), Policies: rules.Policies()})
	if err != nil {
		return fmt.Errorf("load rules: %w", err)
	}
	files := ruledoc.Files(eng.Registry.All(), func(id string) ruledoc.Example {
		bad, good := cfnvet.Example(id)
		return ruledoc.Example{Bad: bad, Good: good}
	})
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Pages of rules that no longer exist would keep being served.
	old, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return err
	}
	for _, p := range old {
		if _, keep := files[filepath.Base(p)]; !keep {
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(files[n]), 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("wrote %d files to %s: %s\n", len(names), dir, strings.Join(names, " "))
	return nil
}
