package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// authFlags are the flags that say how to obtain a token (token, call).
type authFlags struct {
	endpointGiven                        bool // introspect/revoke got their endpoint URL: no token endpoint needed
	profile, issuer, discovery, tokenURL string
	clientID, clientSecret, auth         string
	scope, audience                      string
	resources, params                    multiFlag
}

func (a *authFlags) register(fs *cmdFlags) {
	a.registerSettings(fs)
	fs.StringVarP(&a.profile, "profile", "p", "", "use the saved profile `NAME` (flags given too override it)")
}

// registerSettings registers every auth flag but -p (profiles new writes
// a profile rather than reading one).
func (a *authFlags) registerSettings(fs *cmdFlags) {
	fs.StringVar(&a.issuer, "issuer", "", "discover the server's endpoints from this issuer `URL`")
	fs.StringVar(&a.discovery, "discovery", "", "discovery `STYLE`: auto, openid-configuration or oauth-authorization-server")
	fs.StringVar(&a.tokenURL, "token-url", "", "the token endpoint `URL` (skips discovery)")
	fs.StringVar(&a.clientID, "client-id", "", "the client `ID`")
	fs.StringVar(&a.clientSecret, "client-secret", "", "the client secret as a `REF`erence: env:NAME, file:PATH, cmd:COMMAND, keyring:NAME or - (stdin)")
	fs.StringVar(&a.auth, "auth", "", "client authentication `METHOD`: basic (client_secret_basic, default) or post (client_secret_post)")
	fs.StringVar(&a.scope, "scope", "", "the `\"A B\"` space-separated scopes to ask for")
	fs.StringVar(&a.audience, "audience", "", "the audience parameter `A` (Auth0 and others)")
	fs.Var(&a.resources, "resource", "an RFC 8707 resource indicator `URI` (repeatable)")
	fs.Var(&a.params, "param", "an extra token request parameter `k=v` (repeatable)")
}

// tokenSetup is everything needed to get a token, after profile and flags
// were merged and secrets resolved.
type tokenSetup struct {
	req       flows.TokenRequest
	issuer    string
	discovery string
	prof      *profiles.Profile
}

// setup merges the profile (if any) with the flags and resolves the secret.
func (a *authFlags) setup(ctx context.Context, env *cliEnv) (tokenSetup, error) {
	var s tokenSetup
	if a.profile != "" {
		p, err := env.loadProfile(a.profile)
		if err != nil {
			return s, err
		}
		s.prof = &p
		s.issuer, s.discovery = p.Issuer, p.Discovery
		s.req = flows.TokenRequest{TokenURL: p.TokenURL, ClientID: p.ClientID, AuthMethod: p.AuthMethod,
			Scopes: p.Scopes, Audience: p.Audience, Resource: p.Resource, Extra: url.Values{}}
		for k, v := range p.Params {
			s.req.Extra.Set(k, v)
		}
	}
	if err := a.override(&s); err != nil {
		return s, err
	}
	ref, what, warn := a.clientSecret, "--client-secret", true
	if ref == "" && s.prof != nil {
		ref, what, warn = s.prof.ClientSecret, "profile "+s.prof.Name+": client_secret", !s.prof.Builtin
	}
	v, err := env.resolveSecret(ctx, what, ref, warn)
	if err != nil {
		return s, err
	}
	s.req.ClientSecret = v
	return s, s.check(a.endpointGiven)
}

// override applies the flags that were given on top of the profile.
func (a *authFlags) override(s *tokenSetup) error {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&s.issuer, a.issuer)
	set(&s.discovery, a.discovery)
	set(&s.req.TokenURL, a.tokenURL)
	set(&s.req.ClientID, a.clientID)
	set(&s.req.Audience, a.audience)
	if a.auth != "" {
		m, ok := flows.NormalizeAuth(a.auth)
		if !ok {
			return usagef("--auth %q: use basic or post", a.auth)
		}
		s.req.AuthMethod = m
	}
	if a.scope != "" {
		s.req.Scopes = strings.Fields(a.scope)
	}
	if len(a.resources) > 0 {
		s.req.Resource = a.resources
	}
	return a.addParams(s)
}

