package cli

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oauthlens/oauthlens/flows"
)

func (env *cliEnv) newDiscoverCmd() *cobra.Command {
	var c commonFlags
	var style, document string
	cmd := env.command(
		"discover ISSUER|URL",
		"Fetch and check the authorization server metadata",
		func(pos []string) int {
			return env.cmdDiscover(c, style, document, pos)
		},
	)
	cmd.Long = "Fetch and check the authorization server metadata: OpenID Connect discovery, RFC 8414 path " +
		"insertion and the appended form, or the .well-known URL given.\n\n" +
		"Given an API URL instead, it reads the API's protected resource metadata (RFC 9728), discovers the " +
		"authorization server it names and says which registration path a new client takes: CIMD when the " +
		"server takes client metadata documents and --client-metadata-url gives yours, else RFC 7591.\n\n" +
		"Synopsis: oauthlens discover ISSUER|URL|API_URL [--client-metadata-url URL] [--json] [-v]"
	cmd.Example = "oauthlens discover http://127.0.0.1:9400 --json"
	fs := flagsOf(cmd)
	c.register(fs, true)
	fs.StringVar(
		&style,
		"discovery",
		flows.StyleAuto,
		"which documents to try (`STYLE`): auto, openid-configuration or oauth-authorization-server",
	)
	fs.StringVar(&document, "client-metadata-url", "",
		"with an API URL: your client metadata document (`URL`, CIMD) to offer a server that takes one")
	return cmd
}

func (env *cliEnv) cmdDiscover(c commonFlags, style, document string, pos []string) int {
	if len(pos) != 1 {
		return env.fail(usagef("discover takes one issuer or .well-known URL"))
	}
	ctx, cancel := signalContext()
	defer cancel()
	d, exs, err := flows.Discover(ctx, c.httpClient(env), pos[0], style)
	env.report(c, false, exs)
	if err != nil {
		code, ok, noResource := env.discoverFromAPI(ctx, c, pos[0], style, document, exs, err)
		if ok { // an API URL (RFC 9728)
			return code
		}
		err = cmp.Or(noResource, err)
		return env.explain(err, flows.Context{Step: flows.StepDiscovery, Exchanges: exs})
	}
	if c.json {
		env.writeJSON(discoveryJSON(d))
	} else {
		env.printDiscovery(d)
	}
	for _, p := range d.Problems {
		if p.Severity == flows.SeverityError {
			fmt.Fprintln(env.stderr, "oauthlens: discovery found a problem: "+p.Message)
			printDiagnoses(env.stderr, flows.DiagnoseDiscovery(d), "  ")
			return exitFailed
		}
	}
	return exitOK
}

// discoveryJSON is the documented --json shape: url, metadata, problems.
func discoveryJSON(d flows.Discovery) map[string]any {
	problems := make([]map[string]string, 0, len(d.Problems))
	for _, p := range d.Problems {
		problems = append(
			problems,
			map[string]string{"severity": string(p.Severity), "code": p.Code, "message": p.Message},
		)
	}
	return map[string]any{"url": d.URL, "form": d.Form, "metadata": sanitizeAny(d.Metadata.Raw), "problems": problems}
}

// sanitizeAny strips control characters from every string in a JSON value.
func sanitizeAny(v any) any {
	switch x := v.(type) {
	case string:
		return flows.Sanitize(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[flows.Sanitize(k)] = sanitizeAny(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = sanitizeAny(e)
		}
		return out
	}
	return v
}

func (env *cliEnv) printDiscovery(d flows.Discovery) {
	w := env.stdout
	for _, a := range d.Attempts {
		mark := "✓"
		if a.Err != "" {
			mark = "✗"
		}
		fmt.Fprintf(w, "%s %s (%s)%s\n", mark, flows.SanitizeLine(a.URL), a.Form, attemptNote(a))
	}
	md := d.Metadata
	fmt.Fprintln(w)
	for _, row := range [][2]string{{"issuer", md.Issuer}, {"token_endpoint", md.TokenEndpoint}, {"jwks_uri", md.JWKSURI},
		{"registration_endpoint", md.RegistrationEndpoint}, {"introspection_endpoint", md.IntrospectionEndpoint},
		{"revocation_endpoint", md.RevocationEndpoint}} {
		if row[1] != "" {
			fmt.Fprintf(w, "%-24s %s\n", row[0], flows.SanitizeLine(row[1]))
		}
	}
	for _, row := range []struct {
		name string
		vals []string
	}{{"grant_types", md.GrantTypesSupported}, {"token_auth_methods", md.TokenEndpointAuthMethodsSupported}, {"scopes", md.ScopesSupported}} {
		if len(row.vals) > 0 {
			fmt.Fprintf(w, "%-24s %s\n", row.name, flows.SanitizeLine(strings.Join(row.vals, " ")))
		}
	}
	for _, p := range d.Problems {
		fmt.Fprintf(w, "\n%s: %s", strings.ToUpper(string(p.Severity)), flows.SanitizeLine(p.Message))
	}
	if len(d.Problems) > 0 {
		fmt.Fprintln(w)
	}
}

func attemptNote(a flows.Attempt) string {
	if a.Err == "" {
		return ""
	}
	return " — " + flows.SanitizeLine(a.Err)
}
