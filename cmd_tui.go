package main

import "fmt"

// cmdTUI will open the terminal UI; until the ui package lands it says so.
func (env *cliEnv) cmdTUI(args []string) int {
	fmt.Fprintln(env.stderr, "oauthlens: the terminal UI is not in this build yet; see 'oauthlens help' for the commands")
	return exitUsage
}

func (env *cliEnv) runDemoTUI() int { return env.cmdTUI(nil) }
