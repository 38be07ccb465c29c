package flows

import (
	"net/url"
	"strings"
)

// Diagnosis codes of invalid_grant, one per grant that was sent: RFC 6749
// §5.2 says the grant (code, refresh token, assertion…) is invalid, expired,
// revoked or was issued to another client, and what that means depends on
// which grant it was. Client credentials keeps CodeTokenInvalidGrant.
const (
	CodeInvalidGrantRefresh      Code = "token.invalid_grant.refresh_token"
	CodeInvalidGrantCode         Code = "token.invalid_grant.authorization_code"
	CodeInvalidGrantDevice       Code = "token.invalid_grant.device_code"
	CodeInvalidGrantAssertion    Code = "token.invalid_grant.assertion"
	CodeInvalidGrantSubjectToken Code = "token.invalid_grant.subject_token"
	CodeInvalidGrantUnknown      Code = "token.invalid_grant.grant_unknown"
	CodeDeviceExpired            Code = "token.device.expired_token"
	CodeDeviceDenied             Code = "token.device.access_denied"
)

// grantSent is the grant_type of the refused request: the request's own
// grant, else the grant_type its recorded form carried, else client
// credentials for a request with no grant (TokenRequest's default); ""
// when no request is known (a pasted answer).
func grantSent(c Context) GrantType {
	if c.Request != nil && c.Request.Grant != nil {
		return c.Request.Grant.Type()
	}
	for i := len(c.Exchanges) - 1; i >= 0; i-- {
		form, err := url.ParseQuery(string(c.Exchanges[i].RequestBody))
		if g := form.Get("grant_type"); err == nil && g != "" {
			return GrantType(g)
		}
	}
	if c.Request != nil {
		return GrantClientCredentials
	}
	return ""
}

// invalidGrant explains invalid_grant by the grant that was sent (RFC 6749
// §5.2), with the server's error_description as evidence.
func invalidGrant(e *OAuthError, c Context) Diagnosis {
	g := grantSent(c)
	var d Diagnosis
	switch g {
	case GrantRefreshToken:
		d = refreshInvalid(e)
	case GrantAuthorizationCode:
		d = codeInvalid(e)
	case GrantDeviceCode:
		d = deviceCodeInvalid()
	case GrantJWTBearer:
		d = assertionGrantInvalid()
	case GrantTokenExchange:
		d = subjectTokenInvalid()
	case GrantClientCredentials:
		d = clientGrantInvalid()
	default:
		d = grantUnknown(e, g)
	}
	d.Evidence = oauthEvidence(e)
	if g != "" {
		d.Evidence = append(d.Evidence, "grant_type="+SanitizeLine(string(g)))
	}
	d.Refs = append([]string{refOAuthErrors}, d.Refs...)
	return d
}

// described reports whether the server's description says any of words.
func described(e *OAuthError, words ...string) bool { return containsAny(e.Description, words...) }

// reusedWords say a one-time grant (a rotated refresh token, a code) was
// presented a second time.
var reusedWords = []string{"already used", "used before", "used twice", "redeemed", "replay"}

// unknownWords say the server does not know the grant's code or token.
var unknownWords = []string{"unknown", "not found", "does not exist", "not this client", "another client"}

// refreshInvalid explains a refused refresh token (RFC 6749 §6): expired,
// revoked, or a rotated one used again, which a server following RFC 9700
// §4.14.2 answers by revoking the whole family.
func refreshInvalid(e *OAuthError) Diagnosis {
	reused := "the refresh token was rotated: it was already used once, and a server that detects " +
		"reuse revokes every token of the grant (RFC 9700 §4.14.2)"
	expired := "the refresh token expired (an idle or absolute lifetime), or the user's session ended"
	revoked := "the refresh token was revoked: the user or an admin revoked the grant, the password " +
		"changed, or an earlier reuse revoked its family"
	other := "the refresh token belongs to another client, or another server or environment"
	d := Diagnosis{Code: CodeInvalidGrantRefresh,
		Summary: "The server refused the refresh token (invalid_grant): it is expired, revoked, " +
			"already used, or not this client's.",
		Causes: []string{reused, expired, revoked, other},
		Fixes: []Fix{{Text: "get a new authorization: run the authorization code (or device) grant again; " +
			"a refused refresh token does not come back"},
			{Text: "keep the refresh token of every refresh answer and use each one once; refresh from one " +
				"place at a time (two parallel refreshes use the same token twice)"}},
		Refs: []string{"RFC 6749 §6", "RFC 9700 §4.14.2"}}
	switch {
	case described(e, reusedWords...):
		d.Summary = "The server refused the refresh token as already used (invalid_grant): it was rotated, " +
			"and using it again revoked the grant."
	case described(e, "revoked"):
		d.Summary = "The server says the refresh token was revoked (invalid_grant)."
		d.Causes = []string{revoked, reused, expired, other}
	case described(e, "reuse", "rotated"):
		d.Summary = "The server detected the reuse of a rotated refresh token (invalid_grant)."
	case described(e, "expired", "expiry", "lifetime", "inactive", "session"):
		d.Summary = "The server says the refresh token expired (invalid_grant)."
		d.Causes = []string{expired, revoked, reused, other}
	case described(e, unknownWords...):
		d.Summary = "The server does not know the refresh token, or it is not this client's (invalid_grant)."
		d.Causes = []string{other, revoked, expired}
	}
	return d
}

