package demo

import (
	"net/http"
	"net/url"

	"github.com/golang-jwt/jwt/v5"
)

// grantJWTBearer is the JWT-bearer authorization grant (RFC 7523 §2.1).
const grantJWTBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// jwtBearer handles grant_type=jwt-bearer (RFC 7523 §2.1): the assertion
// is signed by the authenticated client with a key it registered (iss =
// the client id), for the subject it names (sub), with the same aud, exp
// and jti rules as a client assertion (§3).
func (s *Server) jwtBearer(r *http.Request, c Client, form url.Values) (tokenRequest, *oauthError) {
	raw, e := param(form, "assertion")
	if e != nil {
		return tokenRequest{}, e
	}
	if raw == "" {
		return tokenRequest{}, badRequest(errInvalidRequest, "assertion is missing (RFC 7523 section 2.1)")
	}
	claims := &jwt.RegisteredClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) { return s.assertionKey(c, t) },
		jwt.WithValidMethods(assertionAlgs), jwt.WithoutClaimsValidation())
	if err != nil {
		return tokenRequest{}, badRequest(
			errInvalidGrant,
			"the assertion does not verify with a key of client '%s': %v",
			c.ID,
			err,
		)
	}
	if claims.Issuer != c.ID || claims.Subject == "" {
		return tokenRequest{}, badRequest(errInvalidGrant,
			"the assertion's iss must be the client id '%s' and its sub the subject (got iss '%s', sub '%s')",
			c.ID, claims.Issuer, claims.Subject)
	}
	if e := s.checkAssertionAudience(issuerOf(r), claims.Audience); e != nil {
		return tokenRequest{}, asGrantError(e)
	}
	if e := s.checkAssertionTimes(claims); e != nil {
		return tokenRequest{}, asGrantError(e)
	}
	req, e := commonParams(r, c, form)
	req.sub = claims.Subject
	return req, e
}

// asGrantError turns a client assertion error into the grant's
// invalid_grant (RFC 7523 §3.1).
func asGrantError(e *oauthError) *oauthError {
	return badRequest(errInvalidGrant, "%s", e.desc)
}
