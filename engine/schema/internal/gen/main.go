// Command gen writes the property-name table of engine/schema from
// goformation's generated structs, so that cfnvet knows every resource
// type's property names without linking goformation. goformation stays
// the source: `go generate ./engine/schema` re-reads it.
//
// The table is text: first the line "types N", then N
// lines "TYPE SHAPE", then one line per shape (a struct type), numbered
// from 0: its property names separated by spaces, each followed by
// "=SHAPE" when the property has properties of its own (a struct or a
// list of structs).
package main

import (
	"flag"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation"
)

func main() {
	out := flag.String("o", "properties.txt", "output file")
	flag.Parse()
	if err := os.WriteFile(*out, table(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// table renders the table; the same goformation gives the same bytes.
func table() []byte {
	g := &graph{index: map[reflect.Type]int{}}
	resources := cloudformation.AllResources()
	names := make([]string, 0, len(resources))
	for name := range resources {
		names = append(names, name)
	}
	sort.Strings(names)
	var text strings.Builder
	fmt.Fprintf(&text, "types %d\n", len(names))
	for _, name := range names {
		fmt.Fprintf(&text, "%s %d\n", name, g.shape(reflect.TypeOf(resources[name])))
	}
	for _, line := range g.lines {
		text.WriteString(line)
		text.WriteByte('\n')
	}
	return []byte(text.String())
}

// graph numbers struct types in the order they are first reached.
type graph struct {
	index map[reflect.Type]int
	lines []string
}

// shape returns the number of t's shape, or -1 when t has no properties
// of its own (a scalar, a map, a JSON document).
func (g *graph) shape(t reflect.Type) int {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return -1
	}
	if i, ok := g.index[t]; ok {
		return i
	}
	i := len(g.lines)
	g.index[t] = i
	g.lines = append(g.lines, "") // filled below; recursive types refer to i
	type prop struct {
		name  string
		shape int
	}
	var props []prop
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		props = append(props, prop{name, g.shape(f.Type)})
	}
	sort.Slice(props, func(a, b int) bool { return props[a].name < props[b].name })
	words := make([]string, len(props))
	for j, p := range props {
		words[j] = p.name
		if p.shape >= 0 {
			words[j] += fmt.Sprintf("=%d", p.shape)
		}
	}
	g.lines[i] = strings.Join(words, " ")
	return i
}
