// Package cli is the oauthlens command line: every step of the OAuth 2.0
// walk as a scriptable command, and the TUI when no command is given. It is
// built on cobra, with fang's styled help and errors, shell completion and
// a man page.
package cli

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// cliEnv carries the standard streams of one command run.
type cliEnv struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	outErr         error // writing the result failed (a full disk, a closed pipe)
	code           int   // the exit code of the command that ran
	red            *redaction
	recorded       []flows.Exchange // every exchange of the run, for --har and --bundle (har.go)
	present        bool             // --present: the TUI starts in presenter mode
	baseline       string           // --baseline: a known-good run the TUI's D compares with (baseline.go)
}

// commonFlags are accepted by every network command.
type commonFlags struct {
	timeout  time.Duration
	insecure bool
	verbose  bool
	json     bool
	// allowIssuerMismatch goes on with metadata that names another issuer
	// (with a loud warning); without it such metadata stops the command
	// before any credential is sent.
	allowIssuerMismatch bool
	addr                string   // the demo TUI's listen address
	faults              []string // the demo server's fault switches (demo --fault)
	har                 string   // --har FILE (har.go)
}

func (c *commonFlags) register(fs *cmdFlags, withVerbose bool) {
	c.timeout = flows.DefaultTimeout
	fs.Var((*timeoutFlag)(&c.timeout), "timeout", "time allowed for each HTTP request (more than 0)")
	fs.BoolVar(&c.insecure, "insecure", false, "skip TLS certificate verification (prints a warning)")
	registerJSON(fs, &c.json, "print the result as JSON")
	fs.BoolVar(&c.allowIssuerMismatch, "allow-issuer-mismatch", false,
		"go on when the metadata names another issuer than the one asked for (dangerous: the mix-up attack)")
	if withVerbose {
		registerHAR(fs, &c.har)
		fs.BoolVarP(&c.verbose, "verbose", "v", false, "print every HTTP exchange (secrets masked) on stderr")
	}
}

// registerJSON adds --json, the one flag that asks a command for its
// result as JSON (written with env.writeJSON).
func registerJSON(fs *cmdFlags, v *bool, usage string) { fs.BoolVar(v, "json", false, usage) }

// httpClient builds the client every request of a command goes through.
func (c *commonFlags) httpClient(env *cliEnv) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if c.insecure {
		fmt.Fprintln(
			env.stderr,
			"oauthlens: WARNING: --insecure: TLS certificates are NOT verified; anyone on the path can read the secrets",
		)
		tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // asked for with --insecure
	}
	return &http.Client{Transport: tr, Timeout: c.timeout}
}

// timeoutFlag is --timeout: a duration above zero. DESIGN.md has every
// request time out; 0 or less would switch the timeout off, so it is a
// usage error (exit 2) rather than a silent "never".
type timeoutFlag time.Duration

func (t *timeoutFlag) String() string { return time.Duration(*t).String() }

// Set implements pflag.Value.
func (t *timeoutFlag) Set(v string) error {
	d, err := time.ParseDuration(v)
	switch {
	case err != nil:
		return fmt.Errorf("not a duration such as 30s or 2m")
	case d <= 0:
		return fmt.Errorf("must be more than 0 (every request has a timeout)")
	}
	*t = timeoutFlag(d)
	return nil
}

// Type implements pflag.Value.
func (t *timeoutFlag) Type() string { return "duration" }

// usageError is a problem with the command line (exit code 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// cmdFlags is a command's flag set (cobra's pflag set).
type cmdFlags struct {
	*pflag.FlagSet
}

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ", ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// Type implements pflag.Value.
func (m *multiFlag) Type() string { return "strings" }

// resolveSecret turns a reference into its value. A literal is accepted
// with a warning; errors name the reference, never the value.
func (env *cliEnv) resolveSecret(ctx context.Context, what, ref string, warnLiteral bool) (string, error) {
	if ref == "" {
		return "", nil
	}
	if profiles.IsLiteral(ref) {
		if warnLiteral {
			env.warnLiteral(what, strings.HasPrefix(what, "--"))
		}
		return ref, nil
	}
	v, err := env.resolve(ctx, what, ref)
	if err != nil {
		return "", err
	}
	env.learn(flows.Secret{Name: "SECRET", Value: v})
	return v, nil
}

// warnLiteral warns that what is the secret itself, not a reference.
func (env *cliEnv) warnLiteral(what string, onCommandLine bool) {
	where := "it is stored in plain text in the profile file"
	if onCommandLine {
		where = "it may end up in your shell history"
	}
	fmt.Fprintf(env.stderr, "oauthlens: warning: %s is the secret itself, not a reference (%s); "+
		"prefer env:NAME, file:PATH, cmd:COMMAND, keyring:NAME or -\n", what, where)
}

// configError is a configuration problem found before any request (exit 2).
type configError struct{ msg string }

func (e *configError) Error() string { return e.msg }

// fail prints err as one line on stderr and returns the exit code for it.
// An interrupted command (Ctrl-C) says only that, with 128 + the signal.
func (env *cliEnv) fail(err error) int {
	if code, ok := interruption(err); ok {
		fmt.Fprintln(env.stderr, "oauthlens: interrupted")
		return code
	}
	fmt.Fprintln(env.stderr, "oauthlens: "+flows.SanitizeLine(strings.TrimSpace(err.Error())))
	var ue *usageError
	var ce *configError
	var fce *flows.ConfigError
	switch {
	case errors.As(err, &ue):
		return exitUsage
	case errors.As(err, &ce), errors.As(err, &fce):
		return exitUsage
	}
	return exitFailed
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// printExchanges writes exchanges as raw HTTP (masked) on stderr for -v.
func (env *cliEnv) printExchanges(exs ...flows.Exchange) {
	for _, ex := range exs {
		if ex.Method == "" {
			continue
		}
		fmt.Fprintf(
			env.stderr,
			"── %s · %s %s · %s\n",
			ex.Label,
			ex.Method,
			flows.Sanitize(ex.URL),
			ex.Duration.Round(time.Millisecond),
		)
		fmt.Fprintln(env.stderr, ex.Raw(false))
		for _, s := range ex.SentJWTs() { // assertions and DPoP proofs decoded; the signed form stays masked
			fmt.Fprintln(env.stderr, strings.Join(s.Lines(), "\n"))
		}
		fmt.Fprintln(env.stderr)
	}
}

// readAllCapped reads at most 16 MiB from r.
func readAllCapped(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, flows.MaxAPIBody+1))
	if len(b) > flows.MaxAPIBody {
		return nil, usagef("the body on stdin is larger than %d bytes", flows.MaxAPIBody)
	}
	return b, err
}
