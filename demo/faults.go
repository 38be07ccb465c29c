package demo

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Fault is the name of a fault switch: a failure the demo server
// reproduces on purpose, for training and for tests.
type Fault string

// The fault switches. See Faults for what each one does.
const (
	FaultWrongSecret        Fault = "wrong-secret"
	FaultBasicOnly          Fault = "basic-only"
	FaultPostOnly           Fault = "post-only"
	FaultUnknownScope       Fault = "unknown-scope"
	FaultUnauthorizedClient Fault = "unauthorized-client"
	FaultExpiredToken       Fault = "expired-token"
	FaultClockSkew          Fault = "clock-skew"
	FaultWrongAudience      Fault = "wrong-audience"
	FaultAPI401First        Fault = "api-401-first"
	FaultAPINeedsKey        Fault = "api-needs-key"
	FaultRateLimit          Fault = "rate-limit"
	FaultSlow               Fault = "slow"
	FaultHTMLError          Fault = "html-error"
	FaultInvalidJSON        Fault = "invalid-json"
	FaultRotatedKey         Fault = "rotated-key"
	FaultNonstandardError   Fault = "nonstandard-error"
	FaultStringExpiresIn    Fault = "string-expires-in"
	FaultLowercaseBearer    Fault = "lowercase-bearer"
	FaultRefreshToken       Fault = "refresh-token"
	FaultDiscovery404       Fault = "discovery-404"
	FaultDiscoveryHTML      Fault = "discovery-html"
	FaultIssuerMismatch     Fault = "issuer-mismatch"
	FaultNoTokenEndpoint    Fault = "no-token-endpoint"
	FaultBare401            Fault = "bare-401"
	FaultTextError          Fault = "text-error"
	FaultServerError        Fault = "server-error"
	FaultEntraError         Fault = "entra-error"
)

// APIKey is the key GET /api/me wants in X-Api-Key under FaultAPINeedsKey.
const APIKey = "demo-api-key"

// Fault parameters, stated in the descriptions.
const (
	skewAhead    = 10 * time.Minute
	slowDelay    = 3 * time.Second
	retryAfterS  = 5
	unknownScope = "api:write"
	wrongAud     = "https://other-api.example.com"
	proxyIssuer  = "https://auth.internal.example:8443"
)

// FaultInfo names a fault and says in one line what it does.
type FaultInfo struct {
	Name        Fault
	Description string
}

