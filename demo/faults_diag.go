package demo

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// The fault switches that reproduce the server behaviours oauthlens's
// diagnosis must read right (issue 12). They are listed in Faults.
const (
	FaultOktaErrors          Fault = "okta-errors"
	FaultBare403NoScope      Fault = "bare-403-without-scope"
	FaultScopeRequired       Fault = "scope-required"
	FaultTrailingSlash301    Fault = "trailing-slash-301"
	FaultExpiryInBody        Fault = "expiry-in-body"
	FaultBasicRawOnly        Fault = "basic-raw-only"
	FaultRevokeIgnored       Fault = "revoke-ignored"
	FaultIntrospectBasicOnly Fault = "introspect-basic-only"
)

// oktaPolicyDescription is Okta's error_description when no access policy
// rule grants the request.
const oktaPolicyDescription = "Policy evaluation failed for this request, please check the policy configurations."

// RawClientID and RawClientSecret are the client FaultBasicRawOnly adds:
// its secret has characters that RFC 6749 §2.3.1's form-urlencoding
// changes, so only the raw Basic encoding gets it a token there.
const (
	RawClientID     = "demo-raw-client"
	RawClientSecret = "raw+secret/=="
)

// diagnosisTokenFault answers the token endpoint under the diagnosis
// faults; form is the request's form.
func (s *Server) diagnosisTokenFault(w http.ResponseWriter, r *http.Request) bool {
	form := peekForm(r)
	scope := strings.Fields(form.Get("scope"))
	if s.has(FaultBare403NoScope) && len(scope) == 0 {
		noStore(w)
		w.WriteHeader(http.StatusForbidden)
		return true
	}
	var e *oauthError
	switch {
	case s.has(FaultBasicRawOnly):
		e = s.rawBasicOnly(r)
	}
	if e == nil && s.has(FaultScopeRequired) && len(scope) == 0 {
		e = badRequest(errInvalidScope, "scope is required")
	}
	if e == nil && s.has(FaultOktaErrors) && slices.Contains(scope, unknownScope) {
		e = &oauthError{status: http.StatusBadRequest, code: "access_denied", desc: oktaPolicyDescription}
	}
	if e != nil {
		noStore(w)
		writeOAuthError(w, e)
		return true
	}
	return false
}

// rawBasicOnly authenticates like a server that base64-decodes Basic
// credentials and splits them at the first ':' without form-urldecoding
// (what many servers do, against RFC 6749 §2.3.1). A request that passes
// goes on with form-encoded credentials, for the real handler.
func (s *Server) rawBasicOnly(r *http.Request) *oauthError {
	if _, ok := s.client(RawClientID); !ok {
		s.AddClient(Client{ID: RawClientID, Secret: RawClientSecret, Scopes: DefaultScopes,
			AuthMethods: []string{AuthClientSecretBasic}})
	}
	scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Basic") {
		return invalidClient("client authentication failed: this server accepts %s only", AuthClientSecretBasic)
	}
	id, secret, ok := r.BasicAuth() // raw "id:secret", not form-decoded: the fault's point
	c, known := s.client(id)
	if !ok || !known || c.Secret != secret {
		return invalidClient("client authentication failed")
	}
	r.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	return nil
}

// trailingSlash answers POST /token with 301 to /token/ and serves
// /token/ as the token endpoint, under FaultTrailingSlash301. It reports
// whether it answered.
func (s *Server) trailingSlash(w http.ResponseWriter, r *http.Request) bool {
	if !s.has(FaultTrailingSlash301) {
		return false
	}
	switch r.URL.Path {
	case "/token":
		http.Redirect(w, r, "/token/", http.StatusMovedPermanently)
		return true
	case "/token/":
		r.URL.Path = "/token"
	}
	return false
}

// expiryInBody answers an expired token as some APIs do: the reason only
// in the body, a challenge without an error code.
func (s *Server) expiryInBody(w http.ResponseWriter, r *http.Request) bool {
	if !s.has(FaultExpiryInBody) {
		return false
	}
	raw, be := bearerToken(r)
	if be != nil {
		return false
	}
	if _, err := s.verify(raw, issuerOf(r)); err == nil || !strings.Contains(strings.ToLower(err.Error()), "expired") {
		return false
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="`+realm+`"`)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = io.WriteString(w, `{"message":"Token has expired."}`)
	return true
}

// oktaAPIError answers a refused API call with Okta's error shape.
func (s *Server) oktaAPIError(w http.ResponseWriter, r *http.Request) bool {
	if !s.has(FaultOktaErrors) {
		return false
	}
	if _, be := s.authorizeAPI(r); be == nil {
		return false
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="`+realm+`"`)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = io.WriteString(w, `{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorLink":"E0000011",`+
		`"errorId":"oaeDemo0000000000000000000","errorCauses":[]}`)
	return true
}

// revokeIgnored answers a revocation with 200 and does nothing, under
// FaultRevokeIgnored.
func (s *Server) revokeIgnored(w http.ResponseWriter) bool {
	if !s.has(FaultRevokeIgnored) {
		return false
	}
	noStore(w)
	w.WriteHeader(http.StatusOK)
	return true
}

// introspectBasicOnly refuses an introspection request without Basic
// credentials, under FaultIntrospectBasicOnly.
func (s *Server) introspectBasicOnly(w http.ResponseWriter, r *http.Request) bool {
	if !s.has(FaultIntrospectBasicOnly) {
		return false
	}
	if scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " "); strings.EqualFold(scheme, "Basic") {
		return false
	}
	noStore(w)
	writeOAuthError(w, invalidClient("client authentication failed"))
	return true
}

// adjustDiagnosisMetadata applies the diagnosis faults to the metadata.
func (s *Server) adjustDiagnosisMetadata(md *metadata) {
	if s.has(FaultBasicRawOnly) {
		md.TokenAuthMethods = []string{AuthClientSecretBasic}
	}
	if s.has(FaultTrailingSlash301) {
		md.TokenEndpoint += "/"
	}
	if s.has(FaultIntrospectBasicOnly) {
		md.IntrospectionAuthMethods = []string{AuthClientSecretBasic}
	}
}
