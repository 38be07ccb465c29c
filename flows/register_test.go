package flows

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// regServer is a registration endpoint for tests: it records the request
// and answers with status and body.
func regServer(t *testing.T, status int, body string, seen func(r *http.Request, md map[string]any)) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var md map[string]any
		_ = json.Unmarshal(raw, &md)
		if seen != nil {
			seen(r, md)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(ts.Close)
	return ts
}

const regAnswer = `{"client_id":"c-1","client_secret":"Reg-Secret-123","client_secret_expires_at":1900000000,
 "client_id_issued_at":1700000000,"registration_access_token":"Reg-Token-456",
 "registration_client_uri":"https://as.example/register/c-1","token_endpoint_auth_method":"client_secret_post","scope":"a b"}`

func TestRegister_SendsMetadataAndParsesTheAnswer(t *testing.T) {
	var got map[string]any
	var req *http.Request
	ts := regServer(t, http.StatusCreated, regAnswer, func(r *http.Request, md map[string]any) { req, got = r, md })
	reg, ex, err := Register(context.Background(), nil, RegistrationRequest{Endpoint: ts.URL, ClientName: "my client",
		Scopes: []string{"a", "b"}, AuthMethod: "post", Metadata: map[string]any{"contacts": []any{"x@example.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" ||
		req.Header.Get("Authorization") != "" {
		t.Errorf(
			"got %s, Content-Type %q, Authorization %q",
			req.Method,
			req.Header.Get("Content-Type"),
			req.Header.Get("Authorization"),
		)
	}
	want := map[string]any{"client_name": "my client", "grant_types": []any{"client_credentials"},
		"token_endpoint_auth_method": AuthPost, "scope": "a b", "contacts": []any{"x@example.com"}}
	if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
		t.Errorf("got metadata %s, want %s", g, w)
	}
	if reg.ClientID != "c-1" || reg.ClientSecret != "Reg-Secret-123" ||
		reg.RegistrationAccessToken != "Reg-Token-456" ||
		reg.RegistrationClientURI != "https://as.example/register/c-1" ||
		reg.TokenEndpointAuthMethod != string(AuthPost) ||
		reg.Scope != "a b" {
		t.Errorf("got %+v", reg)
	}
	if !reg.SecretExpiresAt.Equal(time.Unix(1900000000, 0)) || !reg.IssuedAt.Equal(time.Unix(1700000000, 0)) {
		t.Errorf("got expiry %v, issued %v", reg.SecretExpiresAt, reg.IssuedAt)
	}
	raw := ex.Raw(false) + ex.Curl(false)
	for _, s := range []string{"Reg-Secret-123", "Reg-Token-456"} {
		if strings.Contains(raw, s) {
			t.Errorf("the masked exchange shows %q:\n%s", s, raw)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRegister_InitialAccessTokenAndMetadataThatWins(t *testing.T) {
	var authz string
	var md map[string]any
	ts := regServer(
		t,
		http.StatusCreated,
		`{"client_id":"c-2","client_secret_expires_at":0}`,
		func(r *http.Request, m map[string]any) {
			authz, md = r.Header.Get("Authorization"), m
		},
	)
	reg, ex, err := Register(
		context.Background(),
		nil,
		RegistrationRequest{Endpoint: ts.URL, InitialAccessToken: "Initial-Token-789",
			Metadata: map[string]any{"grant_types": []any{"client_credentials", "refresh_token"}}},
	)
	if err != nil {
		t.Fatal(err)
	}
	if authz != "Bearer Initial-Token-789" {
		t.Errorf("got Authorization %q", authz)
	}
	if g := mustJSON(t, md["grant_types"]); g != `["client_credentials","refresh_token"]` ||
		md["token_endpoint_auth_method"] != string(AuthBasic) {
		t.Errorf("got grant_types %s, auth %v", g, md["token_endpoint_auth_method"])
	}
	if !reg.SecretExpiresAt.IsZero() || reg.ClientSecret != "" {
		t.Errorf("got %+v, want no secret expiry", reg)
	}
	if strings.Contains(ex.Raw(false)+ex.Curl(false), "Initial-Token-789") {
		t.Error("the initial access token is shown")
	}
}

// regErrorCases are registration error answers and what must be said.
var regErrorCases = []struct {
	name, body, iat      string
	status               int
	code, field, example string
	needsToken           bool
	hint                 string
}{
	{
		"redirect_uris demanded",
		`{"error":"invalid_redirect_uri","error_description":"at least one redirect URI is required"}`,
		"",
		400,
		"invalid_redirect_uri",
		"redirect_uris",
		`{"redirect_uris":["https://localhost/cb"]}`,
		false,
		"never uses",
	},
	{
		"redirect URIs in words",
		`{"error":"invalid_client_metadata","error_description":"Redirect URIs are required"}`,
		"",
		400,
		"invalid_client_metadata",
		"redirect_uris",
		`{"redirect_uris":["https://localhost/cb"]}`,
		false,
		"redirect_uris",
	},
	{
		"a value sent was refused",
		`{"error":"invalid_client_metadata","error_description":"scope 'x' is unknown"}`,
		"",
		400,
		"invalid_client_metadata",
		"",
		"",
		false,
		"refused the value of scope",
	},
	{"non-standard body names a field", `{"message":"contacts is required"}`, "", 400,
		"", "contacts", `{"contacts":["you@example.com"]}`, false, "insists on contacts"},
	{
		"no detail",
		`{"error":"invalid_client_metadata"}`,
		"",
		400,
		"invalid_client_metadata",
		"",
		"",
		false,
		"refused a client metadata value",
	},
	{
		"initial token needed",
		`{"error":"invalid_token"}`,
		"",
		401,
		"invalid_token",
		"",
		"",
		true,
		"initial access token",
	},
	{"initial token refused", `{"error":"invalid_token"}`, "iat", 401, "invalid_token", "", "", true, "was refused"},
	{"forbidden", `{}`, "", 403, "", "", "", true, "HTTP 403"},
	{"wrong URL", `not found`, "", 404, "", "", "", false, "nothing registers clients"},
	{
		"software statement",
		`{"error":"unapproved_software_statement"}`,
		"",
		400,
		"unapproved_software_statement",
		"",
		"",
		false,
		"software statement",
	},
}

func TestRegister_ErrorsAreExplained(t *testing.T) {
	for _, c := range regErrorCases {
		t.Run(c.name, func(t *testing.T) {
			ts := regServer(t, c.status, c.body, nil)
			_, ex, err := Register(
				context.Background(),
				nil,
				RegistrationRequest{
					Endpoint:           ts.URL,
					ClientName:         "x",
					Scopes:             []string{"x"},
					InitialAccessToken: c.iat,
				},
			)
			var ce *CreationError
			var oe *OAuthError
			if !errors.As(err, &ce) || !errors.As(err, &oe) {
				t.Fatalf("got %T %v, want a *CreationError wrapping an *OAuthError", err, err)
			}
			if oe.Code != c.code || oe.StatusCode != c.status || ce.Field != c.field || ce.Example != c.example ||
				ce.NeedsToken != c.needsToken {
				t.Errorf(
					"got code %q status %d field %q example %q token %v",
					oe.Code,
					oe.StatusCode,
					ce.Field,
					ce.Example,
					ce.NeedsToken,
				)
			}
			if !strings.Contains(err.Error(), c.hint) {
				t.Errorf("got %q, want it to say %q", err, c.hint)
			}
			if ex.Status != c.status {
				t.Errorf("got exchange status %d", ex.Status)
			}
		})
	}
}

func TestRegister_BadAnswersAndConfig(t *testing.T) {
	ts := regServer(t, http.StatusCreated, `{"client_secret":"x"}`, nil)
	if _, _, err := Register(context.Background(), nil, RegistrationRequest{Endpoint: ts.URL}); err == nil ||
		!strings.Contains(err.Error(), "no client_id") {
		t.Errorf("no client_id: got %v", err)
	}
	html := regServer(t, http.StatusOK, `<html><title>Login</title></html>`, nil)
	if _, _, err := Register(context.Background(), nil, RegistrationRequest{Endpoint: html.URL}); err == nil ||
		!strings.Contains(err.Error(), "HTML") {
		t.Errorf("HTML: got %v", err)
	}
	var ce *ConfigError
	for _, r := range []RegistrationRequest{{}, {Endpoint: "/register"}, {Endpoint: ts.URL, AuthMethod: "jwt"}} {
		if _, _, err := Register(context.Background(), nil, r); !errors.As(err, &ce) {
			t.Errorf("%+v: got %v, want a *ConfigError", r, err)
		}
	}
}

func TestReadAndDeleteRegistration(t *testing.T) {
	deleted := false
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Header.Get("Authorization") != "Bearer Reg-Token-456" || deleted:
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":"invalid_token"}`)
		case r.Method == http.MethodDelete:
			deleted = true
			w.WriteHeader(http.StatusNoContent)
		default:
			io.WriteString(w, regAnswer)
		}
	}))
	defer ts.Close()
	ctx := context.Background()
	reg, ex, err := ReadRegistration(ctx, nil, ts.URL+"/register/c-1", "Reg-Token-456")
	if err != nil || reg.ClientID != "c-1" || ex.Label != "registration read" {
		t.Fatalf("read: got %+v, %v", reg, err)
	}
	if strings.Contains(ex.Raw(false), "Reg-Secret-123") || strings.Contains(ex.Raw(false), "Reg-Token-456") {
		t.Errorf("read shows a secret:\n%s", ex.Raw(false))
	}
	_, _, err = ReadRegistration(ctx, nil, ts.URL+"/register/c-1", "wrong")
	var ce *CreationError
	if !errors.As(err, &ce) || !ce.NeedsToken || !strings.Contains(err.Error(), "registration access token") {
		t.Errorf("wrong token: got %v", err)
	}
	if ex, err := DeleteRegistration(ctx, nil, ts.URL+"/register/c-1", "Reg-Token-456"); err != nil ||
		ex.Status != http.StatusNoContent {
		t.Fatalf("delete: got %d, %v", ex.Status, err)
	}
	if _, err := DeleteRegistration(ctx, nil, ts.URL+"/register/c-1", "Reg-Token-456"); !errors.As(err, &ce) {
		t.Errorf("delete again: got %v, want a *CreationError", err)
	}
	var cfg *ConfigError
	if _, err := DeleteRegistration(ctx, nil, ts.URL, ""); !errors.As(err, &cfg) {
		t.Errorf("no token: got %v, want a *ConfigError", err)
	}
}

func TestParseExtraMetadata(t *testing.T) {
	md, err := ParseExtraMetadata(`{"redirect_uris":["https://localhost/cb"],"n":1}`)
	if err != nil || len(md) != 2 {
		t.Fatalf("got %v, %v", md, err)
	}
	if md, err := ParseExtraMetadata("  "); md != nil || err != nil {
		t.Errorf("empty: got %v, %v", md, err)
	}
	for _, bad := range []string{`[1]`, `{`, `null`, `"x"`} {
		var ce *ConfigError
		if _, err := ParseExtraMetadata(bad); !errors.As(err, &ce) {
			t.Errorf("%s: got %v, want a *ConfigError", bad, err)
		}
	}
}
