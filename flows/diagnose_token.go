package flows

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

const refOAuthErrors = "RFC 6749 §5.2"

// diagnoseTokenError explains an error answer of the token endpoint.
func diagnoseTokenError(e *OAuthError, c Context) []Diagnosis {
	if e.Code == "" {
		return diagnoseNoCode(e, c)
	}
	if ds := diagnoseClientAuth(e, c); ds != nil { // diagnose_clientauth.go
		return ds
	}
	if d, ok := deviceError(e, c); ok { // diagnose_grant.go
		return []Diagnosis{d}
	}
	var out []Diagnosis
	if entra, ok := entraDiagnosis(e); ok && !c.vendorMatched {
		out = append(out, entra)
	}
	code := e.Code
	if !standardCodes[code] {
		near := nearestCode(code, e.Description)
		out = append(out, nonstandardCode(e, near))
		code = near
	}
	return append(out, tokenCode(e, code, c)...)
}

// tokenCode explains a standard error code (RFC 6749 §5.2, RFC 8707 §2).
func tokenCode(e *OAuthError, code string, c Context) []Diagnosis {
	switch code {
	case "invalid_client":
		return []Diagnosis{invalidClient(e, c)}
	case "invalid_scope":
		return []Diagnosis{invalidScope(e, c)}
	case "unauthorized_client":
		return []Diagnosis{unauthorizedClient(e, c)} // diagnose_grant.go
	case "unsupported_grant_type":
		return []Diagnosis{unsupportedGrant(e, c)} // diagnose_grant.go
	case "invalid_target":
		return []Diagnosis{invalidTarget(e, c)}
	case "invalid_grant":
		if d, ok := staleClient(e, c); ok { // diagnose_recovery.go
			return []Diagnosis{d, invalidGrant(e, c)}
		}
		return []Diagnosis{invalidGrant(e, c)} // diagnose_grant.go
	}
	return []Diagnosis{invalidRequest(e, c)}
}

// authUsed is the client authentication method of the request.
func authUsed(c Context) AuthMethod {
	if c.Request == nil {
		return ""
	}
	m, _ := NormalizeAuth(c.Request.AuthMethod)
	return m
}

// tryCode is the code of the advice to switch to method.
func tryCode(method AuthMethod) Code {
	if method == AuthPost {
		return CodeTokenInvalidClientTryPost
	}
	return CodeTokenInvalidClientTryBasic
}

// otherAuth is the method that was not used.
func otherAuth(m AuthMethod) AuthMethod {
	if m == AuthPost {
		return AuthBasic
	}
	return AuthPost
}

// advertised reports whether the metadata lists method; unknown (no list)
// counts as possible.
func advertised(c Context, method AuthMethod) (listed, possible bool) {
	if c.Metadata == nil || len(c.Metadata.TokenEndpointAuthMethodsSupported) == 0 {
		return false, true
	}
	ok := slices.Contains(c.Metadata.TokenEndpointAuthMethodsSupported, string(method))
	return ok, ok
}

// invalidClient explains invalid_client. Switching the method is the
// advice only when the server's own text points at the method and the
// other method is advertised (or no list is known); otherwise the
// credentials come first, and the probes (walk.Probe, token --probe) tell
// a wrong secret from a wrong method or Basic encoding by asking the
// server rather than guessing.
func invalidClient(e *OAuthError, c Context) Diagnosis {
	used := authUsed(c)
	other := otherAuth(used)
	listed, possible := advertised(c, other)
	mentionsMethod := containsAny(e.Description, "client_secret_", "auth method", "authentication method",
		"may not use", "must authenticate", "not allowed to use basic")
	if used != "" && used != AuthNone && possible && mentionsMethod && !secretDescribed(e) {
		return switchAuth(e, c, used, other, listed)
	}
	// With no request known (a pasted answer) there is no method to switch from.
	return wrongCredentials(e, c, used, other, possible && used != "" && used != AuthNone)
}

