package demo

import (
	"net/http"
	"strings"
	"testing"
)

// register posts client metadata to the registration endpoint.
func register(t *testing.T, base, metadata, authz string) reply {
	t.Helper()
	return postAs(t, base+"/register", "application/json", metadata, authz)
}

const ccMetadata = `{"client_name":"reg test","grant_types":["client_credentials"],"scope":"api:read"}`

func TestRegister_OpenRegistrationMakesAWorkingClient(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	rep := register(t, ts.URL, ccMetadata, "")
	if rep.status != http.StatusCreated {
		t.Fatalf("got status %d, want 201: %s", rep.status, rep.raw)
	}
	id, secret := rep.str("client_id"), rep.str("client_secret")
	if id == "" || secret == "" || rep.str("registration_access_token") == "" {
		t.Fatalf("missing credentials in %s", rep.raw)
	}
	for key, want := range map[string]string{"client_name": "reg test", "scope": "api:read",
		"token_endpoint_auth_method": AuthClientSecretBasic, "registration_client_uri": ts.URL + "/register/" + id} {
		if got := rep.str(key); got != want {
			t.Errorf("%s: got %q, want %q", key, got, want)
		}
	}
	if rep.json["client_secret_expires_at"] != float64(0) || rep.header.Get("Cache-Control") != "no-store" {
		t.Errorf(
			"got expiry %v, Cache-Control %q; want 0 and no-store",
			rep.json["client_secret_expires_at"],
			rep.header.Get("Cache-Control"),
		)
	}
	tok := post(t, ts.URL+"/token", form("grant_type", "client_credentials"), basic(id, secret))
	if tok.status != http.StatusOK || tok.str("scope") != "api:read" {
		t.Fatalf("token for the new client: got %d %s", tok.status, tok.raw)
	}
}

func TestRegister_AuthMethodIsEnforced(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	rep := register(
		t,
		ts.URL,
		`{"grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_post"}`,
		"",
	)
	id, secret := rep.str("client_id"), rep.str("client_secret")
	if got := rep.str("scope"); got != strings.Join(DefaultScopes, " ") {
		t.Errorf("no scope asked: got %q, want the defaults", got)
	}
	if r := post(t, ts.URL+"/token", form("grant_type", "client_credentials"), basic(id, secret)); r.status != http.StatusUnauthorized {
		t.Errorf("basic for a post client: got %d, want 401", r.status)
	}
	f := form("grant_type", "client_credentials", "client_id", id, "client_secret", secret)
	if r := post(t, ts.URL+"/token", f, ""); r.status != http.StatusOK {
		t.Errorf("post: got %d %s, want 200", r.status, r.raw)
	}
}

func TestRegister_MetadataErrors(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	cases := []struct{ name, contentType, body, code, mention string }{
		{"no grant_types", "application/json", `{"client_name":"x"}`, errInvalidClientMetadata, "authorization_code"},
		{"password grant", "application/json", `{"grant_types":["password"]}`, errInvalidClientMetadata, "not offered"},
		{
			"auth method",
			"application/json",
			`{"grant_types":["client_credentials"],"token_endpoint_auth_method":"private_key_jwt"}`,
			errInvalidClientMetadata,
			"private_key_jwt",
		},
		{
			"unknown scope",
			"application/json",
			`{"grant_types":["client_credentials"],"scope":"api:admin"}`,
			errInvalidClientMetadata,
			"api:admin",
		},
		{
			"scope not a string",
			"application/json",
			`{"grant_types":["client_credentials"],"scope":["api:read"]}`,
			errInvalidClientMetadata,
			"scope",
		},
		{
			"relative redirect",
			"application/json",
			`{"grant_types":["client_credentials"],"redirect_uris":["/cb"]}`,
			errInvalidRedirectURI,
			"/cb",
		},
		{"not JSON", "application/json", `client_name=x`, errInvalidClientMetadata, "JSON"},
		{"form content type", "application/x-www-form-urlencoded", `{}`, errInvalidClientMetadata, "application/json"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := postAs(t, ts.URL+"/register", c.contentType, c.body, "")
			if rep.status != http.StatusBadRequest || rep.str("error") != c.code {
				t.Fatalf("got %d %s, want 400 %s", rep.status, rep.raw, c.code)
			}
			if !strings.Contains(rep.str("error_description"), c.mention) {
				t.Errorf("description %q does not mention %q", rep.str("error_description"), c.mention)
			}
		})
	}
	if rep := get(t, ts.URL+"/register", ""); rep.status != http.StatusMethodNotAllowed {
		t.Errorf("GET /register: got %d, want 405", rep.status)
	}
}

