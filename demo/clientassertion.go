package demo

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"
)

// Client assertion methods (RFC 7523 §2.2, OIDC Core §9).
const (
	AuthPrivateKeyJWT   = "private_key_jwt"
	AuthClientSecretJWT = "client_secret_jwt"
	// clientAssertionType is the only client_assertion_type accepted.
	clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
	// maxAssertionLife is the longest exp - iat accepted, in seconds.
	maxAssertionLife = 300
)

// assertionAlgs are the algorithms a private_key_jwt assertion may use
// (token_endpoint_auth_signing_alg_values_supported, RFC 8414 §2).
var assertionAlgs = []string{"RS256", "PS256", "ES256", "ES384", "EdDSA"}

// signingAlgs is what metadata advertises, HS256 for client_secret_jwt too.
func (s *Server) signingAlgs() []string {
	if s.has(FaultAssertionRS256Only) {
		return []string{"RS256"}
	}
	return append(slices.Clone(assertionAlgs), "HS256")
}

// jtiCache remembers the jti of each accepted assertion until it expires
// (RFC 7523 §3 item 7: a server may refuse a replayed jti).
type jtiCache struct {
	mu   sync.Mutex
	seen map[string]time.Time
}

// use records jti and reports whether it was new.
func (c *jtiCache) use(jti string, exp, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen == nil {
		c.seen = map[string]time.Time{}
	}
	for k, t := range c.seen {
		if now.After(t) {
			delete(c.seen, k)
		}
	}
	if _, ok := c.seen[jti]; ok {
		return false
	}
	c.seen[jti] = exp
	return true
}

// assertionClient authenticates a client by its JWT client assertion.
func (s *Server) assertionClient(r *http.Request, form url.Values) (Client, *oauthError) {
	typ, e1 := param(form, "client_assertion_type")
	raw, e2 := param(form, "client_assertion")
	postID, e3 := param(form, "client_id")
	if e := firstError(e1, e2, e3); e != nil {
		return Client{}, e
	}
	if typ != clientAssertionType {
		return Client{}, badRequest(errInvalidRequest, "client_assertion_type must be %s", clientAssertionType)
	}
	claims := jwt.MapClaims{}
	unverified, _, err := jwt.NewParser().ParseUnverified(raw, claims)
	if err != nil {
		return Client{}, invalidClient("the client_assertion is not a JWT: %v", err)
	}
	id, _ := claims["iss"].(string)
	if postID != "" && postID != id {
		return Client{}, invalidClient("client_id '%s' does not match the assertion's iss '%s'", postID, id)
	}
	c, ok := s.client(id)
	if !ok {
		return Client{}, invalidClient("unknown client '%s' (the assertion's iss)", id)
	}
	method := AuthPrivateKeyJWT
	if unverified.Method.Alg() == "HS256" {
		method = AuthClientSecretJWT
	}
	if !slices.Contains(c.AuthMethods, method) {
		return Client{}, invalidClient("client '%s' may not use %s; it must authenticate with %s",
			id, method, strings.Join(c.authMethods(), " or "))
	}
	if e := s.verifyAssertion(r, c, raw, method); e != nil {
		return Client{}, e
	}
	return c, nil
}

// verifyAssertion checks the signature, the algorithm, iss = sub, aud,
// exp, iat and jti (RFC 7523 §3).
func (s *Server) verifyAssertion(r *http.Request, c Client, raw, method string) *oauthError {
	algs := []string{"HS256"}
	if method == AuthPrivateKeyJWT {
		algs = slices.DeleteFunc(s.signingAlgs(), func(a string) bool { return a == "HS256" })
	}
	claims := &jwt.RegisteredClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) { return s.assertionKey(c, t) },
		jwt.WithValidMethods(algs), jwt.WithoutClaimsValidation())
	if err != nil {
		return invalidClient("the client assertion's signature does not verify (algorithms accepted: %s): %v",
			strings.Join(algs, ", "), err)
	}
	if claims.Subject != c.ID {
		return invalidClient("the assertion's sub '%s' must equal its iss, the client id '%s'", claims.Subject, c.ID)
	}
	if e := s.checkAssertionAudience(issuerOf(r), claims.Audience); e != nil {
		return e
	}
	return s.checkAssertionTimes(claims)
}