func (a *authFlags) addParams(s *tokenSetup) error {
	if s.req.Extra == nil {
		s.req.Extra = url.Values{}
	}
	for _, p := range a.params {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return usagef("--param %q: use k=v", p)
		}
		s.req.Extra.Add(k, v)
	}
	return nil
}

func (s tokenSetup) check(endpointGiven bool) error {
	switch {
	case s.req.TokenURL == "" && s.issuer == "" && !endpointGiven:
		return usagef("say where to get the token: --issuer URL (discovery), --token-url URL, or -p PROFILE")
	case s.req.ClientID == "":
		return usagef("--client-id is required")
	case s.req.ClientSecret == "":
		return usagef("--client-secret is required (a reference such as env:CLIENT_SECRET)")
	}
	return nil
}

// acquire discovers the token endpoint when needed and requests a token.
// All exchanges made are returned, in order, even on failure.
func (s *tokenSetup) acquire(ctx context.Context, hc *http.Client) (flows.Token, []flows.Exchange, *flows.Discovery, error) {
	var exs []flows.Exchange
	var disc *flows.Discovery
	if s.req.TokenURL == "" {
		d, dexs, err := flows.Discover(ctx, hc, s.issuer, s.discovery)
		exs = append(exs, dexs...)
		if err != nil {
			return flows.Token{}, exs, nil, err
		}
		if d.Metadata.TokenEndpoint == "" {
			return flows.Token{}, exs, &d, fmt.Errorf("discovery: %s has %w", d.URL, flows.ErrNoTokenEndpoint)
		}
		disc = &d
		s.req.TokenURL = d.Metadata.TokenEndpoint
	}
	tok, ex, err := flows.RequestToken(ctx, hc, s.req)
	return tok, append(exs, ex), disc, err
}

func (env *cliEnv) newTokenCmd() *cobra.Command {
	var a authFlags
	var c commonFlags
	var curl bool
	cmd := env.command("token", "Get an access token (client credentials grant)", func(pos []string) int {
		return env.cmdToken(&a, c, curl, pos)
	})
	cmd.Long = "Get an access token with the client credentials grant (RFC 6749 §4.4) and print it alone on stdout.\n\n" +
		"Synopsis: oauthlens token (--issuer URL | --token-url URL | -p NAME) --client-id ID --client-secret REF\n" +
		"  [--auth basic|post] [--scope \"a b\"] [--audience A] [--resource R]... [--param k=v]... [--json] [-v] [--curl]"
	cmd.Example = "oauthlens token --issuer http://127.0.0.1:9400 --client-id demo-client --client-secret env:DEMO_SECRET"
	fs := flagsOf(cmd)
	a.register(fs)
	c.register(fs, true)
	fs.BoolVar(&curl, "curl", false, "print the equivalent curl command (secrets as $VARIABLES) on stderr")
	return cmd
}

func (env *cliEnv) cmdToken(a *authFlags, c commonFlags, curl bool, pos []string) int {
	if len(pos) > 0 {
		return env.fail(usagef("token takes no arguments (got %q)", pos[0]))
	}
	ctx, cancel := signalContext()
	defer cancel()
	s, err := a.setup(ctx, env)
	if err != nil {
		return env.fail(err)
	}
	tok, exs, disc, err := s.acquire(ctx, c.httpClient(env))
	env.report(c, curl, exs)
	if err != nil {
		return env.explain(err, flows.Context{Step: stepOf(exs), Request: &s.req, Discovery: disc, Exchanges: exs})
	}
	env.warnToken(tok, s.req, disc, exs)
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
	c := flows.Context{Step: flows.StepToken, Request: &req, Discovery: disc, Exchanges: exs, Token: &tok, Now: time.Now()}
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
		fmt.Fprintf(env.stderr, "oauthlens: warning: %s (%s; see 'oauthlens doctor')\n", flows.Sanitize(d.Summary), d.Code)
	}
}

// report prints -v exchanges and --curl commands on stderr.
func (env *cliEnv) report(c commonFlags, curl bool, exs []flows.Exchange) {
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
