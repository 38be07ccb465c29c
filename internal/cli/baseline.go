package cli

import (
	"github.com/oauthlens/oauthlens/ui"
)

// registerBaseline adds --baseline to a command that opens the TUI: a
// known-good run (a HAR file, or a support bundle's) that D compares an
// exchange with, by label (issue 16, Support).
func registerBaseline(fs *cmdFlags, path *string) {
	fs.StringVar(path, "baseline", "", "a known-good run to compare with: a HAR `FILE` (w saves one) or a "+
		"support bundle; D in the TUI diffs an exchange with its exchange of the same label")
}

// withBaseline reads the --baseline file into the TUI's options.
func (env *cliEnv) withBaseline(opts *ui.Options) error {
	if env.baseline == "" {
		return nil
	}
	rec, err := readRecording(env.baseline)
	if err != nil {
		return usagef("--baseline: %v", err)
	}
	if len(rec.Exchanges) == 0 {
		return usagef("--baseline: %s holds no exchanges", env.baseline)
	}
	opts.Baseline, opts.BaselineName = rec.Exchanges, env.baseline
	return nil
}
