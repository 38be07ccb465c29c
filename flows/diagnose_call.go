package flows

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

const refBearer = "RFC 6750 §3.1"

// diagnoseCall explains an error answer of the protected API.
func diagnoseCall(e *OAuthError, c Context) []Diagnosis {
	ch, hasBearer := BearerChallenge(ParseWWWAuthenticate(e.Header.Values("WWW-Authenticate")))
	var d Diagnosis
	switch {
	case e.Code == "insufficient_scope":
		d = insufficientScope(e, ch, c)
	case e.Code == "invalid_token":
		d = invalidToken(e, c)
	case e.StatusCode == http.StatusUnauthorized && len(e.Header.Values("WWW-Authenticate")) == 0:
		d = noChallenge(e, c)
	case e.StatusCode == http.StatusUnauthorized && hasBearer && (containsAny(string(e.Body), "expired") ||
		expiredNow(c)):
		// the reason is in the body only (or the token's exp says it), not in the challenge
		exp, known := tokenExpiry(c)
		d = tokenExpired(e, c, exp, known)
	case e.StatusCode == http.StatusUnauthorized && hasBearer:
		d = tokenNotSeen(e, c)
	case e.StatusCode == http.StatusUnauthorized:
		d = otherScheme(e)
	case e.StatusCode == http.StatusForbidden:
		d = forbidden(e)
		if apiKeySent(c) {
			d.Causes = append([]string{"the X-Api-Key belongs to another app (or environment) than the client " +
				"the token is for: APIs that take both often check that they match"}, d.Causes...)
			d.Fixes = append(
				[]Fix{{Text: "use the API key issued together with this client id (same app, same environment)"}},
				d.Fixes...)
		}
	default:
		d = callStatus(e)
	}
	out := []Diagnosis{d}
	if w := callEnvironment(e, c); w != nil {
		out = append([]Diagnosis{*w}, out...)
	}
	if u := userinfoCall(e, c); u != nil {
		out = append([]Diagnosis{*u}, out...)
	}
	return append(out, afterRefusal(e, c)...) // diagnose_recovery.go
}

// retried reports whether the exchanges show a token re-acquired and the
// call repeated.
func retried(c Context) bool {
	return slices.ContainsFunc(c.Exchanges, func(ex Exchange) bool { return ex.Label == "call (retry)" })
}

func insufficientScope(e *OAuthError, ch Challenge, c Context) Diagnosis {
	need := strings.Fields(ch.Params["scope"])
	have := tokenScopes(c)
	d := Diagnosis{Code: CodeCallInsufficientScope,
		Summary: "The API accepted the token but it lacks a scope the API needs (insufficient_scope).",
		Causes: []string{"the token was asked for without that scope",
			"the client is not granted that scope, so the server left it out of the token"},
		Refs:     []string{refBearer, "RFC 6749 §3.3"},
		Evidence: append(oauthEvidence(e), "token scopes: "+orNone(have))}
	if len(need) > 0 && !stepUp(&d, need, c) { // step-up: diagnose_recovery.go
		d.Summary = fmt.Sprintf(
			"The API needs scope %s, which the token does not have (insufficient_scope).",
			Sanitize(strings.Join(need, " ")),
		)
		want := union(askedOrGranted(c, have), need)
		d.Fixes = append(
			d.Fixes,
			Fix{
				Text:  "ask for " + Sanitize(strings.Join(want, " ")) + " and retry",
				Kind:  FixScope,
				Value: strings.Join(want, " "),
			},
		)
	}
	d.Fixes = append(
		d.Fixes,
		Fix{Text: "if the server will not grant it, ask its administrator to add the scope to this client"},
	)
	return d
}

// tokenScopes are the scopes of the token: the JWT's, else the answer's.
func tokenScopes(c Context) []string {
	if c.JWT != nil {
		if s := c.JWT.Scopes(); len(s) > 0 {
			return s
		}
	}
	if c.Token != nil {
		return c.Token.GrantedScopes()
	}
	return nil
}

