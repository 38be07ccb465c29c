package demo

import (
	"fmt"
	"net/http"
	"strings"
)

// apiScope is the scope GET /api/me requires.
const apiScope = "api:read"

// meResponse is the body of a successful GET /api/me.
type meResponse struct {
	Sub       string `json:"sub"`
	ClientID  string `json:"client_id"`
	Scope     string `json:"scope"`
	ExpiresAt string `json:"expires_at"`
	Message   string `json:"message"`
}

// bearerError is a protected-resource error (RFC 6750 §3). An empty code
// means the request had no token at all, so the challenge has no error.
type bearerError struct {
	status int
	code   string
	desc   string
	scope  string
	scheme string // "DPoP" for a DPoP challenge (RFC 9449 §7.1); "" is Bearer
	nonce  string // DPoP-Nonce to send (RFC 9449 §9)
}

// handleMe is the protected API: it checks the bearer token and its scope.
func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) {
	if !allowMethod(w, r, http.MethodGet, http.MethodHead) {
		return
	}
	claims, be := s.authorizeAPI(r)
	if be != nil {
		writeBearerError(w, be)
		return
	}
	writeJSON(w, http.StatusOK, meResponse{
		Sub:       claims.Subject,
		ClientID:  claims.ClientID,
		Scope:     claims.Scope,
		ExpiresAt: formatTime(claims.ExpiresAt.Time),
		Message:   "Hello from the oauthlens demo API",
	})
}

// authorizeAPI returns the claims of a valid bearer token for the API, or
// the RFC 6750 error to answer with.
func (s *Server) authorizeAPI(r *http.Request) (*accessClaims, *bearerError) {
	raw, be := accessToken(r) // dpop.go: Bearer or DPoP
	if be != nil {
		return nil, be
	}
	iss := issuerOf(r)
	claims, err := s.verify(raw, iss)
	if err != nil {
		return nil, &bearerError{status: http.StatusUnauthorized, code: errInvalidToken, desc: err.Error()}
	}
	if be := checkCertBinding(r, claims.Cnf); be != nil {
		return nil, be
	}
	if be := s.checkDPoP(r, raw, claims.Cnf); be != nil {
		return nil, be
	}
	if aud := apiAudience(iss); !claims.hasAudience(aud) {
		return nil, &bearerError{status: http.StatusUnauthorized, code: errInvalidToken,
			desc: fmt.Sprintf("the access token is for audience '%s', not this API ('%s')",
				strings.Join(claims.Audience, " "), aud)}
	}
	if !claims.hasScope(apiScope) {
		return nil, &bearerError{status: http.StatusForbidden, code: errInsufficientScope, scope: apiScope,
			desc: fmt.Sprintf("the access token has scope '%s'; this API needs %s", claims.Scope, apiScope)}
	}
	return claims, nil
}

// bearerToken extracts the token from "Authorization: Bearer …" (the
// scheme is case-insensitive, RFC 6750 §2.1).
func bearerToken(r *http.Request) (string, *bearerError) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", &bearerError{status: http.StatusUnauthorized,
			desc: "this API needs an access token: send Authorization: Bearer <token>"}
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return "", &bearerError{status: http.StatusBadRequest, code: errInvalidRequest,
			desc: "the Authorization header has the Bearer scheme but no token"}
	}
	return token, nil
}

// writeBearerError answers with a WWW-Authenticate Bearer challenge
// (RFC 6750 §3) and a JSON body saying the same.
func writeBearerError(w http.ResponseWriter, be *bearerError) {
	desc := sanitize(be.desc)
	challenge := fmt.Sprintf("Bearer realm=%q", realm)
	if be.scheme != "" {
		challenge = fmt.Sprintf("%s realm=%q, algs=%q", be.scheme, realm, strings.Join(assertionAlgs, " "))
	}
	if be.nonce != "" {
		w.Header().Set("DPoP-Nonce", be.nonce)
	}
	if be.code != "" {
		challenge += fmt.Sprintf(", error=%q, error_description=%q", be.code, desc)
	}
	if be.scope != "" {
		challenge += fmt.Sprintf(", scope=%q", be.scope)
	}
	w.Header().Set("WWW-Authenticate", challenge)
	if be.code == "" {
		writeJSON(w, be.status, map[string]string{"message": desc})
		return
	}
	writeJSON(w, be.status, errorBody{Error: be.code, Description: desc})
}