// secretDescribed reports whether the server says the secret or id is wrong.
func secretDescribed(e *OAuthError) bool {
	return containsAny(
		e.Description,
		"secret is wrong",
		"invalid client secret",
		"wrong secret",
		"bad credentials",
		"unknown client",
		"client not found",
		"secret provided",
		"incorrect",
	)
}

func switchAuth(e *OAuthError, c Context, used, other AuthMethod, listed bool) Diagnosis {
	d := Diagnosis{Code: tryCode(other),
		Summary: fmt.Sprintf("The server rejected the client's authentication (invalid_client) sent with %s.", used),
		Causes: []string{fmt.Sprintf("the client is registered for %s, not %s", other, used),
			"the client secret is wrong, expired or rotated",
			"the client id belongs to another environment (staging vs live) or tenant"},
		Fixes: []Fix{{Text: fmt.Sprintf("switch to %s and retry", other), Kind: FixAuth, Value: string(other)},
			{Text: "check the client secret (copy it again; no trailing space or newline)"}},
		Refs:     []string{refOAuthErrors, "RFC 6749 §2.3.1", "RFC 8414 §2 (token_endpoint_auth_methods_supported)"},
		Evidence: append(oauthEvidence(e), "sent with "+string(used))}
	if listed {
		d.Evidence = append(
			d.Evidence,
			"token_endpoint_auth_methods_supported: "+Sanitize(
				strings.Join(c.Metadata.TokenEndpointAuthMethodsSupported, " "),
			),
		)
	}
	return d
}

func wrongCredentials(e *OAuthError, c Context, used, other AuthMethod, possible bool) Diagnosis {
	d := Diagnosis{Code: CodeTokenInvalidClient,
		Summary: "The server did not accept the client id and secret (invalid_client): the secret or the client id is wrong, or the client is disabled.",
		Causes: []string{"the client secret is wrong, expired or was rotated",
			"the client id is wrong, or belongs to another environment (staging vs live) or tenant",
			"the secret was copied with a trailing space or newline"},
		Fixes: []Fix{{Text: "copy the secret again from where it was issued, or create a new one"},
			{Text: "check that the client id and the token URL are from the same environment"}},
		Refs:     []string{refOAuthErrors, "RFC 6749 §2.3.1"},
		Evidence: oauthEvidence(e)}
	if used != "" {
		d.Evidence = append(d.Evidence, "sent with "+string(used))
	}
	if containsAny(
		e.Description,
		"unknown client",
		"client not found",
		"no such client",
		"does not exist",
		"not registered",
	) {
		d.Summary = "The server does not know the client id (invalid_client)."
		d.Causes[0], d.Causes[1] = d.Causes[1], d.Causes[0] // the server says the id is the problem
		d.Fixes = []Fix{
			{Text: "check the client id: the server does not know it (deleted, or from another environment or tenant)"},
			d.Fixes[1],
		}
		return d
	}
	if secretDescribed(e) { // the server said the secret is wrong: no point switching
		return d
	}
	rawDiffers := used == AuthBasic && c.Request != nil && c.Request.BasicEncoding != BasicRaw &&
		BasicEncodingsDiffer(c.Request.ClientID, c.Request.ClientSecret)
	if possible || rawDiffers {
		d.Fixes = append(d.Fixes, probeAdvice) // probe.go
	}
	if possible {
		d.Causes = append(d.Causes, fmt.Sprintf("the client is registered for %s, not %s", other, used))
		d.Fixes = append(
			d.Fixes,
			Fix{Text: fmt.Sprintf("switch to %s and retry", other), Kind: FixAuth, Value: string(other)},
		)
	}
	if rawDiffers {
		d.Causes = append(d.Causes, "the server decodes Basic credentials without form-urldecoding them "+
			"(the secret has "+specialChars(c.Request.ClientSecret)+", which RFC 6749 §2.3.1 encodes)")
		d.Fixes = append(
			d.Fixes,
			Fix{Text: "send the raw id:secret in Basic and retry", Kind: FixBasicEnc, Value: string(BasicRaw)},
		)
	}
	return d
}

// needsFormEncoding reports whether form-urlencoding changes the id or
// secret, so a server that skips the decoding step sees other values.
func needsFormEncoding(secret, id string) bool {
	return url.QueryEscape(secret) != secret || url.QueryEscape(id) != id
}

