package demo

import (
	"net/http"
	"strings"
	"testing"
)

// createClient posts a WorkfloPlus-style body to the admin API.
func createClient(t *testing.T, base, body, authz string) reply {
	t.Helper()
	return postAs(t, base+"/api/client/", "application/json", body, authz)
}

const adminBody = `{"name":"scheduler","scopes":["api:read"],"permissions":["admin"]}`

func TestAdminClient_CreatesAWorkingClientAndShowsTheSecretOnce(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	rep := createClient(t, ts.URL, adminBody, bearer(AdminToken))
	if rep.status != http.StatusOK {
		t.Fatalf("got %d %s, want 200", rep.status, rep.raw)
	}
	client, _ := rep.json["client"].(map[string]any)
	id, _ := client["clientId"].(string)
	secret := rep.str("newSecret")
	if id == "" || secret == "" || client["name"] != "scheduler" {
		t.Fatalf("got %s", rep.raw)
	}
	f := form("grant_type", "client_credentials", "client_id", id, "client_secret", secret)
	if tok := post(t, ts.URL+"/token", f, ""); tok.status != http.StatusOK || tok.str("scope") != "api:read" {
		t.Fatalf("token for the new client: got %d %s", tok.status, tok.raw)
	}
	again := get(t, ts.URL+"/api/client/"+id, bearer(AdminToken))
	if again.status != http.StatusOK || !strings.Contains(again.raw, id) {
		t.Fatalf("GET the client: got %d %s", again.status, again.raw)
	}
	if strings.Contains(again.raw, secret) || strings.Contains(again.raw, "newSecret") {
		t.Errorf("the secret is shown a second time: %s", again.raw)
	}
	if r := get(t, ts.URL+"/api/client/nope", bearer(AdminToken)); r.status != http.StatusNotFound {
		t.Errorf("unknown client: got %d, want 404", r.status)
	}
}

func TestAdminClient_NoSlashAndDefaultScopes(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	rep := postAs(t, ts.URL+"/api/client", "application/json", `{"name":"x"}`, bearer(AdminToken))
	if rep.status != http.StatusOK {
		t.Fatalf("got %d %s", rep.status, rep.raw)
	}
	if !strings.Contains(rep.raw, `"scopes":["api:read","api:write"]`) ||
		!strings.Contains(rep.raw, `"permissions":[]`) {
		t.Errorf("got %s, want the default scopes and no permissions", rep.raw)
	}
}

func TestAdminClient_Errors(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	cases := []struct {
		name, body, authz string
		status            int
		code              string
	}{
		{"no token", adminBody, "", http.StatusUnauthorized, ""},
		{"wrong token", adminBody, bearer("nope"), http.StatusUnauthorized, errInvalidToken},
		{"not an owner", adminBody, bearer(UserToken), http.StatusForbidden, errInsufficientScope},
		{"basic auth", adminBody, basic(ClientID, ClientSecret), http.StatusUnauthorized, ""},
		{"no name", `{"scopes":[]}`, bearer(AdminToken), http.StatusBadRequest, errInvalidRequest},
		{
			"unknown scope",
			`{"name":"x","scopes":["api:admin"]}`,
			bearer(AdminToken),
			http.StatusBadRequest,
			errInvalidScope,
		},
		{"not JSON", `name=x`, bearer(AdminToken), http.StatusBadRequest, errInvalidRequest},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := createClient(t, ts.URL, c.body, c.authz)
			if rep.status != c.status || rep.str("error") != c.code {
				t.Fatalf("got %d %s, want %d %q", rep.status, rep.raw, c.status, c.code)
			}
			if c.status == http.StatusUnauthorized && !strings.HasPrefix(rep.header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("401 without a Bearer challenge: %q", rep.header.Get("WWW-Authenticate"))
			}
		})
	}
	if rep := get(t, ts.URL+"/api/client/", bearer(AdminToken)); rep.status != http.StatusMethodNotAllowed {
		t.Errorf("GET /api/client/: got %d, want 405", rep.status)
	}
}
