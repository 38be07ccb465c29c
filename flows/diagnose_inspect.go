package flows

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// InspectToken reports doubtful points of a successful token answer: a
// token_type other than Bearer, no or a string expires_in, a refresh_token,
// clock skew (the Date header, iat/nbf in the future), an iss or aud that
// differs from discovery and the request, and JWKS problems (kid not found,
// signature invalid, alg not allowed) from c.Verification.
func InspectToken(t Token, c Context) []Diagnosis {
	if c.Now.IsZero() {
		c.Now = time.Now()
	}
	if c.Metadata == nil && c.Discovery != nil {
		c.Metadata = &c.Discovery.Metadata
	}
	if c.JWT == nil {
		if d, err := DecodeJWT(t.AccessToken); err == nil {
			c.JWT = &d
		}
	}
	out := dpopNotes(tokenTypeNotes(t), t, c) // diagnose_clientauth.go
	out = append(out, expiryNotes(t, c)...)
	if t.RefreshToken != "" && clientCredentials(c.Request) {
		out = append(out, refreshTokenNote()) // the grants with a user get one by design
	}
	if d, ok := clockSkew(t, c); ok {
		out = append(out, d)
	}
	out = append(out, claimNotes(c)...)
	if d, ok := scopesReduced(t, c); ok {
		out = append(out, d)
	}
	if c.Verification != nil && !c.Verification.Verified {
		out = append(out, verificationNote(*c.Verification))
	}
	return out
}

func tokenTypeNotes(t Token) []Diagnosis {
	ref := []string{"RFC 6749 §5.1", "RFC 6750 §2.1"}
	ev := []string{fmt.Sprintf("token_type=%q", Sanitize(t.TokenType))}
	switch {
	case t.TokenType == "":
		return []Diagnosis{
			{
				Code:    CodeTokenTypeMissing,
				Summary: "The answer has no token_type (RFC 6749 §5.1 requires it); oauthlens assumes Bearer.",
				Causes: []string{
					"the server omits a required field",
				},
				Fixes:    []Fix{{Text: "nothing to do unless the API rejects Bearer"}},
				Refs:     ref,
				Evidence: ev,
			},
		}
	case t.IsBearer() && t.TokenType != "Bearer":
		return []Diagnosis{
			{
				Code: CodeTokenTypeLowercase,
				Summary: fmt.Sprintf(
					"The token_type is %q; types are case-insensitive, so it is Bearer.",
					Sanitize(t.TokenType),
				),
				Causes: []string{"the server spells the type in lower case (Percolate and others do)"},
				Fixes: []Fix{
					{Text: "nothing to do: oauthlens sends \"Authorization: Bearer …\", which every API accepts"},
				},
				Refs:     ref,
				Evidence: ev,
			},
		}
	case !t.IsBearer():
		return []Diagnosis{
			{
				Code:    CodeTokenTypeNotBearer,
				Summary: fmt.Sprintf("The token_type is %q, not Bearer.", Sanitize(t.TokenType)),
				Causes: []string{
					"the server issues another kind of token (DPoP, MAC, or a proprietary type) that needs more than an Authorization header",
				},
				Fixes: []Fix{
					{
						Text: "check the API's documentation for how to present this token type; oauthlens sends \"Authorization: " + Sanitize(
							t.TokenType,
						) + " …\"",
					},
				},
				Refs:     append(ref, "RFC 9449 (DPoP)"),
				Evidence: ev,
			},
		}
	}
	return nil
}