// Faults lists every fault switch, in the order `oauthlens demo --faults`
// prints them.
var Faults = []FaultInfo{
	{FaultWrongSecret, "the token endpoint rejects every client secret (401 invalid_client)"},
	{FaultBasicOnly, "only client_secret_basic is accepted and advertised; post gets 401 invalid_client"},
	{FaultPostOnly, "only client_secret_post is accepted and advertised; basic gets 401 invalid_client"},
	{FaultUnknownScope, "scopes_supported lacks " + unknownScope + "; asking for it gives 400 invalid_scope"},
	{FaultUnauthorizedClient, "the client may not use the client credentials grant (400 unauthorized_client)"},
	{FaultExpiredToken, "issued access tokens are already expired (exp an hour ago)"},
	{FaultClockSkew, "the server's clock is 10 minutes ahead: iat/nbf in the future, Date header shifted"},
	{
		FaultWrongAudience,
		"a token asked for without audience/resource gets aud " + wrongAud + ", so the API refuses it (401 invalid_token)",
	},
	{
		FaultAPI401First,
		"the first API call with each new token answers 401 invalid_token; the retry with a fresh token works",
	},
	{FaultAPINeedsKey, "the API also needs X-Api-Key: " + APIKey + "; without it a bare 401, no WWW-Authenticate"},
	{FaultRateLimit, "the token endpoint answers 429 with Retry-After: 5"},
	{FaultSlow, "the token endpoint answers after 3 seconds"},
	{FaultHTMLError, "the token endpoint answers 500 with an HTML error page (a proxy's)"},
	{FaultInvalidJSON, "the token endpoint answers 200 with broken JSON"},
	{FaultRotatedKey, "tokens are signed with a key whose kid is not in the JWKS (a key rotation)"},
	{FaultNonstandardError, "the token endpoint answers 401 with the non-standard error invalid_credentials"},
	{FaultStringExpiresIn, "expires_in is a string (\"3600\"), as Percolate sends it"},
	{FaultLowercaseBearer, "token_type is lowercase \"bearer\", as Percolate sends it"},
	{FaultRefreshToken, "the token answer includes a refresh_token (RFC 6749 §4.4.3 says it should not)"},
	{FaultDiscovery404, "every well-known metadata URL answers 404"},
	{FaultDiscoveryHTML, "the metadata URLs answer 200 with an HTML login page"},
	{FaultIssuerMismatch, "the metadata's issuer is " + proxyIssuer + ", not the server's URL"},
	{FaultNoTokenEndpoint, "the metadata has no token_endpoint"},
	{FaultBare401, "the token endpoint answers 401 with an empty body and no WWW-Authenticate"},
	{FaultTextError, "the token endpoint answers 401 with a text/plain message instead of JSON"},
	{FaultServerError, "the token endpoint answers 503 (server_error)"},
	{FaultEntraError, "the token endpoint answers like Microsoft Entra ID: invalid_client with AADSTS7000215"},
	{FaultEchoRequest, "every error answer echoes the whole request (method, URI, headers and body) as JSON"},
	{FaultIssuerMixup, "the metadata's issuer is " + mixupIssuer + ", another server's (a mix-up, RFC 9207)"},
	{FaultEscapeToken, "the access_token contains escape sequences (OSC 52, clear screen, RIS, C1 CSI, U+202E)"},
	{FaultCRLFFields, "error codes, descriptions and the token's note claim hold CR/LF, a forged line and escapes"},
	{FaultCritHeader, "issued tokens mark an extension nobody implements critical (crit, RFC 7515 §4.1.11)"},
	{FaultSlowBody, "every answer sends its headers at once, then its body one byte every 250 ms"},

	// The behaviours of real servers that diagnosis must read right (faults_diag.go).
	{FaultOktaErrors, "the token endpoint answers like Okta: asking for " + unknownScope +
		" gives 400 access_denied \"Policy evaluation failed…\"; the API answers errorCode E0000011 bodies"},
	{FaultBare403NoScope, "a token request without a scope gets 403 with an empty body"},
	{FaultScopeRequired, "a token request without a scope gets 400 invalid_scope \"scope is required\""},
	{FaultTrailingSlash301, "the token endpoint is /token/ (as the metadata says); POST /token answers 301 to it"},
	{FaultExpiryInBody, "issued tokens are already expired; the API answers them with 401, " +
		"a WWW-Authenticate without an error code " +
		"and the body \"Token has expired.\""},
	{FaultRevokeIgnored, "the revocation endpoint answers 200 and revokes nothing (RFC 7009 " +
		"§2.2 allows 200 for tokens it ignores)"},
	{FaultIntrospectBasicOnly, "the introspection endpoint advertises and accepts client_secret_basic " +
		"only; post gets 401 invalid_client"},
	{FaultBasicRawOnly, "only client_secret_basic is advertised and it is read without form-urldecoding " +
		"(raw id:secret); client " + RawClientID + " has the secret " + RawClientSecret},
}

// faultState holds the switches and the state some faults need. It is safe
// for concurrent use.
type faultState struct {
	mu      sync.Mutex
	on      map[Fault]bool
	rotated *signingKey     // FaultRotatedKey: made on first use
	pending bool            // FaultAPI401First: a token was refused, the next one is good
	good    map[string]bool // FaultAPI401First: tokens issued after a refusal
	used    map[string]bool // FaultAPI401First: tokens seen by the API
}

func newFaultState() *faultState {
	return &faultState{on: map[Fault]bool{}, good: map[string]bool{}, used: map[string]bool{}}
}

// known reports whether name is a fault switch.
func known(name string) bool {
	return slices.ContainsFunc(Faults, func(f FaultInfo) bool { return string(f.Name) == name })
}