func TestRegister_RequireRedirectURIs(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.SetRegistrationOptions(RegistrationOptions{RequireRedirectURIs: true})
	rep := register(t, ts.URL, ccMetadata, "")
	if rep.status != http.StatusBadRequest || rep.str("error") != errInvalidRedirectURI ||
		!strings.Contains(rep.str("error_description"), "redirect_uris") {
		t.Fatalf("got %d %s, want 400 invalid_redirect_uri naming redirect_uris", rep.status, rep.raw)
	}
	rep = register(t, ts.URL, `{"grant_types":["client_credentials"],"redirect_uris":["https://localhost/cb"]}`, "")
	if rep.status != http.StatusCreated {
		t.Fatalf("with redirect_uris: got %d %s", rep.status, rep.raw)
	}
	if uris, _ := rep.json["redirect_uris"].([]any); len(uris) != 1 || uris[0] != "https://localhost/cb" {
		t.Errorf("got redirect_uris %v", rep.json["redirect_uris"])
	}
}

func TestRegister_InitialAccessToken(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.SetRegistrationOptions(RegistrationOptions{InitialAccessToken: "iat-123"})
	none := register(t, ts.URL, ccMetadata, "")
	if none.status != http.StatusUnauthorized || !strings.HasPrefix(none.header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("no token: got %d, challenge %q; want 401 Bearer", none.status, none.header.Get("WWW-Authenticate"))
	}
	wrong := register(t, ts.URL, ccMetadata, bearer("iat-999"))
	if wrong.status != http.StatusUnauthorized || wrong.str("error") != errInvalidToken {
		t.Errorf("wrong token: got %d %s, want 401 invalid_token", wrong.status, wrong.raw)
	}
	if ok := register(t, ts.URL, ccMetadata, bearer("iat-123")); ok.status != http.StatusCreated {
		t.Errorf("right token: got %d %s, want 201", ok.status, ok.raw)
	}
}

func TestRegistration_ReadAndDelete(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	rep := register(t, ts.URL, ccMetadata, "")
	uri, regTok := rep.str("registration_client_uri"), rep.str("registration_access_token")
	id, secret := rep.str("client_id"), rep.str("client_secret")
	read := get(t, uri, bearer(regTok))
	if read.status != http.StatusOK || read.str("client_id") != id || read.str("client_name") != "reg test" {
		t.Fatalf("read: got %d %s", read.status, read.raw)
	}
	if r := get(t, uri, bearer("wrong")); r.status != http.StatusUnauthorized || r.str("error") != errInvalidToken {
		t.Errorf("read with a wrong token: got %d %s, want 401 invalid_token", r.status, r.raw)
	}
	if r := get(t, uri, ""); r.status != http.StatusUnauthorized {
		t.Errorf("read without a token: got %d, want 401", r.status)
	}
	del := deleteReq(t, uri, bearer(regTok))
	if del.status != http.StatusNoContent {
		t.Fatalf("delete: got %d %s, want 204", del.status, del.raw)
	}
	if r := post(t, ts.URL+"/token", form("grant_type", "client_credentials"), basic(id, secret)); r.status != http.StatusUnauthorized {
		t.Errorf("token after delete: got %d, want 401", r.status)
	}
	if r := get(t, uri, bearer(regTok)); r.status != http.StatusUnauthorized {
		t.Errorf("read after delete: got %d, want 401", r.status)
	}
}

// deleteReq sends a DELETE with an Authorization header.
func deleteReq(t *testing.T, u, authz string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodDelete, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", authz)
	return do(t, req)
}