func expiryNotes(t Token, c Context) []Diagnosis {
	var out []Diagnosis
	if !t.HasExpiresIn {
		d := Diagnosis{
			Code:     CodeTokenNoExpiresIn,
			Summary:  "The answer has no expires_in, so it does not say how long the token lasts.",
			Causes:   []string{"the server omits the recommended expires_in (RFC 6749 §5.1)"},
			Fixes:    []Fix{{Text: "re-acquire the token when the API answers 401 (oauthlens call does)"}},
			Refs:     []string{"RFC 6749 §5.1"},
			Evidence: []string{"no expires_in"},
		}
		if exp, ok := jwtExp(c); ok {
			d.Summary += " The JWT's exp says it expires " + Relative(exp, c.Now) + "."
			d.Fixes = []Fix{{Text: "use the JWT's exp (" + exp.UTC().Format(time.RFC3339) + ") as the expiry"}}
		}
		out = append(out, d)
	} else if _, isString := t.Fields["expires_in"].(string); isString {
		out = append(out, Diagnosis{Code: CodeTokenExpiresInString, Summary: "expires_in is a string, not a number; oauthlens reads it anyway.",
			Causes: []string{"the server serialises numbers as strings (Percolate does)"},
			Fixes:  []Fix{{Text: "nothing to do here; strict client libraries may fail on it and need a lenient parser"}},
			Refs:   []string{"RFC 6749 §5.1"}, Evidence: []string{fmt.Sprintf("expires_in=%q", Sanitize(stringField(t.Fields, "expires_in")))}})
	}
	if exp, ok := jwtExp(c); ok && !c.Now.Before(exp) {
		out = append(
			out,
			Diagnosis{
				Code:    CodeTokenAlreadyExpired,
				Summary: "The token was already expired when it arrived (exp " + Relative(exp, c.Now) + ").",
				Causes: []string{
					"the server's clock is behind, or it issues tokens with a wrong lifetime",
					"this machine's clock is ahead",
				},
				Fixes: []Fix{{Text: "check this machine's clock (date -u); report it to the server's operators"}},
				Refs: []string{
					"RFC 7519 §4.1.4",
				},
				Evidence: []string{"exp " + exp.UTC().Format(time.RFC3339), "now " + c.Now.UTC().Format(time.RFC3339)},
			},
		)
	}
	return out
}

func jwtExp(c Context) (time.Time, bool) {
	if c.JWT == nil {
		return time.Time{}, false
	}
	return c.JWT.Time("exp")
}

func refreshTokenNote() Diagnosis {
	return Diagnosis{
		Code:    CodeTokenRefreshToken,
		Summary: "The answer includes a refresh_token, which a client credentials answer should not (RFC 6749 §4.4.3).",
		Causes:  []string{"the server hands out refresh tokens for every grant"},
		Fixes: []Fix{
			{
				Text: "ignore it: when the token expires, ask for a new one with the client credentials (store no refresh token)",
			},
		},
		Refs:     []string{"RFC 6749 §4.4.3"},
		Evidence: []string{"refresh_token present"},
	}
}

// clockSkew compares the server's Date header and the JWT's iat/nbf with
// the local clock.
func clockSkew(t Token, c Context) (Diagnosis, bool) {
	var ev []string
	var ahead time.Duration
	if ex, ok := lastExchange(c.Exchanges, "token"); ok {
		if date, err := http.ParseTime(ex.ResponseHeader.Get("Date")); err == nil {
			local := ex.Started.Add(ex.Duration)
			if !t.ReceivedAt.IsZero() {
				local = t.ReceivedAt // the program's clock (Token.At), which may not be the wall clock
			}
			local = local.Truncate(time.Second) // Date has whole seconds
			if skew := date.Sub(local); skew > ClockLeeway || skew < -ClockLeeway {
				ahead = skew
				ev = append(
					ev,
					fmt.Sprintf(
						"server Date %s is %s the local clock",
						date.UTC().Format(time.RFC3339),
						aheadWords(skew),
					),
				)
			}
		}
	}
	if c.JWT != nil {
		for _, f := range CheckClaims(*c.JWT, "", "", c.Now) {
			if f.Code == "issued_in_future" || f.Code == "not_yet_valid" {
				claim, _ := map[string]string{"issued_in_future": "iat", "not_yet_valid": "nbf"}[f.Code]
				at, _ := c.JWT.Time(claim)
				ev = append(
					ev,
					fmt.Sprintf(
						"%s %s in the future (%s)",
						claim,
						HumanDuration(at.Sub(c.Now)),
						at.UTC().Format(time.RFC3339),
					),
				)
				ahead = max(ahead, at.Sub(c.Now))
			}
		}
	}
	if len(ev) == 0 {
		return Diagnosis{}, false
	}
	return Diagnosis{Code: CodeTokenClockSkew,
		Summary: fmt.Sprintf("The server's clock and this machine's differ by about %s.", HumanDuration(abs(ahead))),
		Causes: []string{"this machine's clock is wrong (no time synchronisation, a VM resumed from sleep)",
			"the server's clock is wrong"},
		Fixes: []Fix{
			{
				Text: "synchronise this machine's clock: timedatectl set-ntp true (Linux), or sudo sntp -sS time.apple.com (macOS)",
			},
			{
				Text: "if this clock is right, tell the server's operators; APIs reject tokens whose nbf/iat are ahead of them",
			},
		},
		Refs: []string{"RFC 7519 §4.1.5", "RFC 7519 §4.1.6", "RFC 9110 §6.6.1"}, Evidence: ev}, true
}

