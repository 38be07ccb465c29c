package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// authFlags are the flags that say how to obtain a token (token, call).
type authFlags struct {
	endpointGiven                        bool // introspect/revoke got their endpoint URL: no token endpoint needed
	profile, issuer, discovery, tokenURL string
	clientID, clientSecret, auth         string
	basicEnc                             string
	scope                                givenFlag
	audience                             string
	resources, params                    multiFlag
	headers                              []string // the API's -H flags (call, doctor)
	more                                 authMore // keys, grants, DPoP (token_more.go)
}

func (a *authFlags) register(fs *cmdFlags) {
	a.registerSettings(fs)
	a.registerProfile(fs)
}

// registerProfile registers -p NAME alone (inspect takes a profile and
// --issuer, no other auth flag).
func (a *authFlags) registerProfile(fs *cmdFlags) {
	fs.StringVarP(&a.profile, "profile", "p", "", "use the saved profile `NAME` (flags given too override it)")
}

// registerIssuer registers --issuer URL alone.
func (a *authFlags) registerIssuer(fs *cmdFlags) {
	fs.StringVar(&a.issuer, "issuer", "", "discover the server's endpoints from this issuer `URL`")
}

// registerSettings registers every auth flag but -p (profiles new writes
// a profile rather than reading one).
func (a *authFlags) registerSettings(fs *cmdFlags) {
	a.registerIssuer(fs)
	fs.StringVar(
		&a.discovery,
		"discovery",
		"",
		"discovery `STYLE`: auto, openid-configuration or oauth-authorization-server",
	)
	fs.StringVar(&a.tokenURL, "token-url", "", "the token endpoint `URL` (skips discovery)")
	fs.StringVar(&a.clientID, "client-id", "", "the client `ID`")
	fs.StringVar(
		&a.clientSecret,
		"client-secret",
		"",
		"the client secret as a `REF`erence: env:NAME, file:PATH, cmd:COMMAND, keyring:NAME or - (stdin)",
	)
	fs.StringVar(&a.auth, "auth", "", "client authentication `METHOD`: basic (client_secret_basic, default), post "+
		"(client_secret_post), private_key_jwt, client_secret_jwt, tls (tls_client_auth), self_signed_tls, none")
	fs.StringVar(&a.basicEnc, "basic-encoding", "", "how client_secret_basic encodes id and secret: `form` "+
		"(RFC 6749 §2.3.1, default) or raw (base64 of id:secret, as many servers expect)")
	fs.Var(&a.scope, "scope", "the `\"A B\"` space-separated scopes to ask for (\"\" for none, over a profile's)")
	fs.StringVar(&a.audience, "audience", "", "the audience parameter `A` (Auth0 and others)")
	fs.Var(&a.resources, "resource", "an RFC 8707 resource indicator `URI` (repeatable)")
	fs.Var(&a.params, "param", "an extra token request parameter `k=v` (repeatable)")
	a.more.register(fs)
}

// tokenSetup is everything needed to get a token: the walk's plan, built
// from the profile and the flags with every reference resolved.
type tokenSetup struct {
	walk.Plan
	guards walk.Guards
}

// overrides are the flags given, as walk overrides the profile with.
func (a *authFlags) overrides() walk.Overrides {
	return walk.Overrides{Issuer: a.issuer, Discovery: a.discovery, TokenURL: a.tokenURL, ClientID: a.clientID,
		ClientSecret: a.clientSecret, Auth: a.auth, BasicEnc: a.basicEnc, Scope: a.scope.v, ScopeSet: a.scope.set,
		Audience: a.audience, Resource: a.resources, Params: a.params, APIHeaders: a.headers,
		Key: a.more.key, KeyAlg: a.more.keyAlg, AssertionAud: a.more.assertionAud, Cert: a.more.cert,
		GrantOverrides: a.more.grant, DPoP: a.more.dpop}
}