// assertionKey is the key that verifies a client's assertion: the secret
// for HS256, else the registered public key named by kid.
func (s *Server) assertionKey(c Client, t *jwt.Token) (any, error) {
	if t.Method.Alg() == "HS256" {
		return []byte(c.Secret), nil
	}
	kid, _ := t.Header["kid"].(string)
	if s.has(FaultAssertionKIDRotate) {
		return nil, fmt.Errorf("kid '%s' is not a registered key of client '%s'", kid, c.ID)
	}
	keys, err := clientKeys(c.JWKS)
	if err != nil {
		return nil, err
	}
	if k, ok := keys[kid]; ok {
		return k, nil
	}
	if len(keys) == 1 && kid == "" {
		for _, k := range keys {
			return k, nil
		}
	}
	return nil, fmt.Errorf("kid '%s' is not a registered key of client '%s'", kid, c.ID)
}

// clientKeys parses a registered JWK Set into public keys by kid.
func clientKeys(set json.RawMessage) (map[string]any, error) {
	var doc struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if len(set) == 0 {
		return nil, fmt.Errorf("the client has no registered jwks")
	}
	if err := json.Unmarshal(set, &doc); err != nil {
		return nil, fmt.Errorf("the client's jwks is not a JWK Set")
	}
	out := map[string]any{}
	for _, raw := range doc.Keys {
		j, err := jwkset.NewJWKFromRawJSON(raw, jwkset.JWKMarshalOptions{}, jwkset.JWKValidateOptions{})
		if err != nil {
			return nil, fmt.Errorf("a key of the client's jwks does not parse: %v", err)
		}
		out[j.Marshal().KID] = j.Key()
	}
	return out, nil
}

// checkAssertionAudience accepts the token endpoint or the issuer
// (RFC 7523 §3 item 3), the issuer only under FaultAssertionAudIssuer.
func (s *Server) checkAssertionAudience(issuer string, aud jwt.ClaimStrings) *oauthError {
	want := []string{issuer + "/token", issuer}
	if s.has(FaultAssertionAudIssuer) {
		want = []string{issuer}
	}
	for _, a := range aud {
		if slices.Contains(want, a) {
			return nil
		}
	}
	return invalidClient("the client assertion's aud '%s' is not accepted; use %s",
		strings.Join(aud, " "), strings.Join(want, " or "))
}

// checkAssertionTimes checks exp (present, not past, not too far), iat
// (not in the future) and the jti (present, unused).
func (s *Server) checkAssertionTimes(c *jwt.RegisteredClaims) *oauthError {
	now := s.clock()
	switch {
	case c.ExpiresAt == nil:
		return invalidClient("the client assertion has no exp claim (RFC 7523 section 3)")
	case !now.Before(c.ExpiresAt.Time):
		return invalidClient("the client assertion expired at %s", formatTime(c.ExpiresAt.Time))
	case c.IssuedAt != nil && c.IssuedAt.After(now.Add(time.Minute)):
		return invalidClient(
			"the client assertion's iat %s is in the future (clock skew?)",
			formatTime(c.IssuedAt.Time),
		)
	case c.ID == "":
		return invalidClient("the client assertion has no jti claim")
	}
	limit := int64(maxAssertionLife)
	if s.has(FaultAssertionShortExp) {
		limit = shortAssertionLife
	}
	from := now
	if c.IssuedAt != nil {
		from = c.IssuedAt.Time
	}
	if life := c.ExpiresAt.Unix() - from.Unix(); life > limit {
		return invalidClient("the client assertion's exp is too far in the future: it lives %d s, "+
			"this server accepts at most %d s", life, limit)
	}
	if s.has(FaultAssertionReplay) || !s.jtis.use(c.ID, c.ExpiresAt.Time, now) {
		return invalidClient(
			"the client assertion's jti '%s' was already used (replay refused, RFC 7523 section 3)",
			c.ID,
		)
	}
	return nil
}
