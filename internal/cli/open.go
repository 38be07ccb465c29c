package cli

import (
	"fmt"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/oauthlens/oauthlens/bundle"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/har"
	"github.com/oauthlens/oauthlens/ui"
)

// maxOpenFile caps the file 'open' reads (a recording comes from someone
// else).
const maxOpenFile = 256 << 20

func (env *cliEnv) newOpenCmd() *cobra.Command {
	var print bool
	cmd := env.command("open FILE", "Open a HAR file or a support bundle, read-only", func(pos []string) int {
		return env.cmdOpen(pos, print)
	})
	cmd.Long = "Open a recorded walk — a HAR file (--har, w) or a support bundle (doctor --bundle, b) — in the " +
		"TUI, read-only: the timeline, the raw exchanges, the decoded claims (against the recording's time) and " +
		"the diagnoses recomputed offline. Nothing is sent; the file holds no secret.\n\n" +
		"Synopsis: oauthlens open FILE [--print]"
	cmd.Example = "oauthlens open customer-bundle.tar.gz"
	flagsOf(cmd).BoolVar(&print, "print", false, "print the timeline and the diagnoses instead of opening the TUI")
	return cmd
}

func (env *cliEnv) cmdOpen(pos []string, print bool) int {
	if len(pos) != 1 {
		return env.fail(usagef("open takes one file: a HAR file or a support bundle"))
	}
	opts, err := readRecording(pos[0])
	if err != nil {
		return env.fail(&configError{err.Error()})
	}
	if print {
		env.printRecording(opts)
		return exitOK
	}
	if _, err := tea.NewProgram(ui.NewRecorded(opts)).Run(); err != nil {
		return env.fail(err)
	}
	return exitOK
}

// readRecording reads a bundle (tar.gz) or a HAR file.
func readRecording(path string) (ui.RecordedOptions, error) {
	opts := ui.RecordedOptions{Source: path}
	st, err := os.Stat(path)
	if err != nil {
		return opts, err
	}
	if st.Size() > maxOpenFile {
		return opts, fmt.Errorf("%s is larger than %d bytes", path, maxOpenFile)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return opts, err
	}
	harData := data
	if bundle.IsBundle(data) {
		files, err := bundle.Read(data)
		if err != nil {
			return opts, err
		}
		if harData = files[bundle.FileHAR]; harData == nil {
			return opts, fmt.Errorf("%s: the bundle holds no %s", path, bundle.FileHAR)
		}
		opts.Environment, opts.Doctor = string(files[bundle.FileEnvText]), string(files[bundle.FileDoctorText])
		opts.Profile = string(files[bundle.FileProfile])
	}
	opts.Exchanges, err = har.Parse(harData)
	if err != nil {
		return opts, fmt.Errorf("%s: %w", path, err)
	}
	return opts, nil
}

// printRecording writes the timeline and the diagnoses recomputed
// offline: what the TUI shows, for scripts and for reading in a pager.
func (env *cliEnv) printRecording(opts ui.RecordedOptions) {
	m := ui.NewRecorded(opts)
	exs := opts.Exchanges
	if n := len(exs); n > 0 {
		at := exs[n-1].Started.Add(exs[n-1].Duration).UTC().Format(time.RFC3339)
		fmt.Fprintf(env.stdout, "%s: %d exchanges, recorded at %s\n\n", flows.Sanitize(opts.Source), n, at)
	}
	for i, ex := range exs {
		status := "—"
		if ex.Status != 0 {
			status = fmt.Sprint(ex.Status)
		}
		fmt.Fprintf(env.stdout, "%2d %-14s %-6s %3s  %s\n", i+1, flows.Sanitize(ex.Label), ex.Method, status,
			flows.Sanitize(ex.URL))
	}
	for i := range exs {
		if ds := m.Findings()[i]; len(ds) > 0 {
			fmt.Fprintf(env.stdout, "\nexchange %d (%s):\n", i+1, flows.Sanitize(exs[i].Label))
			printDiagnoses(env.stdout, ds, "  ")
		}
	}
}

// registerPresent adds --present to a command that opens the TUI.
func registerPresent(fs *cmdFlags, on *bool) {
	fs.BoolVar(on, "present", false, "presenter mode: secrets stay masked (no reveal), a caption per step, "+
		"the sequence diagram; P toggles it in the TUI")
}
