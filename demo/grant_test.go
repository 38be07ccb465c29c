package demo

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
)

// TestToken_GrantDispatch: the token endpoint hands each grant_type to its
// handler; a missing or unknown one is refused before any handler runs.
func TestToken_GrantDispatch(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	tests := []struct {
		name       string
		form       url.Values
		wantStatus int
		wantError  string
	}{
		{"client_credentials", form("grant_type", "client_credentials"), http.StatusOK, ""},
		{"missing", form(), http.StatusBadRequest, errInvalidRequest},
		{"unknown", form("grant_type", "password"), http.StatusBadRequest, errUnsupportedGrantType},
		{"repeated", url.Values{"grant_type": {"client_credentials", "client_credentials"}}, http.StatusBadRequest,
			errInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := post(t, ts.URL+"/token", tt.form, basic(ClientID, ClientSecret))
			if rep.status != tt.wantStatus || rep.str("error") != tt.wantError {
				t.Errorf(
					"got %d %q, want %d %q: %s",
					rep.status,
					rep.str("error"),
					tt.wantStatus,
					tt.wantError,
					rep.raw,
				)
			}
		})
	}
}

func TestGrantHandlers_EveryGrantIsSupported(t *testing.T) {
	if got := supportedGrants(); len(got) != len(grantHandlers) || !slices.Contains(got, grantClientCredentials) {
		t.Errorf("got %q, want the grant types of grantHandlers", got)
	}
}

// TestToken_PublicClient: a client registered for "none" is identified by
// its client_id alone, but the client credentials grant needs a
// confidential client (RFC 6749 §4.4), and so does introspection.
func TestToken_PublicClient(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.AddClient(Client{ID: "public", Scopes: []string{"api:read"}, AuthMethods: []string{AuthNone}})
	rep := post(t, ts.URL+"/token", form("grant_type", "client_credentials", "client_id", "public"), "")
	if rep.status != http.StatusBadRequest || rep.str("error") != errUnauthorizedClient {
		t.Errorf("token: got %d %q, want 400 unauthorized_client: %s", rep.status, rep.str("error"), rep.raw)
	}
	rep = post(t, ts.URL+"/introspect", form("token", "x", "client_id", "public"), "")
	if rep.status != http.StatusUnauthorized || rep.str("error") != "invalid_client" {
		t.Errorf("introspect: got %d %q, want 401 invalid_client: %s", rep.status, rep.str("error"), rep.raw)
	}
	rep = post(t, ts.URL+"/token", form("grant_type", "client_credentials", "client_id", ClientID), "")
	if rep.status != http.StatusUnauthorized || rep.str("error") != "invalid_client" {
		t.Errorf(
			"a confidential client without its secret: got %d %q, want 401 invalid_client",
			rep.status,
			rep.str("error"),
		)
	}
}
