package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// redactWriter passes everything written through the run's Redactor: every
// line oauthlens prints (errors, diagnoses, -v, --curl, --json, doctor)
// goes through one, so no output can show a secret the run knows.
type redactWriter struct {
	w io.Writer
	r *flows.Redactor
}

func (rw redactWriter) Write(p []byte) (int, error) {
	if _, err := rw.w.Write(rw.r.Bytes(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// redaction is the run's masking: stderr masks every secret the run knows;
// stdout masks them too, except the ones the command exists to print (the
// token of 'token', the new secret of 'register').
type redaction struct {
	all, out *flows.Redactor
	shown    map[string]bool // secret names stdout may show
}

func newRedaction() *redaction {
	return &redaction{all: flows.NewRedactor(), out: flows.NewRedactor(), shown: map[string]bool{}}
}

// showOnStdout lets stdout show the secrets of these names.
func (env *cliEnv) showOnStdout(names ...string) {
	for _, n := range names {
		env.red.shown[n] = true
	}
}

// learn adds secrets the run now knows.
func (env *cliEnv) learn(secrets ...flows.Secret) {
	env.red.all.Add(secrets...)
	for _, s := range secrets {
		if !env.red.shown[s.Name] {
			env.red.out.Add(s)
		}
	}
}

// learnExchanges adds the secrets of exchanges (tokens that came back,
// credentials that were sent).
func (env *cliEnv) learnExchanges(exs []flows.Exchange) {
	for _, ex := range exs {
		env.learn(ex.Secrets...)
	}
}

// learnTokenFields learns the tokens an answer other than the token
// response carries (an introspection answer that echoes them): the -v
// exchange masks these fields, so the printed answer must too.
func (env *cliEnv) learnTokenFields(fields map[string]any) {
	for field, name := range map[string]string{"access_token": "ACCESS_TOKEN", "refresh_token": "REFRESH_TOKEN",
		"id_token": "ID_TOKEN"} {
		if v, ok := fields[field].(string); ok {
			env.learn(flows.Secret{Name: name, Value: v})
		}
	}
}

// resolve is the walk.Resolver of the command line: standard input is the
// process's, and a reference that does not resolve is a configuration
// error naming it (never the value).
func (env *cliEnv) resolve(ctx context.Context, what, ref string) (string, error) {
	v, err := profiles.Resolve(ctx, ref, env.stdin)
	if err != nil {
		return "", &configError{fmt.Sprintf("%s: %v", what, err)}
	}
	return v, nil
}

// guards are the command's decisions about where credentials may go, with
// the warnings printed on stderr before anything is sent.
func (env *cliEnv) guards(c commonFlags) walk.Guards {
	return walk.Guards{AllowIssuerMismatch: c.allowIssuerMismatch, OnWarning: func(w walk.Warning) {
		fmt.Fprintln(env.stderr, "oauthlens: warning: "+w.Message)
	}}
}
