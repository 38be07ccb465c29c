package demo

import (
	"net/http"

	"github.com/golang-jwt/jwt/v5"
)

// introspection is an RFC 7662 §2.2 introspection response. An inactive
// token gets only {"active": false}.
type introspection struct {
	Active    bool             `json:"active"`
	Scope     string           `json:"scope,omitempty"`
	ClientID  string           `json:"client_id,omitempty"`
	Sub       string           `json:"sub,omitempty"`
	TokenType string           `json:"token_type,omitempty"`
	Exp       int64            `json:"exp,omitempty"`
	Iat       int64            `json:"iat,omitempty"`
	Nbf       int64            `json:"nbf,omitempty"`
	Iss       string           `json:"iss,omitempty"`
	Aud       jwt.ClaimStrings `json:"aud,omitempty"`
	Jti       string           `json:"jti,omitempty"`
}

// handleIntrospect is the introspection endpoint (RFC 7662). Any
// authenticated (not public) client may introspect any token; a token that is malformed,
// forged, expired, not yet valid, from another issuer or revoked is
// inactive.
func (s *Server) handleIntrospect(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	if !allowMethod(w, r, http.MethodPost) {
		return
	}
	client, token, e := s.tokenParamRequest(w, r)
	if e == nil && client.public() {
		e = invalidClient("client '%s' is a public client; introspection needs an authenticated client "+
			"(RFC 7662 section 2.1)", client.ID)
	}
	if e != nil {
		writeOAuthError(w, e)
		return
	}
	claims, err := s.verify(token, issuerOf(r))
	if err != nil {
		writeJSON(w, http.StatusOK, introspection{Active: false})
		return
	}
	writeJSON(w, http.StatusOK, introspection{
		Active:    true,
		Scope:     claims.Scope,
		ClientID:  claims.ClientID,
		Sub:       claims.Subject,
		TokenType: "Bearer",
		Exp:       unix(claims.ExpiresAt),
		Iat:       unix(claims.IssuedAt),
		Nbf:       unix(claims.NotBefore),
		Iss:       claims.Issuer,
		Aud:       claims.Audience,
		Jti:       claims.ID,
	})
}

// tokenParamRequest reads an introspection or revocation request: the form,
// the authenticated client and the required token parameter.
func (s *Server) tokenParamRequest(w http.ResponseWriter, r *http.Request) (Client, string, *oauthError) {
	form, e := readForm(w, r)
	if e != nil {
		return Client{}, "", e
	}
	client, e := s.authenticateClient(r, form)
	if e != nil {
		return Client{}, "", e
	}
	token, e := param(form, "token")
	if e == nil && token == "" {
		e = badRequest(errInvalidRequest, "the token parameter is missing")
	}
	return client, token, e
}

// unix returns d as seconds since the epoch, or 0 for a missing date.
func unix(d *jwt.NumericDate) int64 {
	if d == nil {
		return 0
	}
	return d.Unix()
}
