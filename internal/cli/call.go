package cli

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

var httpMethods = map[string]bool{
	"GET":     true,
	"HEAD":    true,
	"POST":    true,
	"PUT":     true,
	"PATCH":   true,
	"DELETE":  true,
	"OPTIONS": true,
}

func (env *cliEnv) newCallCmd() *cobra.Command {
	var a authFlags
	var c commonFlags
	var headers multiFlag
	var data string
	var g grantFlags
	cmd := env.command("call [[METHOD] URL|PATH]", "Get a token and call an API with it", func(pos []string) int {
		return env.cmdCall(&a, &g, c, headers, data, pos)
	})
	cmd.Long = "Get a token (by the profile's grant, or --grant, as 'token' does), then call an API with it; " +
		"on the profile's re-acquire statuses (401/403 by default) a new token is fetched and the call retried " +
		"once: by the token request again, or, for a token from a grant with a user (authorization_code, " +
		"device), by its refresh token (never a new login unasked).\n\n" +
		"Synopsis: oauthlens call [token flags] [METHOD] URL|PATH [-H \"K: V\"]... [--data BODY] [--json] [-v]"
	cmd.Example = "oauthlens call -p demo GET /api/me"
	fs := flagsOf(cmd)
	a.register(fs)
	c.register(fs, true)
	g.register(fs) // the grant flags of token: --redirect-uri, --no-browser, --device-url, …
	fs.VarP(&headers, "header", "H",
		"an extra request header `\"K: V\"` (repeatable; the value may be a reference such as env:API_KEY)")
	fs.StringVar(&data, "data", "", "the request `BODY` (- reads it from stdin)")
	return cmd
}

func (env *cliEnv) cmdCall(a *authFlags, g *grantFlags, c commonFlags, headers []string, data string,
	pos []string) int {
	ctx, cancel := signalContext()
	defer cancel()
	a.headers = headers
	s, err := a.setupGrant(ctx, env, c, g)
	if err != nil {
		return env.fail(err)
	}
	req, err := env.callRequest(s, pos, data)
	if err != nil {
		return env.fail(err)
	}
	hc := c.httpClient(env)
	got, err := env.tokenByGrant(ctx, &s, *g, c, hc) // the profile's grant, or --grant (token_grants.go)
	exs, disc := got.Exchanges, got.Discovery
	env.report(c, false, exs[got.Reported:])
	if err != nil {
		fc := flows.Context{Step: stepOf(exs), Request: &s.Token, Discovery: disc, Exchanges: exs}
		pl := s.Plan
		pl.API.URL = req.URL                       // the API this call is for
		env.withResource(ctx, hc, c, pl, err, &fc) // resource.go
		return env.explain(err, fc)
	}
	var rot *flows.Rotation
	reacquire := walk.Reacquirer(hc, s.Plan, got.Token, func(r flows.Rotation) { rot = &r })
	res, cexs, err := flows.Call(ctx, hc, req, got.Token, reacquire)
	env.report(c, false, cexs)
	if rot != nil { // as the TUI's status line says it
		fmt.Fprintf(env.stderr, "refreshed the token after the API refused it (RFC 6749 §6); refresh token: %s\n",
			rot.Describe())
	}
	fc := flows.Context{Step: flows.StepCall, Request: &s.Token, Discovery: disc, Token: &res.Token, Exchanges: cexs}
	env.withResource(ctx, hc, c, s.Plan, err, &fc) // resource.go
	return env.callOutput(c, res, err, fc)
}

// callRequest builds the API request from the plan's test call (the
// profile's, with the -H flags applied by walk) and the positionals.
func (env *cliEnv) callRequest(s tokenSetup, pos []string, data string) (flows.CallRequest, error) {
	r := flows.CallRequest{Method: cmp.Or(s.API.Method, http.MethodGet), Header: http.Header{}, DPoP: s.Token.DPoP,
		ScopeNeedsGrant: s.Plan.UserGrant()}
	if s.Profile != nil {
		r.ReacquireOn = s.ReacquireOn
	}
	if len(pos) > 0 && httpMethods[strings.ToUpper(pos[0])] {
		r.Method, pos = strings.ToUpper(pos[0]), pos[1:]
	}
	target, err := callTarget(s.Profile, pos)
	if err != nil {
		return r, err
	}
	r.URL = target
	for _, h := range s.API.Headers {
		r.Header.Set(h.Name, h.Value)
	}
	r.SecretHeaders = s.SecretHeaderNames()
	for _, w := range walk.Destination("the API", r.URL, "") {
		s.guards.OnWarning(w)
	}
	if data == "-" {
		b, err := readAllCapped(env.stdin)
		r.Body = b
		return r, err
	}
	if data != "" {
		r.Body = []byte(data)
	}
	return r, nil
}

// callTarget resolves the URL: absolute as given, or a path under the
// profile's API base URL, or the profile's test request.
func callTarget(p *profiles.Profile, pos []string) (string, error) {
	if len(pos) > 1 {
		return "", usagef("call takes [METHOD] URL (got %q)", strings.Join(pos, " "))
	}
	if len(pos) == 0 && p != nil && p.TestRequest.Path != "" {
		return walk.APIURL(*p), nil
	}
	if len(pos) == 0 {
		return "", usagef("call needs a URL (or a profile with a test request)")
	}
	if u, err := url.Parse(pos[0]); err == nil && u.IsAbs() {
		return pos[0], nil
	}
	if p == nil || p.APIBaseURL == "" {
		return "", usagef("%q is not an absolute URL (a path needs a profile with api_base_url)", pos[0])
	}
	q := *p
	q.TestRequest.Path = pos[0]
	return walk.APIURL(q), nil
}

func (env *cliEnv) callOutput(c commonFlags, res flows.CallResult, err error, dc flows.Context) int {
	if res.Status == 0 {
		return env.explain(err, dc)
	}
	if c.json && len(res.Body) > 1<<20 {
		env.writeCompactJSON(callJSON(res)) // indenting megabytes costs memory and helps nobody
	} else if c.json {
		env.writeJSON(callJSON(res))
	} else {
		io.WriteString(env.stdout, flows.Sanitize(string(res.Body)))
		if len(res.Body) > 0 && res.Body[len(res.Body)-1] != '\n' {
			fmt.Fprintln(env.stdout)
		}
	}
	if err != nil {
		return env.explain(err, dc)
	}
	if note := res.TruncatedNote(); note != "" {
		// Exit 1: what stdout holds is not the whole answer, and a script
		// must not take it for one.
		fmt.Fprintf(env.stderr, "oauthlens: call: %s; the output above is incomplete\n", note)
		return exitFailed
	}
	return exitOK
}

// callJSON is the documented --json shape of call.
func callJSON(res flows.CallResult) map[string]any {
	headers := map[string]string{}
	for k := range res.Header {
		headers[k] = flows.Sanitize(res.Header.Get(k))
	}
	// Valid JSON is passed through as it is (no control character can be
	// raw inside it), which keeps a 10 MB answer cheap; anything else is a
	// sanitised string.
	var body any = json.RawMessage(res.Body)
	if !json.Valid(res.Body) {
		body = flows.Sanitize(string(res.Body))
	}
	return map[string]any{"status": res.Status, "headers": headers, "body": body, "retried": res.Retried,
		"truncated": res.Truncated}
}
