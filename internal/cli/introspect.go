package cli

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/spf13/cobra"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// endpointCmd is what introspect and revoke share: client credentials, an
// endpoint (given or discovered) and the token to act on.
type endpointCmd struct {
	auth     authFlags
	common   commonFlags
	endpoint string
	hint     string
	md       *flows.Metadata // the discovered metadata; nil when the endpoint was given
}

func (e *endpointCmd) register(fs *cmdFlags, what string) {
	e.auth.register(fs)
	e.common.register(fs, true)
	fs.StringVar(
		&e.endpoint,
		what+"-url",
		"",
		"the "+what+" endpoint `URL` (else discovered from --issuer or the profile)",
	)
	fs.StringVar(&e.hint, "hint", "", "the token_type_hint `HINT`: access_token or refresh_token")
}

// prepare resolves the client, the endpoint and the token argument.
func (e *endpointCmd) prepare(
	ctx context.Context,
	env *cliEnv,
	pos []string,
	field string,
) (tokenSetup, string, string, []flows.Exchange, error) {
	if len(pos) > 1 {
		return tokenSetup{}, "", "", nil, usagef("give one token (or a reference, or - for stdin)")
	}
	e.auth.endpointGiven = e.endpoint != ""
	s, err := e.auth.setup(ctx, env, e.common)
	if err != nil {
		return s, "", "", nil, err
	}
	tok, err := env.tokenArg(ctx, pos)
	if err != nil {
		return s, "", "", nil, err
	}
	if e.endpoint != "" {
		env.warnDestination(s, field, e.endpoint, nil)
		return s, e.endpoint, tok, nil, nil
	}
	if s.Issuer == "" {
		return s, "", "", nil, usagef(
			"give --%s-url, or --issuer (or a profile with an issuer) to discover it",
			map[string]string{"introspection_endpoint": "introspect", "revocation_endpoint": "revoke"}[field],
		)
	}
	d, exs, _, err := walk.Discover(ctx, e.common.httpClient(env), s.Plan, s.guards)
	if err != nil {
		return s, "", "", exs, err
	}
	e.md = &d.Metadata
	u, _ := d.Metadata.Raw[field].(string)
	if u == "" {
		return s, "", "", exs, fmt.Errorf("discovery: %s advertises no %s", d.URL, field)
	}
	env.warnDestination(s, field, u, d)
	return s, u, tok, exs, nil
}

// warnDestination prints, before the credentials are sent, the warnings
// about the endpoint: another host than the issuer's, plain http.
func (env *cliEnv) warnDestination(s tokenSetup, what, endpoint string, d *flows.Discovery) {
	issuer := s.Issuer
	if d != nil {
		issuer = d.Metadata.Issuer
	}
	for _, w := range walk.Destination("the "+what, endpoint, issuer) {
		s.guards.OnWarning(w)
	}
}

func (s tokenSetup) client() flows.ClientAuth {
	return s.Token.Client()
}

func (env *cliEnv) newIntrospectCmd() *cobra.Command {
	var e endpointCmd
	cmd := env.command("introspect [TOKEN|REF|-]", "Ask the server about a token (RFC 7662)", func(pos []string) int {
		return env.cmdIntrospect(&e, pos)
	})
	cmd.Long = "RFC 7662 introspection: ask the server whether a token is active and what it means " +
		"(exit 1 when the token is inactive).\n\n" +
		"Synopsis: oauthlens introspect (--issuer URL | --introspect-url URL | -p NAME) --client-id ID " +
		"--client-secret REF [TOKEN|REF|-] [--json] [-v]"
	cmd.Example = "oauthlens token -p demo | oauthlens introspect -p demo -"
	e.register(flagsOf(cmd), "introspect")
	return cmd
}

func (env *cliEnv) cmdIntrospect(e *endpointCmd, pos []string) int {
	ctx, cancel := signalContext()
	defer cancel()
	s, endpoint, tok, exs, err := e.prepare(ctx, env, pos, "introspection_endpoint")
	if err != nil {
		env.report(e.common, false, exs)
		return env.fail(err)
	}
	in, ex, err := flows.Introspect(ctx, e.common.httpClient(env), endpoint, s.client(), tok, e.hint)
	env.learnTokenFields(in.Fields)
	env.report(e.common, false, append(exs, ex))
	if err != nil {
		return env.explainEndpoint(err, flows.StepIntrospect, s, e.md, tok)
	}
	if e.common.json {
		env.writeJSON(sanitizeAny(in.Fields))
	} else {
		printIntrospection(env, in)
	}
	if !in.Active {
		return exitFailed
	}
	return exitOK
}

func printIntrospection(env *cliEnv, in flows.Introspection) {
	fmt.Fprintf(env.stdout, "  %-10s %v\n", "active", in.Active)
	fields := maps.Clone(in.Fields)
	delete(fields, "active")
	printClaims(env.stdout, fields, time.Now())
}

func (env *cliEnv) newRevokeCmd() *cobra.Command {
	var e endpointCmd
	cmd := env.command("revoke [TOKEN|REF|-]", "Revoke a token (RFC 7009)", func(pos []string) int {
		return env.cmdRevoke(&e, pos)
	})
	cmd.Long = "RFC 7009 revocation.\n\nSynopsis: oauthlens revoke (--issuer URL | --revoke-url URL | -p NAME) " +
		"--client-id ID --client-secret REF [TOKEN|REF|-] [-v]"
	cmd.Example = "oauthlens revoke -p demo env:ACCESS_TOKEN"
	e.register(flagsOf(cmd), "revoke")
	return cmd
}

func (env *cliEnv) cmdRevoke(e *endpointCmd, pos []string) int {
	ctx, cancel := signalContext()
	defer cancel()
	s, endpoint, tok, exs, err := e.prepare(ctx, env, pos, "revocation_endpoint")
	if err != nil {
		env.report(e.common, false, exs)
		return env.fail(err)
	}
	ex, err := flows.Revoke(ctx, e.common.httpClient(env), endpoint, s.client(), tok, e.hint)
	env.report(e.common, false, append(exs, ex))
	if err != nil {
		return env.explainEndpoint(err, flows.StepRevoke, s, e.md, tok)
	}
	return env.confirmRevoked(ctx, e, s, tok, ex)
}