// codeInvalid explains a refused authorization code (RFC 6749 §4.1.3):
// used twice, expired, a redirect_uri other than the authorization
// request's, or a PKCE code_verifier that does not match (RFC 7636 §4.6).
func codeInvalid(e *OAuthError) Diagnosis {
	used := "the code was already used: a code works once (RFC 6749 §4.1.2), and a second use may " +
		"revoke the tokens it gave"
	expired := "the code expired: codes live for minutes (RFC 6749 §4.1.2 recommends at most 10)"
	redirect := "the redirect_uri differs from the one of the authorization request (RFC 6749 §4.1.3)"
	pkce := "the code_verifier is not the one of this authorization request's code_challenge (RFC 7636 §4.6)"
	other := "the code was issued to another client, or by another server or environment"
	again := Fix{Text: "start again from the authorization request: a new code, redeemed at once and only once"}
	d := Diagnosis{Code: CodeInvalidGrantCode,
		Summary: "The server refused the authorization code (invalid_grant): it is used, expired, or does " +
			"not match the authorization request (redirect_uri, PKCE).",
		Causes: []string{used, expired, redirect, pkce, other},
		Fixes: []Fix{again,
			{Text: "send the same redirect_uri as in the authorization request, character for character"},
			{Text: "send the code_verifier made with this authorization request's code_challenge"}},
		Refs: []string{"RFC 6749 §4.1.3", "RFC 7636 §4.6"}}
	switch {
	case described(e, "code_verifier", "verifier", "pkce", "code_challenge"):
		d.Summary = "The server refused the PKCE code_verifier (invalid_grant)."
		d.Causes = []string{pkce, used, other}
		d.Fixes = []Fix{d.Fixes[2], again}
	case described(e, "redirect"):
		d.Summary = "The server refused the code: the redirect_uri is not the authorization request's " +
			"(invalid_grant)."
		d.Causes = []string{redirect, other}
		d.Fixes = []Fix{d.Fixes[1], again}
	case described(e, reusedWords...):
		d.Summary = "The server refused the authorization code as already used (invalid_grant)."
		d.Causes = []string{used, other}
		d.Fixes = []Fix{again}
	case described(e, "expired", "expiry"):
		d.Summary = "The server says the authorization code expired (invalid_grant)."
		d.Causes = []string{expired, used, other}
		d.Fixes = []Fix{again}
	case described(e, unknownWords...):
		d.Summary = "The server does not know the authorization code, or it is not this client's (invalid_grant)."
		d.Causes = []string{other, used, expired}
		d.Fixes = []Fix{again}
	}
	return d
}

// deviceCodeInvalid explains a refused device_code (RFC 8628 §3.5): it
// gave its token already, expired, or is not this client's.
func deviceCodeInvalid() Diagnosis {
	return Diagnosis{Code: CodeInvalidGrantDevice,
		Summary: "The server refused the device_code (invalid_grant): it was already used, expired, or " +
			"is not this client's.",
		Causes: []string{"the device_code was already used for a token: it gives one token only",
			"the device_code expired (expires_in of the device authorization answer)",
			"the device_code comes from another client or server"},
		Fixes: []Fix{{Text: "start a new device authorization and have the user enter the new code"}},
		Refs:  []string{"RFC 8628 §3.5"}}
}

