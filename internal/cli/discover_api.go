package cli

import (
	"context"
	"fmt"

	"github.com/oauthlens/oauthlens/flows"
)

// discoverFromAPI treats the URL as an API's when it is no authorization
// server: it finds the API's protected resource metadata (RFC 9728: the
// resource_metadata of its challenge, else the well-known URL), prints it,
// then discovers the first of its authorization_servers. ok is false when
// the URL publishes no resource metadata either (the caller then explains
// the first failure). Only a server that answered every well-known URL is
// asked again: a timeout or a refused connection stays the answer, within
// the one time budget.
func (env *cliEnv) discoverFromAPI(ctx context.Context, c commonFlags, apiURL, style string,
	tried []flows.Exchange) (int, bool) {
	for _, ex := range tried {
		if ex.Status == 0 || ex.Err != "" || ex.Truncated {
			return 0, false
		}
	}
	hc := c.httpClient(env)
	rd, exs, err := flows.DiscoverResource(ctx, hc, apiURL)
	env.report(c, false, exs)
	if err != nil && rd.Metadata.Resource == "" {
		return 0, false
	}
	if !c.json {
		env.printResource(rd)
	}
	if err != nil {
		fmt.Fprintln(env.stderr, "oauthlens: "+flows.SanitizeLine(err.Error()))
		return exitFailed, true
	}
	as := rd.Metadata.AuthorizationServers[0]
	d, dexs, err := flows.Discover(ctx, hc, as, style)
	env.report(c, false, dexs)
	if err != nil {
		return env.explain(err, flows.Context{Step: flows.StepDiscovery, Exchanges: dexs}), true
	}
	if c.json {
		env.writeJSON(map[string]any{"resource_metadata_url": rd.URL, "via": rd.Via,
			"resource_metadata": sanitizeAny(rd.Metadata.Raw), "problems": problemsJSON(rd.Problems),
			"authorization_server": discoveryJSON(d), "registration_paths": flows.RegistrationPaths(d.Metadata),
			"registration_path": flows.RegistrationPaths(d.Metadata)[0]})
		return exitOK, true
	}
	fmt.Fprintf(env.stdout, "\nAuthorization server %s\n", flows.SanitizeLine(as))
	env.printDiscovery(d)
	env.printRegistrationPaths(d.Metadata)
	return exitOK, true
}

// printRegistrationPaths says how a client can become known to the server,
// preferred first as MCP's authorization spec orders them: CIMD, RFC 7591,
// pre-registered; the first is the path a client without an id takes.
func (env *cliEnv) printRegistrationPaths(md flows.Metadata) {
	paths := flows.RegistrationPaths(md)
	fmt.Fprintf(env.stdout, "\nClient registration paths offered, preferred first: %s\n",
		flows.SanitizeLine(fmt.Sprint(paths)))
	fmt.Fprintf(env.stdout, "  registration path used without a pre-registered client id: %s\n", paths[0])
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
