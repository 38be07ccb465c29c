// Command oauthlens is a terminal UI and a command line for exploring and
// debugging OAuth 2.0 flows: discovery, client creation, a token by any grant
// and a test API call, with every raw HTTP exchange shown.
// The command line lives in internal/cli.
package main

import (
	"os"

	"github.com/oauthlens/oauthlens/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
