package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/har"
)

// harFlag is the flag every network command takes to save its exchanges.
const harFlag = "har"

// registerHAR adds --har FILE to a network command.
func registerHAR(fs *cmdFlags, path *string) {
	fs.StringVar(path, harFlag, "", "save every HTTP exchange to `FILE` as HAR 1.2 "+
		"(secrets masked, JWT signatures removed; opens in browser devtools and 'oauthlens open')")
}

// record keeps the exchanges of the run, in order, for --har and
// --bundle. An exchange reported twice is kept once.
func (env *cliEnv) record(exs []flows.Exchange) {
	for _, ex := range exs {
		if ex.Method == "" {
			continue
		}
		dup := false
		for _, old := range env.recorded {
			if old.Started.Equal(ex.Started) && old.Method == ex.Method && old.URL == ex.URL {
				dup = true
				break
			}
		}
		if !dup {
			env.recorded = append(env.recorded, ex)
		}
	}
}

// saveHAR writes the run's exchanges to the --har file when one was
// given, after the command ran (whatever its outcome: a failed walk is the
// one worth sending). A file that cannot be written fails a command that
// had succeeded.
func (env *cliEnv) saveHAR(cmd *cobra.Command) {
	f := cmd.Flags().Lookup(harFlag)
	if f == nil || f.Value.String() == "" {
		return
	}
	path := f.Value.String()
	n, err := har.Save(path, env.recorded, env.red.all, Version)
	if err != nil {
		fmt.Fprintf(env.stderr, "oauthlens: --har: %v\n", err)
		if env.code == exitOK {
			env.code = exitFailed
		}
		return
	}
	fmt.Fprintf(env.stderr, "oauthlens: wrote %d exchange(s) to %s (HAR 1.2; secrets masked, JWT signatures removed)\n",
		n, path)
}
