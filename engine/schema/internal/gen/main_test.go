package main

import (
	"bytes"
	"os"
	"testing"
)

// TestTableUpToDate regenerates the table from the goformation in go.mod
// and compares it with the committed one, so a goformation upgrade without
// `go generate ./engine/schema` fails here.
func TestTableUpToDate(t *testing.T) {
	committed, err := os.ReadFile("../../properties.txt")
	if err != nil {
		t.Fatal(err)
	}
	fresh := table()
	if bytes.Equal(committed, fresh) {
		return
	}
	got := bytes.Split(committed, []byte("\n"))
	want := bytes.Split(fresh, []byte("\n"))
	for i := 0; i < len(got) || i < len(want); i++ {
		if i >= len(got) || i >= len(want) || !bytes.Equal(got[i], want[i]) {
			t.Fatalf("engine/schema/properties.txt is stale from line %d on (committed %d lines, goformation gives %d): run go generate ./engine/schema",
				i+1, len(got), len(want))
		}
	}
}
