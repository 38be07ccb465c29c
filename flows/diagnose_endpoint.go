package flows

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// The steps of the token operations: introspection (RFC 7662) and
// revocation (RFC 7009). Their errors are diagnosed on their own, never as
// token endpoint errors.
const (
	StepIntrospect Step = "introspection"
	StepRevoke     Step = "revocation"
)

// endpointField is the metadata field of a step's endpoint.
var endpointField = map[Step]string{StepIntrospect: "introspection_endpoint", StepRevoke: "revocation_endpoint"}

// EndpointAuthMethods are the auth methods the metadata advertises for a
// step's endpoint (introspection_endpoint_auth_methods_supported, RFC 8414
// §2); nil when it says nothing.
func EndpointAuthMethods(md *Metadata, step Step) []string {
	if md == nil {
		return nil
	}
	list, _ := md.Raw[endpointField[step]+"_auth_methods_supported"].([]any)
	var out []string
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// diagnoseEndpointError explains an error answer of the introspection or
// revocation endpoint: the client refused (with the method the endpoint
// advertises when another was used), a token type the server does not
// handle, or the server's own words.
func diagnoseEndpointError(e *OAuthError, step Step, c Context) []Diagnosis {
	what := string(step) + " endpoint"
	used := authUsed(c)
	refs := []string{"RFC 7662 §2.3", "RFC 7009 §2.2.1", "RFC 8414 §2"}
	if step == StepRevoke {
		refs = []string{"RFC 7009 §2.2.1", "RFC 8414 §2"}
	}
	refused := e.Code == "invalid_client" || e.Code == "" &&
		(e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden)
	switch {
	case refused:
		methods := EndpointAuthMethods(c.Metadata, step)
		if used != "" && len(methods) > 0 && !slices.Contains(methods, string(used)) {
			m := AuthMethod(methods[0])
			return []Diagnosis{{Code: Code(string(step) + ".auth_method"),
				Summary: fmt.Sprintf("The %s refused the client sent with %s; it advertises only %s.", what, used,
					Sanitize(strings.Join(methods, " "))),
				Causes: []string{
					fmt.Sprintf("the %s accepts other client authentication than the token endpoint", what),
				},
				Fixes: []Fix{{Text: fmt.Sprintf("use %s for this endpoint", m), Kind: FixAuth, Value: string(m)}},
				Refs:  refs, Evidence: append(oauthEvidence(e), "sent with "+string(used),
					endpointField[step]+"_auth_methods_supported: "+Sanitize(strings.Join(methods, " ")))}}
		}
		return []Diagnosis{{Code: Code(string(step) + ".invalid_client"),
			Summary: fmt.Sprintf("The %s refused the client: the secret or the client id is wrong, "+
				"or this client may not use it.", what),
			Causes: []string{"the client secret or id is wrong (the same as for the token endpoint)",
				"the server lets only some clients (resource servers) introspect or revoke",
				"the token belongs to another client, and this server refuses it that way"},
			Fixes: []Fix{
				{
					Text: "check the credentials with oauthlens token first; then ask the provider which clients may use this endpoint",
				},
			},
			Refs: refs, Evidence: oauthEvidence(e)}}
	case e.Code == "unsupported_token_type" || c.JWT != nil && containsAny(e.Description, "token type", "jwt", "format"):
		d := Diagnosis{Code: Code(string(step) + ".unsupported_token_type"),
			Summary: fmt.Sprintf(
				"The %s does not handle this kind of token (%s).",
				what,
				descriptionOr(e, "unsupported_token_type"),
			),
			Causes: []string{
				"the server introspects or revokes only some token types (refresh tokens, or opaque tokens only)",
			},
			Fixes: []Fix{{Text: "try --hint access_token or --hint refresh_token"}},
			Refs:  refs, Evidence: oauthEvidence(e)}
		if c.JWT != nil {
			d.Causes = append(d.Causes, "the token is a JWT, and many servers introspect only opaque tokens")
			d.Fixes = append(
				d.Fixes,
				Fix{Text: "read its claims and check its signature with oauthlens decode --issuer URL"},
			)
		}
		return []Diagnosis{d}
	}
	return []Diagnosis{{Code: Code(string(step) + ".error"),
		Summary: fmt.Sprintf("The %s answered HTTP %d: %s.", what, e.StatusCode, descriptionOr(e, "no detail")),
		Causes:  []string{"see the server's description; RFC 7662 and RFC 7009 reuse RFC 6749's error codes"},
		Fixes:   []Fix{{Text: "run again with -v to see the exchange"}},
		Refs:    refs, Evidence: oauthEvidence(e)}}
}
