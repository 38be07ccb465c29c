package cli

import (
	"context"
	"fmt"

	"github.com/oauthlens/oauthlens/flows"
)

// explainEndpoint prints an introspection or revocation failure and its
// diagnosis (issue 12, item 7: the method the endpoint advertises, a
// refused client, a token type it does not handle).
func (env *cliEnv) explainEndpoint(err error, step flows.Step, s tokenSetup, md *flows.Metadata, tok string) int {
	c := flows.Context{Step: step, Request: &s.Token, Metadata: md, Vendor: s.Vendor}
	if d, jerr := flows.DecodeJWT(tok); jerr == nil {
		c.JWT = &d
	}
	return env.explain(err, c)
}

// confirmRevoked reports a revocation the server answered 200. RFC 7009
// §2.2 has servers answer 200 also for tokens they ignore (another
// client's, an unknown one), so the answer alone proves nothing: when the
// server offers introspection, it is asked whether the token is still
// active; otherwise the revocation is reported as unconfirmed.
func (env *cliEnv) confirmRevoked(
	ctx context.Context,
	e *endpointCmd,
	s tokenSetup,
	tok string,
	rev flows.Exchange,
) int {
	var introspectURL string
	if e.md != nil {
		introspectURL, _ = e.md.Raw["introspection_endpoint"].(string)
	}
	if introspectURL == "" {
		if e.common.json {
			return env.writeJSON(map[string]any{"revoked": true, "status": rev.Status, "confirmed": false})
		}
		fmt.Fprintf(env.stdout, "Revocation accepted (HTTP %d), unconfirmed: RFC 7009 §2.2 servers answer 200 also "+
			"for tokens they ignore (another client's, an unknown one), and this server offers no introspection to check.\n",
			rev.Status)
		return exitOK
	}
	env.warnDestination(s, "introspection_endpoint", introspectURL, nil)
	in, ex, err := flows.Introspect(ctx, e.common.httpClient(env), introspectURL, s.client(), tok, e.hint)
	env.report(e.common, false, []flows.Exchange{ex})
	switch {
	case err != nil:
		if e.common.json {
			return env.writeJSON(map[string]any{"revoked": true, "status": rev.Status, "confirmed": false})
		}
		fmt.Fprintf(env.stdout, "Revocation accepted (HTTP %d), unconfirmed: introspection to check it failed (%s).\n",
			rev.Status, flows.SanitizeLine(err.Error()))
		return exitOK
	case in.Active:
		if e.common.json {
			env.writeJSON(map[string]any{"revoked": false, "status": rev.Status, "confirmed": true, "active": true})
		} else {
			fmt.Fprintf(env.stdout, "Not revoked: the server answered HTTP %d, but introspection says the token is still "+
				"active. RFC 7009 §2.2 lets a server answer 200 for a token it ignores: one issued to another client, "+
				"or a kind it does not revoke.\n", rev.Status)
		}
		return exitFailed
	}
	if e.common.json {
		return env.writeJSON(map[string]any{"revoked": true, "status": rev.Status, "confirmed": true, "active": false})
	}
	fmt.Fprintf(env.stdout, "Revoked (HTTP %d); introspection confirms the token is no longer active.\n", rev.Status)
	return exitOK
}
