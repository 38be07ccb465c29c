package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"charm.land/fang/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/oauthlens/oauthlens/flows"
)

// Exit codes (documented in README.md).
const (
	exitOK     = 0 // success
	exitFailed = 1 // the flow failed: OAuth error, HTTP error, verification failed
	exitUsage  = 2 // usage or configuration error
)

// Version is the version that --version and the version command print.
const Version = "0.1.0"

// Run runs the command line with args (without the program name) on the
// given streams and returns the exit code: 0 success, 1 the flow failed,
// 2 usage or configuration error. No arguments open the TUI.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if args == nil {
		args = []string{} // cobra reads os.Args for nil
	}
	red := newRedaction()
	env := &cliEnv{stdin: stdin, stdout: redactWriter{stdout, red.out}, stderr: redactWriter{stderr, red.all}, red: red}
	root := env.newRoot()
	if helpAsked(args) {
		root.InitDefaultHelpCmd() // cobra's own, listed in the root's help: wrapped too
		root.InitDefaultCompletionCmd(args...)
		wrapHelp(root, helpWidth()) // helpwrap.go: fang breaks long help mid-word
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(helpWriter(stdout)) // help and completion scripts: fang styles them for a terminal
	root.SetErr(stderr)
	err := fang.Execute(context.Background(), root,
		fang.WithVersion(Version), fang.WithErrorHandler(env.usageError))
	if err != nil {
		return exitUsage // errors of the commands themselves are printed and counted by them
	}
	if env.outErr != nil && env.code == exitOK {
		fmt.Fprintln(env.stderr, "oauthlens: writing the result:", env.outErr)
		return exitFailed
	}
	return env.code
}

// usageError is fang's error handler. Only cobra's own errors get here (an
// unknown command or flag, a missing flag value): the commands print theirs
// and return their exit code. It prints one plain line, as the commands do.
func (env *cliEnv) usageError(_ io.Writer, _ fang.Styles, err error) {
	fmt.Fprintln(env.stderr, "oauthlens: "+flows.SanitizeLine(strings.TrimSpace(err.Error())))
}

// command returns a command whose RunE runs run with the positional
// arguments and records its exit code.
func (env *cliEnv) command(use, short string, run func(pos []string) int) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		RunE: func(cmd *cobra.Command, args []string) error {
			env.code = run(args)
			env.saveHAR(cmd)
			return nil
		},
	}
}

// flagsOf returns cmd's local flags.
func flagsOf(cmd *cobra.Command) *cmdFlags { return &cmdFlags{cmd.Flags()} }

// newRoot builds the whole command tree. Without a command it opens the TUI.
func (env *cliEnv) newRoot() *cobra.Command {
	var c commonFlags
	var prof string
	root := env.command("oauthlens", "Explore and debug OAuth 2.0 flows", func(pos []string) int {
		return env.cmdTUI(c, prof)
	})
	root.Long = rootLong
	root.Example = rootExample
	fs := flagsOf(root)
	c.register(fs, false)
	_ = fs.MarkHidden("json") // accepted, as before, but the TUI has no JSON
	fs.StringVarP(&prof, "profile", "p", "", "open the TUI on the saved profile `NAME`")
	registerPresent(fs, &env.present)
	registerBaseline(fs, &env.baseline)
	fs.Bool("version", false, "print the version") // no -v: that is --verbose
	root.SetVersionTemplate("oauthlens {{.Version}}\n")
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(
		env.newDemoCmd(), env.newDiscoverCmd(), env.newTokenCmd(), env.newDecodeCmd(), env.newCallCmd(),
		env.newDoctorCmd(), env.newIntrospectCmd(), env.newRevokeCmd(), env.newRegisterCmd(),
		env.newProfilesCmd(), env.newTemplatesCmd(), env.newVersionCmd(), env.newKeysCmd(), env.newOpenCmd(),
		env.newDiffCmd(), env.newInspectCmd(), // diff.go: two runs; inspect.go: a pasted token or response
	)
	checkURLFlags(root) // flagcheck.go: before tidyFlagUsage removes the `URL` markers
	tidyFlagUsage(root)
	env.registerCompletions(root)
	return root
}

const rootLong = `oauthlens explores and debugs OAuth 2.0 flows: discovery, client creation, a token by
any grant (client credentials, authorization code with PKCE, device, refresh, token exchange,
JWT bearer) and a test API call, with every raw HTTP exchange shown.

Without a command it opens the TUI (a profile picker, or straight on profile NAME with -p).
Every command that gets a token takes -p NAME to use a saved profile (flags override it).

Secrets are references: env:NAME, file:PATH, cmd:COMMAND, keyring:NAME, or - (stdin).
A literal works but prints a warning.

Common flags: --timeout DURATION (default 30s), --insecure (skip TLS verification; warns).
Exit codes: 0 success, 1 the flow failed, 2 usage or configuration error, 130 interrupted (Ctrl-C).`

const rootExample = `oauthlens -p flo
oauthlens demo --serve
oauthlens token --issuer http://127.0.0.1:9400 --client-id demo-client --client-secret env:DEMO_SECRET
oauthlens call -p flo GET /apps/organizations
oauthlens doctor -p flo`

// flagError makes a bad flag a one-line usage error that says where help is.
func flagError(cmd *cobra.Command, err error) error {
	return usagef("%v (see '%s --help')", err, cmd.CommandPath())
}

// usageNames turns the flag package's `NAME` markers in the usage texts
// into plain words: fang prints a flag's usage as it is.
var usageNames = strings.NewReplacer("`REF`erence", "reference (REF)", "`", "")

// tidyFlagUsage applies usageNames to every flag of the tree.
func tidyFlagUsage(cmd *cobra.Command) {
	cmd.Flags().VisitAll(func(f *pflag.Flag) { f.Usage = usageNames.Replace(f.Usage) })
	for _, sub := range cmd.Commands() {
		tidyFlagUsage(sub)
	}
}

// helpWriter is where help, version and completion scripts go: stdout, or
// with NO_COLOR set a writer that also drops text attributes such as bold,
// which NO_COLOR alone leaves on a terminal.
func helpWriter(stdout io.Writer) io.Writer {
	if os.Getenv("NO_COLOR") == "" {
		return stdout
	}
	return plainWriter{stdout}
}

// plainWriter removes ANSI escape sequences from what it writes.
type plainWriter struct{ w io.Writer }

func (p plainWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, ansi.Strip(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}

func (env *cliEnv) newVersionCmd() *cobra.Command {
	return env.command("version", "Print the version", func(pos []string) int {
		if len(pos) > 0 {
			return env.fail(usagef("version takes no arguments (got %q)", pos[0]))
		}
		fmt.Fprintln(env.stdout, "oauthlens", Version)
		return exitOK
	})
}
