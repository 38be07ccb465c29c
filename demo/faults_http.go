package demo

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// withFaults is the middleware that answers in place of the real handlers
// when a fault switch says so.
func (s *Server) withFaults() middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// The Date header follows the server's clock (Config.Now, and the
			// clock-skew fault), so answers agree with the tokens' iat.
			w.Header().Set("Date", s.clock().UTC().Format(http.TimeFormat))
			if s.trailingSlash(w, r) {
				return
			}
			var handled bool
			switch {
			case strings.HasPrefix(r.URL.Path, "/.well-known/"):
				handled = s.discoveryFault(w)
			case r.URL.Path == "/token" && r.Method == http.MethodPost:
				handled = s.tokenFault(w, r)
			case r.URL.Path == "/revoke" && r.Method == http.MethodPost:
				handled = s.revokeIgnored(w)
			case r.URL.Path == "/introspect" && r.Method == http.MethodPost:
				handled = s.introspectBasicOnly(w, r)
			case r.URL.Path == "/api/me":
				handled = s.apiFault(w, r) || s.expiryInBody(w, r) || s.oktaAPIError(w, r)
			}
			if !handled {
				next.ServeHTTP(w, r)
			}
		})
	}
}

// discoveryFault answers the metadata URLs under the discovery faults.
func (s *Server) discoveryFault(w http.ResponseWriter) bool {
	switch {
	case s.has(FaultDiscovery404):
		writeJSON(w, http.StatusNotFound, errorBody{Error: "not_found"})
	case s.has(FaultDiscoveryHTML):
		writeHTML(
			w,
			http.StatusOK,
			"Sign in",
			"<form action=\"/login\" method=\"post\"><input name=\"username\"><input type=\"password\" name=\"password\"></form>",
		)
	default:
		return false
	}
	return true
}

// adjustMetadata applies the metadata faults.
func (s *Server) adjustMetadata(md *metadata) {
	if s.has(FaultIssuerMismatch) {
		md.Issuer = proxyIssuer
	}
	if s.has(FaultNoTokenEndpoint) {
		md.TokenEndpoint = ""
	}
	if s.has(FaultUnknownScope) {
		md.ScopesSupported = slices.DeleteFunc(md.ScopesSupported, func(sc string) bool { return sc == unknownScope })
	}
	s.adjustDiagnosisMetadata(md)
	if s.has(FaultBasicOnly) {
		md.TokenAuthMethods = []string{AuthClientSecretBasic}
	} else if s.has(FaultPostOnly) {
		md.TokenAuthMethods = []string{AuthClientSecretPost}
	}
}

// tokenFault answers the token endpoint under the token faults, in the
// order a real server would meet them: gateway, then client, then grant.
func (s *Server) tokenFault(w http.ResponseWriter, r *http.Request) bool {
	if s.has(FaultSlow) && !sleep(r, slowDelay) {
		return true
	}
	if s.gatewayFault(w) {
		return true
	}
	if s.diagnosisTokenFault(w, r) {
		return true
	}
	form := peekForm(r)
	if e := s.clientFault(r, form); e != nil {
		noStore(w)
		writeOAuthError(w, e)
		return true
	}
	if s.has(FaultWrongAudience) && form.Get("audience") == "" && len(form["resource"]) == 0 {
		addFormParam(r, "audience", wrongAud) // the server's default audience is another API
	}
	if s.has(FaultInvalidJSON) {
		noStore(w)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(
			w,
			`{"access_token": "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "token_type": "Bearer", "expires_in": 36`,
		)
		return true
	}
	return false
}

// gatewayFault answers what a proxy or a non-standard server would.
func (s *Server) gatewayFault(w http.ResponseWriter) bool {
	switch {
	case s.has(FaultRateLimit):
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterS))
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, "Too Many Requests\n")
	case s.has(FaultHTMLError):
		writeHTML(
			w,
			http.StatusInternalServerError,
			"500 Internal Server Error",
			"<center><h1>500 Internal Server Error</h1></center><hr><center>nginx</center>",
		)
	case s.has(FaultServerError):
		writeJSON(
			w,
			http.StatusServiceUnavailable,
			errorBody{Error: "server_error", Description: "the token service is temporarily unavailable"},
		)
	case s.has(FaultBare401):
		w.WriteHeader(http.StatusUnauthorized)
	case s.has(FaultTextError):
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, "Invalid client credentials\n")
	default:
		return false
	}
	return true
}

// clientFault returns the OAuth error the client faults answer with.
func (s *Server) clientFault(r *http.Request, form url.Values) *oauthError {
	id, method := form.Get("client_id"), AuthClientSecretPost
	if bid, _, ok, _ := basicCredentials(r); ok {
		id, method = bid, AuthClientSecretBasic
	}
	switch {
	case s.has(FaultNonstandardError):
		return &oauthError{status: http.StatusUnauthorized, code: "invalid_credentials", desc: "Bad client credentials"}
	case s.has(FaultEntraError):
		return invalidClient(
			"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '%s'.",
			id,
		)
	case s.has(FaultWrongSecret):
		return invalidClient("the client secret is wrong for client '%s'", id)
	case s.has(FaultBasicOnly) && method != AuthClientSecretBasic:
		return invalidClient(
			"client '%s' may not use %s; it must authenticate with %s",
			id,
			method,
			AuthClientSecretBasic,
		)
	case s.has(FaultPostOnly) && method != AuthClientSecretPost:
		return invalidClient(
			"client '%s' may not use %s; it must authenticate with %s",
			id,
			method,
			AuthClientSecretPost,
		)
	case s.has(FaultUnauthorizedClient):
		return badRequest(errUnauthorizedClient, "client '%s' is not allowed to use the client_credentials grant", id)
	case s.has(FaultUnknownScope) && slices.Contains(strings.Fields(form.Get("scope")), unknownScope):
		return badRequest(errInvalidScope, "scope '%s' is unknown", unknownScope)
	}
	return nil
}

// apiFault answers GET /api/me under the API faults.
func (s *Server) apiFault(w http.ResponseWriter, r *http.Request) bool {
	if s.has(FaultAPINeedsKey) && r.Header.Get("X-Api-Key") != APIKey {
		w.WriteHeader(http.StatusUnauthorized)
		return true
	}
	raw, be := bearerToken(r)
	if be == nil && s.refuseFirstUse(raw) {
		writeBearerError(w, &bearerError{status: http.StatusUnauthorized, code: errInvalidToken,
			desc: "the access token is not active (it was invalidated); get a new one"})
		return true
	}
	return false
}

// peekForm reads a form body and puts it back for the real handler.
func peekForm(r *http.Request) url.Values {
	b, _ := io.ReadAll(io.LimitReader(r.Body, maxFormBytes))
	// Put back what was read and the rest, so that the real handler's own
	// size limit still sees an oversized body.
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(b), r.Body))
	v, _ := url.ParseQuery(string(b))
	return v
}

// addFormParam appends k=v to a form body.
func addFormParam(r *http.Request, k, v string) {
	b, _ := io.ReadAll(r.Body)
	if len(b) > 0 {
		b = append(b, '&')
	}
	b = append(b, url.Values{k: {v}}.Encode()...)
	r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
}

// sleep waits d unless the request is cancelled first; false if it was.
func sleep(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// writeHTML writes a small HTML page.
func writeHTML(w http.ResponseWriter, status int, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(
		w,
		"<!DOCTYPE html>\n<html><head><title>"+title+"</title></head><body>"+body+"</body></html>\n",
	)
}
