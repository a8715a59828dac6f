// Command cfnvet is a static security linter for CloudFormation templates.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
