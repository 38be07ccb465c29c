package demo

import (
	"net/http"
	"slices"
	"testing"
)

func TestDiscovery(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.AddClient(Client{ID: "other", Secret: "x", Scopes: []string{"reports:read"}})
	for _, path := range []string{"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"} {
		t.Run(path, func(t *testing.T) {
			rep := get(t, ts.URL+path, "")
			if rep.status != http.StatusOK {
				t.Fatalf("got status %d, want 200", rep.status)
			}
			if ct := rep.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type: got %q, want application/json", ct)
			}
			for key, want := range map[string]string{
				"issuer":                 ts.URL,
				"token_endpoint":         ts.URL + "/token",
				"jwks_uri":               ts.URL + "/jwks",
				"introspection_endpoint": ts.URL + "/introspect",
				"revocation_endpoint":    ts.URL + "/revoke",
				"registration_endpoint":  ts.URL + "/register",
			} {
				if got := rep.str(key); got != want {
					t.Errorf("%s: got %q, want %q", key, got, want)
				}
			}
			checkList(t, rep, "grant_types_supported", "authorization_code", "client_credentials", grantRefreshToken,
				grantDeviceCode, "urn:ietf:params:oauth:grant-type:jwt-bearer",
				"urn:ietf:params:oauth:grant-type:token-exchange")
			checkList(t, rep, "response_types_supported", "code")
			for _, key := range []string{"token_endpoint_auth_methods_supported",
				"introspection_endpoint_auth_methods_supported", "revocation_endpoint_auth_methods_supported"} {
				checkList(t, rep, key, AuthClientSecretBasic, AuthClientSecretPost, AuthPrivateKeyJWT,
					AuthClientSecretJWT, AuthNone)
			}
			checkList(t, rep, "token_endpoint_auth_signing_alg_values_supported",
				"RS256", "PS256", "ES256", "ES384", "EdDSA", "HS256")
			checkList(t, rep, "scopes_supported", "api:read", "api:write", "reports:read")
			if path == "/.well-known/openid-configuration" {
				checkList(t, rep, "id_token_signing_alg_values_supported", "RS256")
				checkList(t, rep, "subject_types_supported", "public")
			}
		})
	}
}

// checkList checks that the JSON array at key is exactly want.
func checkList(t *testing.T, rep reply, key string, want ...string) {
	t.Helper()
	raw, ok := rep.json[key].([]any)
	if !ok {
		t.Errorf("%s: got %v, want an array", key, rep.json[key])
		return
	}
	got := make([]string, 0, len(raw))
	for _, v := range raw {
		s, _ := v.(string)
		got = append(got, s)
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: got %q, want %q", key, got, want)
	}
}

func TestDiscovery_EndpointsWork(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	md := get(t, ts.URL+"/.well-known/oauth-authorization-server", "")
	rep := post(t, md.str("token_endpoint"), form("grant_type", "client_credentials"), basic(ClientID, ClientSecret))
	if rep.status != http.StatusOK {
		t.Fatalf("token at the discovered endpoint: got %d, want 200: %s", rep.status, rep.raw)
	}
	jwks := get(t, md.str("jwks_uri"), "")
	keys, _ := jwks.json["keys"].([]any)
	if len(keys) != 1 {
		t.Fatalf("jwks: got %d keys, want 1: %s", len(keys), jwks.raw)
	}
	key, _ := keys[0].(map[string]any)
	for k, want := range map[string]string{"kty": "RSA", "use": "sig", "alg": "RS256"} {
		if key[k] != want {
			t.Errorf("jwk %s: got %v, want %q", k, key[k], want)
		}
	}
	if kid, _ := key["kid"].(string); kid == "" {
		t.Errorf("jwk has no kid")
	}
}

func TestNotFoundAndMethods(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	tests := []struct {
		method, path string
		wantStatus   int
		wantAllow    string
	}{
		{http.MethodGet, "/nope", http.StatusNotFound, ""},
		{http.MethodGet, "/api/me/", http.StatusNotFound, ""},
		{http.MethodGet, "/token", http.StatusMethodNotAllowed, "POST"},
		{http.MethodGet, "/introspect", http.StatusMethodNotAllowed, "POST"},
		{http.MethodGet, "/revoke", http.StatusMethodNotAllowed, "POST"},
		{http.MethodPost, "/jwks", http.StatusMethodNotAllowed, "GET, HEAD"},
		{http.MethodPost, "/api/me", http.StatusMethodNotAllowed, "GET, HEAD"},
		{http.MethodDelete, "/.well-known/openid-configuration", http.StatusMethodNotAllowed, "GET, HEAD"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, ts.URL+tt.path, nil)
			rep := do(t, req)
			if rep.status != tt.wantStatus {
				t.Fatalf("got status %d, want %d", rep.status, tt.wantStatus)
			}
			if got := rep.header.Get("Allow"); got != tt.wantAllow {
				t.Errorf("Allow: got %q, want %q", got, tt.wantAllow)
			}
			if tt.wantStatus == http.StatusNotFound && rep.str("error") != "not_found" {
				t.Errorf("body: got %s, want error not_found", rep.raw)
			}
		})
	}
}
