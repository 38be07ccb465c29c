// Command oauthlens is a terminal UI and a command line for exploring and
// debugging OAuth 2.0 client credentials flows: discovery, client creation,
// the token request and a test API call, with every raw HTTP exchange shown.
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit codes (documented in README.md).
const (
	exitOK     = 0 // success
	exitFailed = 1 // the flow failed: OAuth error, HTTP error, verification failed
	exitUsage  = 2 // usage or configuration error
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches to a command and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &cliEnv{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		return env.cmdTUI(nil)
	}
	cmd, rest := args[0], args[1:]
	if f, ok := commands[cmd]; ok {
		code := f(env, rest)
		if env.outErr != nil && code == exitOK {
			fmt.Fprintln(stderr, "oauthlens: writing the result:", env.outErr)
			return exitFailed
		}
		return code
	}
	switch cmd {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usageText)
		return exitOK
	case "version", "--version":
		fmt.Fprintln(stdout, "oauthlens", version)
		return exitOK
	}
	if len(cmd) > 0 && cmd[0] == '-' {
		return env.cmdTUI(args)
	}
	fmt.Fprintf(stderr, "oauthlens: unknown command %q\n\n%s", cmd, usageText)
	return exitUsage
}

const version = "0.1.0"

// commands maps each command name to its implementation.
var commands = map[string]func(*cliEnv, []string) int{
	"demo": (*cliEnv).cmdDemo, "discover": (*cliEnv).cmdDiscover, "token": (*cliEnv).cmdToken,
	"decode": (*cliEnv).cmdDecode, "call": (*cliEnv).cmdCall, "register": (*cliEnv).cmdRegister,
	"profiles": (*cliEnv).cmdProfiles, "profile": (*cliEnv).cmdProfiles, "templates": (*cliEnv).cmdTemplates,
	"introspect": (*cliEnv).cmdIntrospect, "revoke": (*cliEnv).cmdRevoke, "doctor": (*cliEnv).cmdDoctor,
}

const usageText = `oauthlens explores and debugs OAuth 2.0 client credentials flows.

Usage:
  oauthlens [-p NAME]                open the TUI (a profile picker, or straight on profile NAME)
  oauthlens demo [--fault NAME,…]    open the TUI wired to the embedded demo server
  oauthlens demo --serve [--addr 127.0.0.1:9400] [--fault NAME[,NAME…]]
                                     run only the demo server, for curl and other tools
  oauthlens demo --faults            list the demo server's fault switches
  oauthlens discover ISSUER|URL [--json]
  oauthlens token  (--issuer URL | --token-url URL) --client-id ID --client-secret REF
                   [--auth basic|post] [--scope "a b"] [--audience A] [--resource R]
                   [--param k=v]... [--json] [-v] [--curl]
  oauthlens decode [TOKEN|REF|-] [--issuer URL | --jwks URL | -p NAME] [--audience A] [--json]
  oauthlens call   [token flags] [METHOD] URL|PATH [-H "K: V"]... [--data BODY] [--json] [-v]
  oauthlens doctor [-p NAME | token flags] [[METHOD] URL] [-H "K: V"]...
                                     check discovery, token, signature and the test call; explain failures
  oauthlens introspect [token flags] [--introspect-url URL] [TOKEN|REF|-] [--json]
  oauthlens revoke     [token flags] [--revoke-url URL] [TOKEN|REF|-]
  oauthlens register (--issuer URL | --registration-url URL) --name NAME [--initial-token REF]
                   [--scope "a b"] [--auth basic|post] [--metadata JSON] [--save-profile NAME]
                   [--store-secret file|keyring|print] [--test-token=false] [--json] [-v]
  oauthlens register -p NAME --name NAME [--admin-token REF] [--permission P]... [...]
  oauthlens register show|delete REGISTRATION_CLIENT_URI --registration-token REF
  oauthlens profiles list|show NAME|new NAME [--template T] [flags]|rm NAME
  oauthlens templates

Every command that gets a token takes -p NAME to use a saved profile (flags override it).

Secrets are references: env:NAME, file:PATH, cmd:COMMAND, keyring:NAME, or - (stdin).
A literal works but prints a warning.

Common flags: --timeout DURATION (default 30s), --insecure (skip TLS verification; warns).
Exit codes: 0 success, 1 the flow failed, 2 usage or configuration error.
Run "oauthlens COMMAND --help" for a command's flags.
`