// ParseFaults splits "a,b" lists (several may be given) and checks every
// name.
func ParseFaults(lists ...string) ([]string, error) {
	var out, bad []string
	for _, l := range lists {
		for _, n := range strings.Split(l, ",") {
			if n = strings.TrimSpace(n); n == "" {
				continue
			} else if !known(n) {
				bad = append(bad, n)
			} else if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("unknown fault %s (see oauthlens demo --faults)", strings.Join(bad, ", "))
	}
	return out, nil
}

// SetFaults replaces the active faults. An unknown name is an error and
// changes nothing. It may be called while the server runs.
func (s *Server) SetFaults(names ...string) error {
	names, err := ParseFaults(names...)
	if err != nil {
		return err
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	clear(s.faults.on)
	for _, n := range names {
		s.faults.on[Fault(n)] = true
	}
	return nil
}

// Faults returns the active faults, sorted.
func (s *Server) Faults() []string {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	var out []string
	for f := range s.faults.on {
		out = append(out, string(f))
	}
	sort.Strings(out)
	return out
}

// ToggleFault switches one fault on or off and reports whether it is now on.
func (s *Server) ToggleFault(name string) (bool, error) {
	if !known(name) {
		return false, fmt.Errorf("unknown fault %q (see oauthlens demo --faults)", name)
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	f := Fault(name)
	if s.faults.on[f] {
		delete(s.faults.on, f)
		return false, nil
	}
	s.faults.on[f] = true
	return true, nil
}

// has reports whether fault f is on.
func (s *Server) has(f Fault) bool {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return s.faults.on[f]
}

// clock is the server's clock, FaultClockSkew's minutes ahead when it is on.
func (s *Server) clock() time.Time {
	if s.has(FaultClockSkew) {
		return s.now().Add(skewAhead)
	}
	return s.now()
}

// faultClaims changes a token's claims for FaultExpiredToken.
func (s *Server) faultClaims(c *jwt.RegisteredClaims) {
	if s.has(FaultExpiredToken) || s.has(FaultExpiryInBody) {
		now := s.clock()
		c.IssuedAt = jwt.NewNumericDate(now.Add(-2 * time.Hour))
		c.NotBefore = c.IssuedAt
		c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Hour))
	}
}

// signingKeyFor returns the key to sign with: a key not in the JWKS under
// FaultRotatedKey.
func (s *Server) signingKeyFor() *signingKey {
	if !s.has(FaultRotatedKey) {
		return s.signer()
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	if s.faults.rotated == nil {
		s.faults.rotated = newSigningKey()
	}
	return s.faults.rotated
}

// tokenBody applies the answer quirks (string expires_in, lowercase
// bearer, refresh_token) to a token response.
func (s *Server) tokenBody(t tokenResponse) any {
	if !s.has(FaultStringExpiresIn) && !s.has(FaultLowercaseBearer) && !s.has(FaultRefreshToken) {
		return t
	}
	m := map[string]any{
		"access_token": t.AccessToken,
		"token_type":   t.TokenType,
		"expires_in":   t.ExpiresIn,
		"scope":        t.Scope,
	}
	if s.has(FaultStringExpiresIn) {
		m["expires_in"] = fmt.Sprint(t.ExpiresIn)
	}
	if s.has(FaultLowercaseBearer) {
		m["token_type"] = "bearer"
	}
	if s.has(FaultRefreshToken) {
		m["refresh_token"] = newJTI()
	}
	addUserTokens(m, t)
	return m
}

// issued records a new token for FaultAPI401First: a token issued right
// after a refusal is good; any other is refused on its first use.
func (s *Server) issued(raw string) {
	st := s.faults
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.pending {
		st.good[raw], st.pending = true, false
	}
}

// refuseFirstUse reports whether the API must refuse this token now.
func (s *Server) refuseFirstUse(raw string) bool {
	st := s.faults
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.on[FaultAPI401First] {
		return false
	}
	if len(st.used) > 10000 { // bound the memory of a long demo
		clear(st.good)
		clear(st.used)
	}
	if st.used[raw] || st.good[raw] {
		st.used[raw] = true
		return false
	}
	st.used[raw], st.pending = true, true
	return true
}