// setup builds the plan from the profile (if any) and the flags. A secret
// given as a literal draws a warning; a reference that does not resolve is
// a configuration error naming it.
func (a *authFlags) setup(ctx context.Context, env *cliEnv, c commonFlags) (tokenSetup, error) {
	var prof *profiles.Profile
	if a.profile != "" {
		p, err := env.loadProfile(a.profile)
		if err != nil {
			return tokenSetup{}, err
		}
		prof = &p
	}
	pl, err := walk.Build(ctx, prof, a.overrides(), env.resolve)
	s := tokenSetup{Plan: pl, guards: env.guards(c)}
	var ue *walk.UsageError
	if errors.As(err, &ue) {
		return s, usagef("%s", ue.Msg)
	}
	if err != nil {
		return s, err
	}
	if err := env.unfilled(pl, prof); err != nil { // placeholders.go
		return s, err
	}
	if len(pl.Unresolved) > 0 {
		return s, pl.Unresolved[0].Err
	}
	env.warnLiteralSecret(a.clientSecret, prof)
	env.learn(pl.Secrets()...)
	return s, s.check(a.endpointGiven)
}

// setupGrant is setup for the commands that run a grant (token, call):
// --redirect-uri goes through walk, over the profile's redirect_uri, and
// g.grant is the grant to run: --grant (one flag for every grant,
// token_more.go), else the profile's (walk.GrantPlan has both).
func (a *authFlags) setupGrant(ctx context.Context, env *cliEnv, c commonFlags, g *grantFlags) (tokenSetup, error) {
	a.more.grant.RedirectURI = g.redirectURI
	s, err := a.setup(ctx, env, c)
	g.grant = s.Plan.GrantPlan.Name
	return s, err
}

// warnLiteralSecret warns about a client secret given as the secret itself.
func (env *cliEnv) warnLiteralSecret(flag string, prof *profiles.Profile) {
	switch {
	case flag != "":
		if profiles.IsLiteral(flag) {
			env.warnLiteral("--client-secret", true)
		}
	case prof != nil && !prof.Builtin && profiles.IsLiteral(prof.ClientSecret):
		env.warnLiteral("profile "+prof.Name+": client_secret", false)
	}
}

func (s tokenSetup) check(endpointGiven bool) error {
	switch {
	case s.Token.TokenURL == "" && s.Issuer == "" && !endpointGiven:
		return usagef("say where to get the token: --issuer URL (discovery), --token-url URL, or -p PROFILE")
	case s.Token.ClientID == "":
		return usagef("--client-id is required")
	case s.Token.ClientSecret == "" && needsSecret(s.Token.AuthMethod):
		return usagef("--client-secret is required (a reference such as env:CLIENT_SECRET)")
	}
	return nil
}

// acquire gets a token through the walk: discovery when needed (with the
// issuer check), the destination warnings on stderr before anything is
// sent, then the token request. All exchanges made are returned, in order,
// even on failure.
func (s *tokenSetup) acquire(ctx context.Context, hc *http.Client) (flows.Token, []flows.Exchange,
	*flows.Discovery, error) {
	res, err := walk.Acquire(ctx, hc, &s.Plan, s.guards)
	return res.Token, res.Exchanges, res.Discovery, err
}

func (env *cliEnv) newTokenCmd() *cobra.Command {
	var a authFlags
	var c commonFlags
	var curl, probe bool
	var g grantFlags
	cmd := env.command("token", "Get an access token (client credentials, or --grant)", func(pos []string) int {
		return env.cmdToken(&a, &g, c, curl, probe, pos)
	})
	cmd.Long = "Get an access token with the client credentials grant (RFC 6749 §4.4) and print it alone on stdout;\n" +
		"--grant authorization_code, device, refresh_token, token_exchange (RFC 8693) or jwt_bearer (RFC 7523)\n" +
		"for the others, --dpop for a DPoP-bound token.\n\n" +
		"Synopsis: oauthlens token (--issuer URL | --token-url URL | -p NAME) --client-id ID [--client-secret REF]\n" +
		"  [--auth basic|post|client_secret_jwt|private_key_jwt|tls|self_signed_tls|none] [--key REF] [--cert REF]\n" +
		"  [--grant client_credentials|authorization_code|device|refresh_token|token_exchange|jwt_bearer]\n" +
		"  [--refresh-token REF] [--redirect-uri URI] [--no-browser] [--par] [--subject-token REF --subject-token-type T]\n" +
		"  [--dpop] [--scope \"a b\"] [--audience A] [--resource R]... [--param k=v]... [--json] [-v] [--curl]"
	cmd.Example = "oauthlens token --issuer http://127.0.0.1:9400 --client-id demo-client --client-secret env:DEMO_SECRET"
	fs := flagsOf(cmd)
	a.register(fs)
	c.register(fs, true)
	fs.BoolVar(&curl, "curl", false, "print the equivalent curl command (secrets as $VARIABLES) on stderr")
	fs.BoolVar(&probe, "probe", false, "when the server refuses the client, send at most three follow-up requests "+
		"to the same token endpoint to find out why (other method, Basic encoding, scopes)")
	g.register(fs)
	return cmd
}