func aheadWords(d time.Duration) string {
	if d > 0 {
		return HumanDuration(d) + " ahead of"
	}
	return HumanDuration(-d) + " behind"
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// claimNotes compares iss with discovery and aud with the request.
func claimNotes(c Context) []Diagnosis {
	if c.JWT == nil {
		return nil
	}
	var out []Diagnosis
	iss, _ := c.JWT.Claims["iss"].(string)
	if c.Metadata != nil && c.Metadata.Issuer != "" && iss != c.Metadata.Issuer {
		out = append(out, Diagnosis{Code: CodeTokenIssMismatch,
			Summary: fmt.Sprintf(
				"The token's issuer (iss) is %q, not the issuer discovery gave (%q).",
				Sanitize(iss),
				Sanitize(c.Metadata.Issuer),
			),
			Causes: []string{
				"the server is behind a proxy and signs tokens with its internal name",
				"the token comes from another tenant or environment",
			},
			Fixes: []Fix{
				{
					Text: "APIs that check iss will refuse this token; tell the server's operators, or configure the API with the token's issuer",
				},
			},
			Refs: []string{
				"RFC 7519 §4.1.1",
				"RFC 9068 §4",
			}, Evidence: []string{"iss " + Sanitize(iss), "discovery issuer " + Sanitize(c.Metadata.Issuer)}})
	}
	if want := requestedTargets(c); len(want) > 0 &&
		!slices.ContainsFunc(want, func(w string) bool { return slices.Contains(c.JWT.Audience(), w) }) {
		out = append(out, Diagnosis{Code: CodeTokenAudMismatch,
			Summary: fmt.Sprintf(
				"The token's audience (aud) is %s, not the %s asked for.",
				orNone(c.JWT.Audience()),
				Sanitize(strings.Join(want, " ")),
			),
			Causes: []string{
				"the server ignores the audience/resource parameter (it may need another parameter name)",
				"the server maps the value to another identifier",
			},
			Fixes: []Fix{
				{
					Text: "check which parameter the provider uses: audience (Auth0, Okta), resource (RFC 8707, ADFS) or a scope like api://ID/.default (Entra)",
				},
			},
			Refs: []string{"RFC 7519 §4.1.3", "RFC 8707 §2"}, Evidence: []string{"aud " + orNone(c.JWT.Audience())}})
	}
	return out
}

func requestedTargets(c Context) []string {
	if c.Request == nil {
		return nil
	}
	var out []string
	if c.Request.Audience != "" {
		out = append(out, c.Request.Audience)
	}
	return append(out, c.Request.Resource...)
}

// DiagnoseVerification explains a signature that did not verify: kid not
// in the JWKS, alg not allowed, signature invalid. Nil when verified.
func DiagnoseVerification(v Verification) []Diagnosis {
	if v.Verified {
		return nil
	}
	return []Diagnosis{verificationNote(v)}
}

// verificationNote explains a signature that did not verify.
func verificationNote(v Verification) Diagnosis {
	ev := []string{"kid " + orNone([]string{v.KID}), "alg " + orNone([]string{v.Alg})}
	switch {
	case v.Crit: // before the kid: no key was looked up
		return critNote(v, ev)
	case v.KID != "" && !v.KeyFound:
		if _, keys, ok := strings.Cut(v.Err, "(keys: "); ok {
			ev = append(ev, "the JWKS has "+strings.TrimSuffix(strings.SplitN(keys, ")", 2)[0], ")"))
		}
		return Diagnosis{
			Code: CodeJWTKidNotFound,
			Summary: fmt.Sprintf(
				"The token's key id %q is not in the server's JWKS, so its signature can't be checked.",
				v.KID,
			),
			Causes: []string{
				"the server rotated its signing keys and the JWKS fetched (or cached) is older or newer than the token",
				"the token was issued by another server or environment than the JWKS belongs to",
			},
			Fixes: []Fix{{Text: "fetch the JWKS again and re-check", Kind: FixRefetchJWKS},
				{
					Text: "get a new token: after a rotation it is signed with a current key (if a new token names the same missing kid, the server signs with a key it does not publish)",
					Kind: FixReacquire,
				},
				{Text: "compare the token's iss with the issuer whose jwks_uri was used"}},
			Refs:     []string{"RFC 7517 §4.5", "RFC 7515 §4.1.4", "OpenID Connect Core 1.0 §10.1.1"},
			Evidence: ev,
		}
	case strings.Contains(v.Err, "algorithm") || strings.Contains(v.Err, "alg"):
		return Diagnosis{
			Code: CodeJWTAlgNotAllowed,
			Summary: fmt.Sprintf(
				"The token's algorithm %s is not allowed for the key it names, so oauthlens refuses to verify it.",
				orNone([]string{v.Alg}),
			),
			Causes: []string{
				"the token was forged or altered (an algorithm-confusion attempt: none, or HS256 with a public key)",
				"the server signs with an algorithm its JWKS does not declare",
			},
			Fixes: []Fix{{Text: "do not trust this token; get a new one from the token endpoint", Kind: FixReacquire},
				{Text: "if it came straight from the server, report the alg/key mismatch to its operators"}},
			Refs:     []string{"RFC 8725 §3.1", "RFC 7518 §3.1"},
			Evidence: ev,
		}
	case strings.Contains(v.Err, "signature invalid"):
		return Diagnosis{
			Code:    CodeJWTSignatureInvalid,
			Summary: "The token's signature does not match the key in the JWKS.",
			Causes: []string{"the token was changed after signing (copied incompletely, edited)",
				"the JWKS has a different key under the same kid (a misconfigured rotation or another environment)"},
			Fixes: []Fix{{Text: "get a new token and verify it as received", Kind: FixReacquire},
				{Text: "check that the JWKS URL belongs to the issuer in the token's iss"}},
			Refs:     []string{"RFC 7515 §5.2"},
			Evidence: ev,
		}
	}
	ev = append(ev, oneLine(v.Err))
	return Diagnosis{
		Code:    CodeJWTUnverified,
		Summary: "The token's signature could not be verified: " + oneLine(v.Err) + ".",
		Causes: []string{
			"the JWKS is unreachable or unusable",
		},
		Fixes:    []Fix{{Text: "check the jwks_uri of the metadata"}},
		Refs:     []string{"RFC 7517 §5"},
		Evidence: ev,
	}
}

// scopesReduced notes that fewer scopes were granted than asked for. The
// answer's scope wins; when it omits scope (RFC 6749 §5.1: then it is as
// asked) the JWT's scope or scp claim is used; with neither, nothing is
// said.
func scopesReduced(t Token, c Context) (Diagnosis, bool) {
	asked := askedScopes(c)
	granted, source := t.GrantedScopes(), "the token answer's scope"
	if len(granted) == 0 && c.JWT != nil {
		granted, source = c.JWT.Scopes(), "the JWT's scope claim"
	}
	if len(asked) == 0 || len(granted) == 0 {
		return Diagnosis{}, false
	}
	missing := without(asked, granted)
	if len(missing) == 0 {
		return Diagnosis{}, false
	}
	return Diagnosis{Code: "token.scope_reduced",
		Summary: fmt.Sprintf(
			"Fewer scopes were granted than asked for: %s not granted.",
			Sanitize(strings.Join(missing, " ")),
		),
		Causes: []string{
			"the client is not allowed those scopes; the server granted the rest instead of refusing (RFC 6749 §3.3)",
			"a policy of the server grants only some scopes to this client",
		},
		Fixes: []Fix{{Text: "ask the provider's administrator to grant the missing scopes to this client, " +
			"or expect the API to refuse what needs them"}},
		Refs: []string{"RFC 6749 §3.3", "RFC 6749 §5.1"},
		Evidence: []string{"asked: " + Sanitize(strings.Join(asked, " ")), "granted (" + source + "): " +
			Sanitize(strings.Join(granted, " "))}}, true
}
