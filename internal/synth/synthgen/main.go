// Command synthgen writes synthetic templates for benchmarks:
//
//	go run ./internal/synth/synthgen -resources 1000 > big.yaml
//	go run ./internal/synth/synthgen -small 5000 -dir /tmp/many
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/cfnvet/cfnvet/internal/synth"
)

func main() {
	resources := flag.Int("resources", 100, "write one template with this many resources to stdout")
	small := flag.Int("small", 0, "write this many small templates into -dir instead")
	dir := flag.String("dir", "", "directory for -small")
	flag.Parse()
	if *small > 0 {
		if *dir == "" {
			fmt.Fprintln(os.Stderr, "synthgen: -small needs -dir")
			os.Exit(2)
		}
		if err := synth.WriteSmallTemplates(*dir, *small); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if _, err := os.Stdout.Write(synth.Template(*resources)); err != nil {
		fmt.Fprintln(os.Stderr, "synthgen:", err)
		os.Exit(1)
	}
}