func (env *cliEnv) cmdToken(a *authFlags, g *grantFlags, c commonFlags, curl, probe bool, pos []string) int {
	if len(pos) > 0 {
		return env.fail(usagef("token takes no arguments (got %q)", pos[0]))
	}
	env.showOnStdout("ACCESS_TOKEN", "REFRESH_TOKEN", "ID_TOKEN") // the token is what this command prints
	ctx, cancel := signalContext()
	defer cancel()
	s, err := a.setupGrant(ctx, env, c, g)
	if err != nil {
		return env.fail(err)
	}
	hc := c.httpClient(env)
	g.curl = curl
	res, err := env.tokenByGrant(ctx, &s, *g, c, hc)
	tok, exs, disc := res.Token, res.Exchanges, res.Discovery
	env.report(c, curl, exs[res.Reported:])
	if err != nil {
		return env.explainToken(ctx, hc, c, &s, probe, err,
			flows.Context{Step: stepOf(exs), Request: &s.Token, Discovery: disc, Exchanges: exs})
	}
	env.warnToken(tok, s.Token, disc, exs)
	env.noteBinding(tok, s.Token) // token_more.go
	env.noteGrant(tok, s.Token)
	if c.json {
		return env.writeJSON(tokenJSON(tok))
	}
	fmt.Fprintln(env.stdout, tok.AccessToken)
	return exitOK
}

// warnToken prints one warning line on stderr for each doubtful point of a
// token that did arrive (already expired, clock skew, not bearer, …);
// stdout stays the token alone. 'oauthlens doctor' explains them in full.
func (env *cliEnv) warnToken(tok flows.Token, req flows.TokenRequest, disc *flows.Discovery, exs []flows.Exchange) {
	c := flows.Context{
		Step:      flows.StepToken,
		Request:   &req,
		Discovery: disc,
		Exchanges: exs,
		Token:     &tok,
		Now:       time.Now(),
	}
	if disc != nil {
		c.Metadata = &disc.Metadata
	}
	if d, err := flows.DecodeJWT(tok.AccessToken); err == nil {
		c.JWT = &d
	}
	for _, d := range flows.InspectToken(tok, c) {
		if d.Code == flows.CodeTokenTypeLowercase || d.Code == flows.CodeTokenExpiresInString {
			continue // tolerated quirks (Percolate's), not problems
		}
		fmt.Fprintf(env.stderr, "oauthlens: warning: %s (%s; see 'oauthlens doctor')\n",
			flows.SanitizeLine(d.Summary), d.Code)
	}
}

// report learns the secrets of the exchanges, so that no later output can
// show them, and prints -v exchanges and --curl commands on stderr.
func (env *cliEnv) report(c commonFlags, curl bool, exs []flows.Exchange) {
	env.learnExchanges(exs)
	env.record(exs)
	if c.verbose {
		env.printExchanges(exs...)
	}
	if curl {
		for _, ex := range exs {
			if ex.Method != "" {
				fmt.Fprintf(env.stderr, "# %s\n%s\n", ex.Label, ex.Curl(false))
			}
		}
	}
}

// tokenJSON is the token response as received plus expires_at.
func tokenJSON(t flows.Token) map[string]any {
	out, _ := sanitizeAny(t.Fields).(map[string]any)
	if out == nil {
		out = map[string]any{}
	}
	if !t.ExpiresAt.IsZero() {
		out["expires_at"] = t.ExpiresAt.UTC().Format(time.RFC3339)
	}
	return out
}

// writeCompactJSON writes v as one line of JSON.
func (env *cliEnv) writeCompactJSON(v any) int {
	enc := json.NewEncoder(env.stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		env.outErr = err
		return exitFailed
	}
	return exitOK
}

func (env *cliEnv) writeJSON(v any) int {
	enc := json.NewEncoder(env.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		env.outErr = err
		return exitFailed
	}
	return exitOK
}
