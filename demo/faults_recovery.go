package demo

import (
	"net/http"
	"net/url"
	"slices"
)

// The fault switches of the server behaviours that keep MCP-style clients
// (those that start from the API, RFC 9728, and register themselves, RFC
// 7591) from recovering; they join Faults at init.
const (
	FaultResourceStrict    Fault = "resource-strict"
	FaultRegistration500   Fault = "registration-500"
	FaultRegistrationEmpty Fault = "registration-empty"
	FaultStaleClientGrant  Fault = "stale-client-grant"
)

// recoveryFaults describe the faults above.
var recoveryFaults = []FaultInfo{
	{FaultResourceStrict, "the token endpoint wants resource exactly as the API's metadata says (ISSUER/api): " +
		"none, or one with a trailing slash, is invalid_target"},
	{FaultRegistration500, "client registration (RFC 7591) answers HTTP 500 with an empty body"},
	{FaultRegistrationEmpty, "client registration answers HTTP 201 with an empty body (no client_id)"},
	{FaultStaleClientGrant, "an unknown client id gets invalid_grant instead of invalid_client"},
}

func init() { Faults = append(Faults, recoveryFaults...) }

// registrationFault answers a registration as the faults say; false when
// none is on.
func (s *Server) registrationFault(w http.ResponseWriter) bool {
	switch {
	case s.has(FaultRegistration500):
		w.WriteHeader(http.StatusInternalServerError)
	case s.has(FaultRegistrationEmpty):
		w.WriteHeader(http.StatusCreated)
	default:
		return false
	}
	return true
}

// staleClientError is the error for an unknown client id under
// FaultStaleClientGrant: invalid_grant where RFC 6749 §5.2 says
// invalid_client.
func (s *Server) staleClientError(id string) (*oauthError, bool) {
	if !s.has(FaultStaleClientGrant) {
		return nil, false
	}
	return badRequest(errInvalidGrant, "unknown client '%s'", id), true
}

// resourceFault enforces FaultResourceStrict on a token request: exactly
// one resource, the API's identifier (RFC 8707 §2 lets the server refuse
// any other with invalid_target).
func (s *Server) resourceFault(r *http.Request, form url.Values) *oauthError {
	if !s.has(FaultResourceStrict) {
		return nil
	}
	want := apiAudience(issuerOf(r))
	got := form["resource"]
	if !slices.Equal(got, []string{want}) {
		return badRequest(errInvalidTarget, "resource must be '%s'", want)
	}
	return nil
}