func askedOrGranted(c Context, have []string) []string {
	if a := askedScopes(c); len(a) > 0 {
		return a
	}
	return have
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func invalidToken(e *OAuthError, c Context) Diagnosis {
	exp, known := tokenExpiry(c)
	switch {
	case containsAny(e.Description, "expired"):
		return tokenExpired(e, c, exp, known)
	case containsAny(e.Description, "audience", " aud"):
		return wrongAudience(e, c)
	case known && !c.Now.Before(exp):
		return tokenExpired(e, c, exp, known)
	}
	d := Diagnosis{Code: CodeCallInvalidToken,
		Summary: "The API refused the token (invalid_token): " + descriptionOr(e, "it gave no reason") + ".",
		Causes: []string{"the token was issued by another server or environment than the one the API trusts",
			"the token was revoked, or the API could not verify its signature (a key rotation the API has not picked up)",
			"the token is for another API"},
		Fixes: []Fix{{Text: "get a new token and retry", Kind: FixReacquire},
			{
				Text: "decode the token (oauthlens decode --issuer ISSUER) and compare iss, aud and kid with what the API expects",
			}},
		Refs: []string{refBearer}, Evidence: oauthEvidence(e)}
	if containsAny(e.Description, "kid", "signature", "key") {
		d.Code = CodeCallInvalidTokenSignature
		d.Causes = []string{d.Causes[1], d.Causes[0]}
	}
	return d
}

// expiredNow reports whether the token's exp (or expires_in) has passed.
func expiredNow(c Context) bool {
	exp, known := tokenExpiry(c)
	return known && !c.Now.Before(exp)
}

// tokenExpiry is the token's exp, else its expires_in deadline.
func tokenExpiry(c Context) (time.Time, bool) {
	if c.JWT != nil {
		if t, ok := c.JWT.Time("exp"); ok {
			return t, true
		}
	}
	if c.Token != nil && !c.Token.ExpiresAt.IsZero() {
		return c.Token.ExpiresAt, true
	}
	return time.Time{}, false
}

func tokenExpired(e *OAuthError, c Context, exp time.Time, known bool) Diagnosis {
	d := Diagnosis{Code: CodeCallTokenExpired,
		Summary: "The API refused the token because it has expired.",
		Causes: []string{"the token was used after its lifetime (expires_in) ran out",
			"the server issued a token that was already expired, or the clocks of the server and the API differ"},
		Fixes: []Fix{{Text: "get a new token and retry", Kind: FixReacquire},
			{Text: "renew tokens shortly before expires_in runs out instead of on failure"}},
		Refs: []string{refBearer, "RFC 7519 §4.1.4"}, Evidence: oauthEvidence(e)}
	switch {
	case known && c.Now.Before(exp):
		d.Summary = fmt.Sprintf(
			"The API says the token expired, but by this machine's clock it is valid until %s (%s).",
			exp.UTC().Format(time.RFC3339),
			Relative(exp, c.Now),
		)
		d.Causes = []string{"the API's clock and this machine's (or the server's) differ", d.Causes[0]}
		d.Evidence = append(d.Evidence, "exp "+exp.UTC().Format(time.RFC3339)+", "+Relative(exp, c.Now))
	case known:
		d.Summary = fmt.Sprintf(
			"The API refused the token because it expired %s (at %s).",
			Relative(exp, c.Now),
			exp.UTC().Format(time.RFC3339),
		)
		d.Evidence = append(d.Evidence, "exp "+exp.UTC().Format(time.RFC3339)+", "+Relative(exp, c.Now))
	}
	return d
}

// quotedRe finds '…' or "…" values in a description.
var quotedRe = regexp.MustCompile(`['"]([^'"]+)['"]`)

func wrongAudience(e *OAuthError, c Context) Diagnosis {
	var have []string
	if c.JWT != nil {
		have = c.JWT.Audience()
	}
	d := Diagnosis{Code: CodeCallWrongAudience,
		Summary: "The API refused the token because it was issued for another audience.",
		Causes: []string{
			"the token request did not name this API (audience or resource), so the server used a default audience",
			"the audience names another API or environment",
		},
		Fixes: []Fix{
			{Text: "ask for a token for this API with --audience (or --resource) set to the API's identifier"},
		},
		Refs: []string{
			"RFC 7519 §4.1.3",
			"RFC 8707 §2",
			refBearer,
		}, Evidence: append(oauthEvidence(e), "token aud: "+orNone(have))}
	for _, m := range quotedRe.FindAllStringSubmatch(e.Description, -1) {
		if v := strings.TrimSpace(m[1]); !slices.Contains(have, v) && !strings.Contains(v, " ") &&
			strings.Contains(v, ":") {
			d.Fixes = []Fix{
				{
					Text:  "ask for a token for audience " + shellQuote(Sanitize(v)),
					Kind:  FixAudience,
					Value: Sanitize(v),
				},
			}
		}
	}
	return d
}

func noChallenge(e *OAuthError, c Context) Diagnosis {
	return Diagnosis{Code: CodeCallNoChallenge,
		Summary: "The API answered 401 without a WWW-Authenticate header: it does not say it wants a bearer token, so something other than the token is missing.",
		Causes: []string{
			"the API also needs another credential, such as an API key header (X-Api-Key, Ocp-Apim-Subscription-Key)",
			"a gateway in front of the API refused the request before the token was looked at",
			"the API expects another scheme than the token_type sent",
		},
		Fixes: []Fix{
			{
				Text: "add the header the API's documentation names: -H \"X-Api-Key: env:API_KEY\" (or api_headers in the profile)",
			},
			{Text: "compare the request (-v) with a working example from the API's documentation"},
		},
		Refs:     []string{"RFC 9110 §11.6.1", "RFC 6750 §3"},
		Evidence: append(oauthEvidence(e), "no WWW-Authenticate header", "request headers sent: "+sentHeaderNames(c))}
}

// sentHeaderNames lists the header names of the last API request.
func sentHeaderNames(c Context) string {
	for i := len(c.Exchanges) - 1; i >= 0; i-- {
		if strings.HasPrefix(c.Exchanges[i].Label, "call") {
			var names []string
			for _, f := range c.Exchanges[i].RequestHeader {
				names = append(names, f.Name)
			}
			return strings.Join(names, ", ")
		}
	}
	return "(unknown)"
}

func tokenNotSeen(e *OAuthError, c Context) Diagnosis {
	return Diagnosis{Code: CodeCallNoToken,
		Summary: "The API asks for a bearer token, as if none had been sent.",
		Causes: []string{"the Authorization header did not reach the API (a proxy or redirect dropped it)",
			"the token type is not Bearer, so the API did not recognise the header"},
		Fixes: []Fix{{Text: "run with -v and check the Authorization header of the request"}},
		Refs:  []string{"RFC 6750 §2.1", refBearer}, Evidence: oauthEvidence(e)}
}

func otherScheme(e *OAuthError) Diagnosis {
	var schemes []string
	for _, ch := range ParseWWWAuthenticate(e.Header.Values("WWW-Authenticate")) {
		schemes = append(schemes, ch.Scheme)
	}
	list := SanitizeLine(strings.Join(schemes, ", ")) // server text, shown on one line
	return Diagnosis{Code: CodeCallOtherScheme,
		Summary: fmt.Sprintf("The API asks for %s authentication, not a bearer token.", list),
		Causes: []string{
			"the API (or a gateway in front of it) expects another credential, such as an API key or Basic credentials, instead of or besides the token",
			"the URL is not the API that accepts these tokens",
		},
		Fixes: []Fix{
			{
				Text: "read the API's documentation for the " + list + " credential and add it (for an API key: -H \"X-Api-Key: env:API_KEY\")",
			},
		},
		Refs: []string{"RFC 9110 §11.6.1"}, Evidence: oauthEvidence(e)}
}

func forbidden(e *OAuthError) Diagnosis {
	return Diagnosis{Code: CodeCallForbidden,
		Summary: "The API accepted who the client is but refuses it this resource (HTTP 403).",
		Causes: []string{
			"the client lacks a permission or role the API checks (an app role, a subscription, an allow-list)",
			"the token lacks a scope and the API does not say which",
		},
		Fixes: []Fix{{Text: "decode the token and compare its scopes/roles with the API's documentation"},
			{Text: "ask the API's administrator to grant the client access"}},
		Refs: []string{"RFC 9110 §15.5.4", refBearer}, Evidence: oauthEvidence(e)}
}

func callStatus(e *OAuthError) Diagnosis {
	d := Diagnosis{Code: CodeFor(StepCall, fmt.Sprintf("http_%d", e.StatusCode)),
		Summary: fmt.Sprintf("The API answered HTTP %d.", e.StatusCode),
		Causes:  []string{"the request itself (URL, method or body) is not what the API expects"},
		Fixes:   []Fix{{Text: "check the URL and method against the API's documentation"}},
		Refs:    []string{"RFC 9110 §15"}, Evidence: oauthEvidence(e)}
	if e.StatusCode == http.StatusNotFound {
		d.Causes = []string{"the path or the API base URL is wrong (a missing version or tenant segment)"}
	}
	return d
}

func refusedAfterReacquire(e *OAuthError) Diagnosis {
	if strings.Contains(strings.ToLower(e.Description), "expir") {
		return Diagnosis{Code: CodeCallRefusedAfterReacquire,
			Summary: fmt.Sprintf(
				"A new token was fetched and the API still answered HTTP %d saying it expired: fresh tokens arrive already expired.",
				e.StatusCode,
			),
			Causes: []string{
				"the authorization server mints tokens with an exp in the past (its clock is behind, or a misconfigured lifetime)",
				"the API's clock is far ahead of the authorization server's",
			},
			Fixes: []Fix{
				{
					Text: "compare the token's iat/exp with the current time (oauthlens decode) and tell the server's operators which clock is off",
				},
			},
			Refs: []string{
				refBearer,
				"RFC 7519 §4.1.4",
			}, Evidence: append(oauthEvidence(e), "exchanges: call → token → call (retry)")}
	}
	if d := strings.ToLower(e.Description); strings.Contains(d, "kid") || strings.Contains(d, "signature") ||
		strings.Contains(d, "unverifiable") {
		return Diagnosis{Code: CodeCallRefusedAfterReacquire,
			Summary: fmt.Sprintf(
				"A new token was fetched and the API still could not verify it (HTTP %d): the server signs with a key the API does not know.",
				e.StatusCode,
			),
			Causes: []string{
				"the authorization server signs with a key it does not publish in its JWKS (a rotation done halfway)",
				"the API trusts another authorization server or environment than the one issuing the tokens",
			},
			Fixes: []Fix{
				{
					Text: "compare the token's kid (oauthlens decode) with the keys in the JWKS, and tell the server's operators",
				},
			},
			Refs: []string{
				refBearer,
				"RFC 7517 §4.5",
			}, Evidence: append(oauthEvidence(e), "exchanges: call → token → call (retry)")}
	}
	return Diagnosis{Code: CodeCallRefusedAfterReacquire,
		Summary: fmt.Sprintf(
			"A new token was fetched and the API still answered HTTP %d: the token's age is not the problem.",
			e.StatusCode,
		),
		Causes: []string{"the token lacks something a new one won't have either: a scope, an audience, a role",
			"the API needs something besides the token (an API key header, an allow-listed IP)",
			"the API trusts another authorization server or environment"},
		Fixes: []Fix{{Text: "fix the cause above before retrying; re-acquiring again will not help"}},
		Refs:  []string{refBearer}, Evidence: []string{"exchanges: call → token → call (retry)"}}
}

// userinfoCall explains a refused call to the OpenID Connect userinfo
// endpoint: it needs a token issued for a user (OIDC Core §5.3), which the
// client credentials grant never gives. nil when the call was elsewhere.
func userinfoCall(e *OAuthError, c Context) *Diagnosis {
	if e.StatusCode != http.StatusUnauthorized && e.StatusCode != http.StatusForbidden {
		return nil
	}
	ui := ""
	if c.Metadata != nil {
		ui, _ = c.Metadata.Raw["userinfo_endpoint"].(string)
	}
	u := strings.TrimSuffix(strings.SplitN(e.URL, "?", 2)[0], "/")
	if u == "" ||
		!(ui != "" && u == strings.TrimSuffix(ui, "/") || strings.HasSuffix(strings.ToLower(u), "/userinfo")) {
		return nil
	}
	return &Diagnosis{Code: "call.userinfo_needs_user",
		Summary: "The API is the userinfo endpoint, which answers only tokens issued for a user.",
		Causes: []string{"a client credentials token has no user (no sub of a person, no openid scope): " +
			"userinfo refuses it by design"},
		Fixes: []Fix{{Text: "test the token against the API it is for, not userinfo (set the profile's test_request)"},
			{Text: "for userinfo, sign a user in (authorization code flow); oauthlens does not do that"}},
		Refs:     []string{"OpenID Connect Core 1.0 §5.3", "RFC 6749 §4.4"},
		Evidence: append(oauthEvidence(e), "URL: "+Sanitize(e.URL))}
}
