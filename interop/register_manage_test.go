package interop

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/flows"
)

// testRegistrationManagement: RFC 7592 read with the registration access
// token gives the registration back (the secret included, the token not
// rotated); delete is 204, after which the client can't get tokens and the
// registration access token is refused, with a hint that says why.
func testRegistrationManagement(t *testing.T, s *server) {
	reg, _ := s.register(t, s.registration(flows.AuthPost, "api:read"))
	back, ex, err := flows.ReadRegistration(t.Context(), s.hc, reg.RegistrationClientURI, reg.RegistrationAccessToken)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	got := []string{
		back.ClientID,
		back.ClientSecret,
		back.RegistrationAccessToken,
		back.TokenEndpointAuthMethod,
		back.Scope,
		stringOf(back.Fields["client_name"]),
	}
	want := []string{
		reg.ClientID,
		reg.ClientSecret,
		reg.RegistrationAccessToken,
		string(flows.AuthPost),
		"api:read",
		"interop " + string(flows.AuthPost),
	}
	if strings.Join(got, " ") != strings.Join(want, " ") || ex.Status != http.StatusOK {
		t.Errorf("read: got HTTP %d %q, want 200 %q", ex.Status, got, want)
	}
	ex, err = flows.DeleteRegistration(t.Context(), s.hc, reg.RegistrationClientURI, reg.RegistrationAccessToken)
	if err != nil || ex.Status != http.StatusNoContent {
		t.Fatalf("delete: got HTTP %d, %v; want 204", ex.Status, err)
	}
	_, _, err = flows.RequestToken(t.Context(), s.hc, s.tokenRequest(registered(reg), "api:read"))
	wantOAuthError(t, err, http.StatusUnauthorized, "invalid_client", descClientAuth)

	_, _, err = flows.ReadRegistration(t.Context(), s.hc, reg.RegistrationClientURI, reg.RegistrationAccessToken)
	wantCreationError(
		t,
		err,
		http.StatusUnauthorized,
		"invalid_token",
		"invalid token provided",
		"the client no longer exists",
	)
	_, err = flows.DeleteRegistration(t.Context(), s.hc, reg.RegistrationClientURI, reg.RegistrationAccessToken)
	wantCreationError(
		t,
		err,
		http.StatusUnauthorized,
		"invalid_token",
		"invalid token provided",
		"the client no longer exists",
	)
}

// testRegistrationManagementErrors: a wrong registration access token is
// refused (401 invalid_token, with a Bearer challenge), and the /tenant
// provider, without features.registrationManagement, reads registrations
// but answers a delete with a plain-text 404.
func testRegistrationManagementErrors(t *testing.T, s *server) {
	reg, _ := s.register(t, s.registration(flows.AuthBasic))
	_, _, err := flows.ReadRegistration(t.Context(), s.hc, reg.RegistrationClientURI, "not-the-token")
	if ce := wantCreationError(t, err, http.StatusUnauthorized, "invalid_token", "invalid token provided", "the registration access token was refused"); ce != nil {
		if h := ce.Err.Header.Get("WWW-Authenticate"); !strings.HasPrefix(h, "Bearer ") ||
			!strings.Contains(h, `error="invalid_token"`) {
			t.Errorf("WWW-Authenticate: got %q, want a Bearer challenge with invalid_token", h)
		}
	}

	r := s.registration(flows.AuthBasic)
	r.Endpoint = s.issuer + tenantPath + "/reg"
	reg, _ = s.register(t, r)
	if want := r.Endpoint + "/" + reg.ClientID; reg.RegistrationClientURI != want {
		t.Errorf("tenant registration_client_uri: got %q, want %q", reg.RegistrationClientURI, want)
	}
	if _, _, err := flows.ReadRegistration(t.Context(), s.hc, reg.RegistrationClientURI, reg.RegistrationAccessToken); err != nil {
		t.Errorf("tenant read: %v", err)
	}
	_, err = flows.DeleteRegistration(t.Context(), s.hc, reg.RegistrationClientURI, reg.RegistrationAccessToken)
	if ce := wantCreationError(t, err, http.StatusNotFound, "", "", ""); ce != nil { // any hint; see the README
		if msg := err.Error(); !strings.Contains(msg, "HTTP 404 Not Found: Not Found") {
			t.Errorf("message %q: want the status and the body", msg)
		}
	}
	if _, _, err := flows.ReadRegistration(t.Context(), s.hc, reg.RegistrationClientURI, reg.RegistrationAccessToken); err != nil {
		t.Errorf("tenant read after the refused delete: %v", err)
	}
}

// wantCreationError checks that err is a *flows.CreationError around the
// server's error, whose message also carries hint.
func wantCreationError(t *testing.T, err error, status int, code, desc, hint string) *flows.CreationError {
	t.Helper()
	var ce *flows.CreationError
	if !errors.As(err, &ce) {
		t.Errorf("got %v (%T), want a *flows.CreationError", err, err)
		return nil
	}
	if code != "" && wantOAuthError(t, err, status, code, desc) == nil {
		return nil
	}
	if ce.Err.StatusCode != status || !strings.Contains(err.Error(), hint) {
		t.Errorf("got HTTP %d, message %q; want HTTP %d and %q", ce.Err.StatusCode, err, status, hint)
		return nil
	}
	return ce
}

// stringOf returns v if it is a string.
func stringOf(v any) string {
	s, _ := v.(string)
	return s
}
