package demo

import (
	"net/http"
	"testing"
	"time"
)

func TestIntrospect_Active(t *testing.T) {
	clock := newTestClock()
	s, ts := newTestServer(t, Config{Now: clock.Now})
	s.AddClient(Client{ID: "resource-server", Secret: "rs", AuthMethods: []string{AuthClientSecretPost}})
	good := fetchToken(t, ts.URL)
	revoked := fetchToken(t, ts.URL)
	post(t, ts.URL+"/revoke", form("token", revoked), basic(ClientID, ClientSecret))
	clock.Advance(30 * time.Minute)
	future := fetchToken(t, ts.URL) // nbf is 30 minutes after the clock below
	clock.Advance(-30 * time.Minute)
	tests := []struct {
		name       string
		token      string
		wantActive bool
	}{
		{"valid", good, true},
		{"garbage", "nope", false},
		{"revoked", revoked, false},
		{"not yet valid", future, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := post(t, ts.URL+"/introspect",
				form("token", tt.token, "client_id", "resource-server", "client_secret", "rs"), "")
			checkActive(t, rep, tt.wantActive)
		})
	}
	clock.Advance(time.Hour)
	t.Run("expired", func(t *testing.T) {
		checkActive(t, post(t, ts.URL+"/introspect", form("token", good), basic(ClientID, ClientSecret)), false)
	})
}

// checkActive checks an introspection answer's active member; an inactive
// answer must say nothing else (RFC 7662 section 2.2).
func checkActive(t *testing.T, rep reply, want bool) {
	t.Helper()
	if rep.status != http.StatusOK {
		t.Fatalf("got status %d, want 200: %s", rep.status, rep.raw)
	}
	checkTokenHeaders(t, rep)
	if got := rep.json["active"]; got != want {
		t.Fatalf("active: got %v, want %v", got, want)
	}
	if !want && len(rep.json) != 1 {
		t.Errorf("inactive answer: got %s, want only active=false", rep.raw)
	}
}

func TestIntrospect_Claims(t *testing.T) {
	clock := newTestClock()
	_, ts := newTestServer(t, Config{Now: clock.Now})
	tok := fetchToken(t, ts.URL, "scope", "api:read", "audience", "https://a.example")
	rep := post(t, ts.URL+"/introspect", form("token", tok), basic(ClientID, ClientSecret))
	now := clock.Now()
	for k, want := range map[string]any{
		"active": true, "scope": "api:read", "client_id": ClientID, "sub": ClientID, "token_type": "Bearer",
		"iss": ts.URL, "iat": float64(now.Unix()), "exp": float64(now.Add(time.Hour).Unix()),
	} {
		if rep.json[k] != want {
			t.Errorf("%s: got %v, want %v", k, rep.json[k], want)
		}
	}
	if aud, _ := rep.json["aud"].([]any); len(aud) != 1 || aud[0] != "https://a.example" {
		t.Errorf("aud: got %v, want [https://a.example]", rep.json["aud"])
	}
}

func TestIntrospect_Errors(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	tok := fetchToken(t, ts.URL)
	for _, path := range []string{"/introspect", "/revoke"} {
		tests := []struct {
			name       string
			form       []string
			authz      string
			wantStatus int
			wantError  string
		}{
			{"no client auth", []string{"token", tok}, "", 401, "invalid_client"},
			{"wrong secret", []string{"token", tok}, basic(ClientID, "nope"), 401, "invalid_client"},
			{"missing token", nil, basic(ClientID, ClientSecret), 400, "invalid_request"},
			{
				"repeated token",
				[]string{"token", tok, "token", tok},
				basic(ClientID, ClientSecret),
				400,
				"invalid_request",
			},
		}
		for _, tt := range tests {
			t.Run(path+" "+tt.name, func(t *testing.T) {
				rep := post(t, ts.URL+path, form(tt.form...), tt.authz)
				checkOAuthError(t, rep, tt.wantStatus, tt.wantError, "")
			})
		}
	}
}

func TestRevoke(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.AddClient(Client{ID: "other", Secret: "o", Scopes: DefaultScopes})
	tok := fetchToken(t, ts.URL)
	introspect := func() any {
		return post(t, ts.URL+"/introspect", form("token", tok), basic(ClientID, ClientSecret)).json["active"]
	}

	rep := post(t, ts.URL+"/revoke", form("token", tok), basic("other", "o"))
	checkOAuthError(t, rep, 400, "unauthorized_client", "issued to client 'demo-client'")
	if introspect() != true {
		t.Fatalf("another client's revocation must not revoke the token")
	}

	for _, name := range []string{"first", "again"} {
		rep := post(
			t,
			ts.URL+"/revoke",
			form("token", tok, "token_type_hint", "access_token"),
			basic(ClientID, ClientSecret),
		)
		if rep.status != http.StatusOK || rep.raw != "" {
			t.Errorf("%s revocation: got %d %q, want 200 and no body", name, rep.status, rep.raw)
		}
		if got := rep.header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("Cache-Control: got %q, want no-store", got)
		}
	}
	if introspect() != false {
		t.Errorf("a revoked token is still active")
	}
	if rep := post(t, ts.URL+"/revoke", form("token", "garbage"), basic(ClientID, ClientSecret)); rep.status != 200 {
		t.Errorf("revoking garbage: got %d, want 200 (RFC 7009 section 2.2)", rep.status)
	}
}
