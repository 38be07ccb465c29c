package demo

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"net/url"
	"time"
)

// grantAuthorizationCode is the grant_type of RFC 6749 §4.1.3.
const grantAuthorizationCode = "authorization_code"

// authorizationCodeGrant handles grant_type=authorization_code (RFC 6749
// §4.1.3): the code must be this client's, unused and unexpired, the
// redirect_uri the same as in the authorization request, and the
// code_verifier must match the challenge (RFC 7636 §4.6).
func (s *Server) authorizationCodeGrant(_ *http.Request, c Client, form url.Values) (tokenRequest, *oauthError) {
	code, e := param(form, "code")
	if e != nil {
		return tokenRequest{}, e
	}
	a := s.authz
	a.mu.Lock()
	defer a.mu.Unlock()
	ic, ok := a.codes[code]
	switch {
	case code == "":
		return tokenRequest{}, badRequest(errInvalidRequest, "code is missing")
	case !ok || ic.req.client.ID != c.ID:
		return tokenRequest{}, badRequest(errInvalidGrant, "the code is unknown to this server or not this client's")
	case ic.used:
		return tokenRequest{}, badRequest(errInvalidGrant, "the code was already used (RFC 6749 section 4.1.2)")
	case !s.now().Before(ic.expires):
		return tokenRequest{}, badRequest(errInvalidGrant, "the code expired (codes live %s)", codeLife)
	case form.Get("redirect_uri") != ic.redirectURI:
		return tokenRequest{}, badRequest(errInvalidGrant, "redirect_uri '%s' is not the one of the authorization "+
			"request ('%s', RFC 6749 section 4.1.3)", form.Get("redirect_uri"), ic.redirectURI)
	}
	if e := checkVerifier(ic.challenge, form.Get("code_verifier")); e != nil {
		return tokenRequest{}, e
	}
	ic.used = true
	req := ic.req
	u := *req.user
	u.code = code // for the ID token's c_hash
	req.user = &u
	return req, nil
}

// checkVerifier checks the PKCE verifier against the S256 challenge.
func checkVerifier(challenge, verifier string) *oauthError {
	switch {
	case challenge == "" && verifier != "":
		return badRequest(errInvalidGrant, "code_verifier sent, but the authorization request had no code_challenge")
	case challenge == "":
		return nil
	case verifier == "":
		return badRequest(errInvalidGrant, "code_verifier is missing: the authorization request had a code_challenge")
	}
	sum := sha256.Sum256([]byte(verifier))
	if subtle.ConstantTimeCompare([]byte(b64(sum[:])), []byte(challenge)) != 1 {
		return badRequest(errInvalidGrant, "code_verifier does not match the code_challenge (RFC 7636 section 4.6)")
	}
	return nil
}

// handlePAR is the pushed authorization request endpoint (RFC 9126 §2):
// the client authenticates, the request is checked as the authorization
// endpoint would, and a one-time request_uri comes back.
func (s *Server) handlePAR(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	if !allowMethod(w, r, http.MethodPost) {
		return
	}
	form, e := readForm(w, r)
	var c Client
	if e == nil {
		c, e = s.authenticateClient(r, form)
	}
	if e == nil && (!isLoopbackRedirect(form.Get("redirect_uri")) || s.has(FaultRedirectMismatch)) {
		e = badRequest(
			errInvalidRequest,
			"redirect_uri '%s' is not registered for this client",
			form.Get("redirect_uri"),
		)
	}
	if e == nil {
		_, e = s.checkAuthz(r, c, form)
	}
	if e != nil {
		writeOAuthError(w, e)
		return
	}
	uri := parURNPrefix + randomCode(16)
	params := url.Values{}
	for k, v := range form {
		if k != "client_secret" {
			params[k] = v
		}
	}
	s.authz.mu.Lock()
	s.authz.pushed[uri] = pushedRequest{params: params, client: c.ID, expires: s.now().Add(parLife)}
	s.authz.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]any{"request_uri": uri, "expires_in": int64(parLife / time.Second)})
}

// handleUserinfo is the UserInfo endpoint (OIDC Core §5.3): the claims of
// the user the access token is for; it needs the openid scope.
func (s *Server) handleUserinfo(w http.ResponseWriter, r *http.Request) {
	if !allowMethod(w, r, http.MethodGet, http.MethodPost) {
		return
	}
	raw, be := bearerToken(r)
	if be == nil {
		claims, err := s.verify(raw, issuerOf(r))
		switch {
		case err != nil:
			be = &bearerError{status: http.StatusUnauthorized, code: errInvalidToken, desc: err.Error()}
		case !claims.hasScope("openid"):
			be = &bearerError{status: http.StatusForbidden, code: errInsufficientScope, scope: "openid",
				desc: "the UserInfo endpoint needs a token with the openid scope"}
		default:
			writeJSON(w, http.StatusOK, map[string]any{"sub": claims.Subject, "name": "Alice Demo",
				"preferred_username": claims.Subject})
			return
		}
	}
	writeBearerError(w, be)
}