func basicEncoding(e *OAuthError, c Context) Diagnosis {
	d := Diagnosis{Code: CodeTokenInvalidClientBasicEncoding,
		Summary: "The server rejected client_secret_basic credentials whose secret has characters that RFC 6749 requires to be form-urlencoded.",
		Causes: []string{
			"the server does not form-urldecode the Basic credentials (RFC 6749 §2.3.1 says to encode id and secret before base64; many servers skip it), so it compares the encoded secret with the real one",
			"the client secret is wrong",
		},
		Fixes: []Fix{
			{
				Text:  "switch to client_secret_post and retry (the secret then travels in the form, which every server decodes)",
				Kind:  FixAuth,
				Value: string(AuthPost),
			},
			{Text: "or ask for a secret without special characters (: + / % = & space)"},
		},
		Refs: []string{"RFC 6749 §2.3.1", refOAuthErrors},
		Evidence: append(
			oauthEvidence(e),
			"sent with client_secret_basic",
			"the secret contains characters that form-urlencoding changes: "+specialChars(c.Request.ClientSecret),
		)}
	if listed, possible := advertised(c, AuthPost); !possible && !listed {
		d.Fixes = d.Fixes[1:]
	}
	return d
}

// specialChars lists the characters of s that form-urlencoding changes,
// never the secret itself.
func specialChars(s string) string {
	var out []string
	for _, r := range s {
		if q := string(r); url.QueryEscape(q) != q && !slices.Contains(out, fmt.Sprintf("%q", q)) {
			out = append(out, fmt.Sprintf("%q", q))
		}
	}
	return strings.Join(out, " ")
}

func invalidTarget(e *OAuthError, c Context) Diagnosis {
	d := Diagnosis{Code: CodeTokenInvalidTarget,
		Summary: "The server does not know the audience or resource asked for, or won't issue tokens for it (invalid_target).",
		Causes: []string{
			"the audience/resource value differs from the API's registered identifier (even a trailing slash or http/https counts)",
			"the client has no access to that API",
			"the resource is not an absolute URI (RFC 8707 §2)",
		},
		Fixes: []Fix{{Text: "copy the API identifier exactly from the provider's console (Auth0: APIs › Identifier)"},
			{Text: "grant the client access to the API"}},
		Refs:     []string{"RFC 8707 §2", refOAuthErrors},
		Evidence: append(oauthEvidence(e), targetEvidence(c)...)}
	return d
}

// targetEvidence lists the audience and resources asked for.
func targetEvidence(c Context) []string {
	if c.Request == nil {
		return nil
	}
	var out []string
	if c.Request.Audience != "" {
		out = append(out, "audience="+Sanitize(c.Request.Audience))
	}
	for _, r := range c.Request.Resource {
		out = append(out, "resource="+Sanitize(r))
	}
	return out
}

func invalidRequest(e *OAuthError, c Context) Diagnosis {
	d := Diagnosis{Code: CodeTokenInvalidRequest,
		Summary: "The server says the request is malformed (invalid_request): " + descriptionOr(
			e,
			"it gave no detail",
		) + ".",
		Causes: []string{
			"a required parameter is missing (for example audience or resource, which some providers require)",
			"a parameter is repeated, or the client sent credentials both in the header and in the body",
			"the body is not application/x-www-form-urlencoded",
		},
		Fixes:    []Fix{{Text: "read the description above; compare the request (-v) with the provider's example"}},
		Refs:     []string{refOAuthErrors, "RFC 6749 §3.2"},
		Evidence: oauthEvidence(e)}
	if containsAny(e.Description, "audience", "resource") {
		d.Causes = d.Causes[:1]
		d.Fixes = append([]Fix{{Text: "add the API identifier: --audience VALUE (or --resource URI)"}}, d.Fixes...)
	}
	return d
}

// descriptionOr returns the error description, or a default.
func descriptionOr(e *OAuthError, def string) string {
	if e.Description != "" {
		return fmt.Sprintf("%q", oneLine(e.Description))
	}
	return def
}