// assertionGrantInvalid explains a refused JWT-bearer grant assertion
// (RFC 7523 §3.1); diagnoseClientAuth reads the description when the
// request is known.
func assertionGrantInvalid() Diagnosis {
	return Diagnosis{Code: CodeInvalidGrantAssertion,
		Summary: "The server refused the JWT-bearer assertion (invalid_grant).",
		Causes: []string{"the assertion's iss, sub, aud or exp is not what the server expects",
			"its signature does not verify with a key registered for this issuer"},
		Fixes: []Fix{{Text: "compare the decoded assertion with what the server wants: iss, sub, aud, exp, kid"}},
		Refs:  []string{"RFC 7523 §3.1"}}
}

// subjectTokenInvalid explains a refused token exchange (RFC 8693 §2.2.2).
func subjectTokenInvalid() Diagnosis {
	return Diagnosis{Code: CodeInvalidGrantSubjectToken,
		Summary: "The server refused the subject token (or actor token) of the token exchange (invalid_grant).",
		Causes: []string{"the subject_token expired or was revoked",
			"it comes from an issuer this server does not trust, or its aud is not this server",
			"subject_token_type does not say what the token is"},
		Fixes: []Fix{{Text: "get a fresh subject token, and check its iss and aud against what this server accepts"}},
		Refs:  []string{"RFC 8693 §2.2.2"}}
}

// clientGrantInvalid explains invalid_grant to client credentials, which
// has no grant of its own: servers that answer so mean the client.
func clientGrantInvalid() Diagnosis {
	return Diagnosis{Code: CodeTokenInvalidGrant,
		Summary: "The server answered invalid_grant, which for client credentials usually means the " +
			"credentials or the client's state.",
		Causes: []string{"the client is disabled or its secret expired (some servers use invalid_grant for this)",
			"the server expected another grant (an authorization code or a refresh token)"},
		Fixes: []Fix{{Text: "check that the client is active and its secret valid; read error_description"}},
		Refs:  []string{"RFC 6749 §4.4"}}
}

// grantUnknown explains invalid_grant when the request is not known (a
// pasted answer): the common cases of each grant, those the description
// names first.
func grantUnknown(e *OAuthError, g GrantType) Diagnosis {
	cases := []struct{ words, text string }{
		{"refresh", "a refresh token that expired, was revoked, or was already used (rotation, RFC 9700 §4.14.2)"},
		{"code", "an authorization code used twice or expired, or sent with another redirect_uri or a wrong " +
			"PKCE code_verifier"},
		{"device", "a device_code already used or expired (RFC 8628 §3.5)"},
		{"assertion jwt subject", "a JWT-bearer assertion or a token-exchange subject token the server refused"},
		{"client", "for client credentials: the client is disabled or its secret expired"},
	}
	var first, rest []string
	for _, k := range cases {
		if described(e, strings.Fields(k.words)...) {
			first = append(first, k.text)
		} else {
			rest = append(rest, k.text)
		}
	}
	what := "which grant was sent is not known (no request)"
	if g != "" {
		what = "grant_type " + SanitizeLine(string(g)) + " is not one oauthlens knows"
	}
	return Diagnosis{Code: CodeInvalidGrantUnknown,
		Summary: "The server refused the grant (invalid_grant), and " + what + ": the cause depends on it.",
		Causes:  append(first, rest...),
		Fixes: []Fix{{Text: "find the grant_type of the request that got this answer, and get a new code, " +
			"token or authorization for it; a refused grant does not come back"}}}
}

// deviceError explains the device grant's own error codes (RFC 8628
// §3.5), which are not RFC 6749's and must not be read as the nearest of
// those (access_denied is the person's answer, not a refused client);
// false for any other error or grant.
func deviceError(e *OAuthError, c Context) (Diagnosis, bool) {
	if grantSent(c) != GrantDeviceCode {
		return Diagnosis{}, false
	}
	d := Diagnosis{Refs: []string{"RFC 8628 §3.5"}, Evidence: oauthEvidence(e)}
	switch e.Code {
	case string(PollExpired):
		d.Code = CodeDeviceExpired
		d.Summary = "The device code expired before the person approved it (expired_token)."
		d.Causes = []string{"nobody entered the code and approved within its lifetime (expires_in)",
			"the person approved too late, or on another device authorization"}
		d.Fixes = []Fix{{Text: "start a new device authorization and approve it within expires_in"}}
	case string(PollDenied):
		d.Code = CodeDeviceDenied
		d.Summary = "The person denied the request on the verification page (access_denied)."
		d.Causes = []string{"the person chose to deny, or the account may not grant these scopes"}
		d.Fixes = []Fix{{Text: "start a new device authorization and approve it, with scopes the account may grant"}}
	default:
		return Diagnosis{}, false
	}
	return d, true
}
