package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// discoverFromAPI treats the URL as an API's when it is no authorization
// server (walk.StartFromAPI: the API's protected resource metadata, RFC
// 9728, then discovery of the first of its authorization_servers and the
// registration path a client without an id takes), and prints what it
// found. ok is false when the URL publishes no resource metadata either:
// the caller then explains discErr, issuer discovery's failure, which
// noResource (when not nil) extends with where the resource metadata was
// looked for. Only a server that answered every well-known URL is asked
// again: a timeout or a refused connection stays the answer, within the
// one time budget.
func (env *cliEnv) discoverFromAPI(ctx context.Context, c commonFlags, apiURL, style, document string,
	tried []flows.Exchange, discErr error) (code int, ok bool, noResource error) {
	for _, ex := range tried {
		if ex.Status == 0 || ex.Err != "" || ex.Truncated {
			return 0, false, nil
		}
	}
	a, err := walk.StartFromAPI(ctx, c.httpClient(env), apiURL, walk.APIOptions{Style: style,
		DocumentURL: document, Guards: env.guards(c)})
	env.report(c, false, a.Exchanges)
	rd := a.Resource
	var ae *walk.APIError
	if errors.As(err, &ae) && ae.Step == walk.StepResource && rd.Metadata.Resource == "" {
		return 0, false, noResourceMetadata(discErr, a, ae.Err)
	}
	if !c.json {
		env.printResource(rd)
	}
	switch {
	case errors.As(err, &ae) && ae.Step == walk.StepResource:
		fmt.Fprintln(env.stderr, "oauthlens: "+flows.SanitizeLine(err.Error()))
		return exitFailed, true, nil
	case err != nil:
		cause := err
		if ae != nil {
			cause = ae.Err
		}
		return env.explain(cause, flows.Context{Step: flows.StepDiscovery, Exchanges: a.Exchanges}), true, nil
	}
	d := *a.Discovery
	if c.json {
		env.writeJSON(map[string]any{"resource_metadata_url": rd.URL, "via": rd.Via,
			"resource_metadata": sanitizeAny(rd.Metadata.Raw), "problems": problemsJSON(rd.Problems),
			"authorization_server": discoveryJSON(d), "registration_paths": flows.RegistrationPaths(d.Metadata),
			"registration": registrationJSON(a.Registration), "registration_path": a.Registration.Path})
		return exitOK, true, nil
	}
	fmt.Fprintf(env.stdout, "\nAuthorization server %s\n", flows.SanitizeLine(a.Server))
	env.printDiscovery(d)
	env.printRegistrationPaths(d.Metadata, a.Registration)
	return exitOK, true, nil
}

// notAPIError is issuer discovery's failure (which it unwraps to, for the
// diagnosis) on a URL that is no API publishing RFC 9728 protected resource
// metadata either; its text says both, and where each was looked for.
type notAPIError struct {
	msg string
	err error
}

func (e *notAPIError) Error() string { return e.msg }
func (e *notAPIError) Unwrap() error { return e.err }

// noResourceMetadata extends discErr with where RFC 9728 metadata was
// looked for (StartFromAPI's exchanges): the API's answer, which had no
// resource_metadata challenge (§5.1), or the challenge's URL, and the
// metadata URL's answer (resErr).
func noResourceMetadata(discErr error, a walk.APIStart, resErr error) error {
	if discErr == nil {
		return nil
	}
	where := "the API's answer named " + a.Resource.URL + " in its resource_metadata challenge (RFC 9728 §5.1)"
	if len(a.Exchanges) > 0 && a.Resource.Via != "WWW-Authenticate resource_metadata" {
		p := a.Exchanges[0]
		where = fmt.Sprintf("GET %s answered %s with no resource_metadata challenge (RFC 9728 §5.1)", p.URL,
			cmp.Or(p.StatusText, "nothing"))
	}
	why := strings.TrimPrefix(resErr.Error(), "resource metadata: ")
	return &notAPIError{msg: fmt.Sprintf("%v; RFC 9728 protected resource metadata was looked for too: %s, and %s",
		discErr, where, why), err: discErr}
}

// registrationJSON is the registration path chosen, for --json.
func registrationJSON(r walk.Registration) map[string]any {
	out := map[string]any{"path": r.Path, "why": flows.Sanitize(r.Why)}
	if r.ClientID != "" {
		out["client_id"] = flows.Sanitize(r.ClientID)
	}
	if r.Endpoint != "" {
		out["registration_endpoint"] = flows.Sanitize(r.Endpoint)
	}
	return out
}

// printRegistrationPaths says how a client can become known to the server,
// preferred first as MCP's authorization spec orders them: CIMD, RFC 7591,
// pre-registered; the first is the path a client without an id takes.
func (env *cliEnv) printRegistrationPaths(md flows.Metadata, r walk.Registration) {
	paths := flows.RegistrationPaths(md)
	fmt.Fprintf(env.stdout, "\nClient registration paths offered, preferred first: %s\n",
		flows.SanitizeLine(fmt.Sprint(paths)))
	fmt.Fprintf(env.stdout, "  registration path used without a pre-registered client id: %s (%s)\n", r.Path,
		flows.SanitizeLine(r.Why))
	if r.Path == flows.PathCIMD {
		fmt.Fprintf(env.stdout, "  client id (the document's URL): %s\n", flows.SanitizeLine(r.ClientID))
	}
}

// printResource writes what the resource metadata says.
func (env *cliEnv) printResource(rd flows.ResourceDiscovery) {
	w, md := env.stdout, rd.Metadata
	fmt.Fprintf(w, "Protected resource metadata (RFC 9728) from %s (via %s)\n", flows.SanitizeLine(rd.URL), rd.Via)
	fmt.Fprintf(w, "  resource               %s\n", flows.SanitizeLine(md.Resource))
	for _, as := range md.AuthorizationServers {
		fmt.Fprintf(w, "  authorization_server   %s\n", flows.SanitizeLine(as))
	}
	if len(md.ScopesSupported) > 0 {
		fmt.Fprintf(w, "  scopes_supported       %s\n", flows.SanitizeLine(fmt.Sprint(md.ScopesSupported)))
	}
	for _, p := range rd.Problems {
		fmt.Fprintf(w, "  %s: %s\n", p.Severity, flows.SanitizeLine(p.Message))
	}
	fmt.Fprintf(w, "  ask for tokens with resource=%s (RFC 8707)\n", flows.SanitizeLine(md.Resource))
}

func problemsJSON(ps []flows.Problem) []map[string]string {
	out := make([]map[string]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, map[string]string{"severity": string(p.Severity), "code": p.Code, "message": p.Message})
	}
	return out
}
