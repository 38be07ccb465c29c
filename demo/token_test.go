package demo

import (
	"crypto/rsa"
	"encoding/base64"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// oddSecret has every character that form-urlencoding changes.
const oddSecret = "p:a+s/s%w rd"

func TestToken_Success(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.AddClient(Client{ID: "odd client", Secret: oddSecret, Scopes: []string{"api:read"}})
	tests := []struct {
		name      string
		form      url.Values
		authz     string
		wantScope string
	}{
		{"basic", form("grant_type", "client_credentials"), basic(ClientID, ClientSecret), "api:read api:write"},
		{
			"post",
			form("grant_type", "client_credentials", "client_id", ClientID, "client_secret", ClientSecret),
			"",
			"api:read api:write",
		},
		{
			"basic with client_id in body",
			form("grant_type", "client_credentials", "client_id", ClientID),
			basic(ClientID, ClientSecret),
			"api:read api:write",
		},
		{
			"scope subset",
			form("grant_type", "client_credentials", "scope", "api:write"),
			basic(ClientID, ClientSecret),
			"api:write",
		},
		{
			"scope repeated in list",
			form("grant_type", "client_credentials", "scope", "api:read api:read"),
			basic(ClientID, ClientSecret),
			"api:read",
		},
		{
			"empty scope means default",
			form("grant_type", "client_credentials", "scope", ""),
			basic(ClientID, ClientSecret),
			"api:read api:write",
		},
		{
			"lowercase basic scheme",
			form("grant_type", "client_credentials"),
			"basic " + strings.TrimPrefix(basic(ClientID, ClientSecret), "Basic "),
			"api:read api:write",
		},
		{
			"odd secret, basic urlencoded",
			form("grant_type", "client_credentials"),
			basic("odd client", oddSecret),
			"api:read",
		},
		{
			"odd secret, post",
			form("grant_type", "client_credentials", "client_id", "odd client", "client_secret", oddSecret),
			"",
			"api:read",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkTokenSuccess(t, post(t, ts.URL+"/token", tt.form, tt.authz), tt.wantScope)
		})
	}
}

// checkTokenSuccess checks a successful token response (RFC 6749 §5.1).
func checkTokenSuccess(t *testing.T, rep reply, wantScope string) {
	t.Helper()
	if rep.status != http.StatusOK {
		t.Fatalf("got status %d, want 200: %s", rep.status, rep.raw)
	}
	checkTokenHeaders(t, rep)
	if got := rep.str("token_type"); got != "Bearer" {
		t.Errorf("token_type: got %q, want Bearer", got)
	}
	if got := rep.json["expires_in"]; got != 3600.0 {
		t.Errorf("expires_in: got %v, want 3600", got)
	}
	if got := rep.str("scope"); got != wantScope {
		t.Errorf("scope: got %q, want %q", got, wantScope)
	}
	if rep.str("access_token") == "" {
		t.Errorf("no access_token: %s", rep.raw)
	}
	if _, ok := rep.json["refresh_token"]; ok {
		t.Errorf("got a refresh_token; client credentials must not issue one")
	}
}

// checkTokenHeaders checks the headers RFC 6749 §5.1 requires.
func checkTokenHeaders(t *testing.T, rep reply) {
	t.Helper()
	for k, want := range map[string]string{
		"Content-Type": "application/json", "Cache-Control": "no-store", "Pragma": "no-cache",
	} {
		if got := rep.header.Get(k); got != want {
			t.Errorf("%s: got %q, want %q", k, got, want)
		}
	}
}

// tokenErrorCase is a token request that must fail.
type tokenErrorCase struct {
	name        string
	form        url.Values
	authz       string
	contentType string // default application/x-www-form-urlencoded
	wantStatus  int
	wantError   string
	wantDesc    string // a substring of error_description
}

// tokenErrorCases are the RFC 6749 §5.2 and RFC 8707 failures, for a server
// with the clients TestToken_Errors adds.
func tokenErrorCases() []tokenErrorCase {
	cc := func(kv ...string) url.Values {
		return form(append([]string{"grant_type", "client_credentials"}, kv...)...)
	}
	good := basic(ClientID, ClientSecret)
	return []tokenErrorCase{
		{"unknown client, basic", cc(), basic("nobody", "x"), "", 401, "invalid_client", "unknown client"},
		{"wrong secret, basic", cc(), basic(ClientID, "wrong"), "", 401, "invalid_client", "secret is wrong"},
		{
			"wrong secret, post",
			cc("client_id", ClientID, "client_secret", "wrong"),
			"",
			"",
			401,
			"invalid_client",
			"secret is wrong",
		},
		{
			"unknown client, post",
			cc("client_id", "nobody", "client_secret", "x"),
			"",
			"",
			401,
			"invalid_client",
			"unknown client",
		},
		{"no client auth", cc(), "", "", 401, "invalid_client", "client authentication is required"},
		{"post without secret", cc("client_id", ClientID), "", "", 401, "invalid_client", "client_secret is missing"},
		{
			"odd secret sent raw",
			cc(),
			rawBasic("odd client:" + oddSecret),
			"",
			401,
			"invalid_client",
			"form-urlencoded",
		},
		{"basic not base64", cc(), "Basic !!!", "", 401, "invalid_client", "base64"},
		{"basic without colon", cc(), rawBasic("demo-client"), "", 401, "invalid_client", "':'"},
		{
			"basic and post at once",
			cc("client_id", ClientID, "client_secret", ClientSecret),
			good,
			"",
			400,
			"invalid_request",
			"both",
		},
		{
			"body client_id differs from basic",
			cc("client_id", "other"),
			good,
			"",
			400,
			"invalid_request",
			"does not match",
		},
		{
			"basic-only client uses post",
			cc("client_id", "basic-only", "client_secret", "b"),
			"",
			"",
			401,
			"invalid_client",
			"must authenticate with client_secret_basic",
		},
		{
			"post-only client uses basic",
			cc(),
			basic("post-only", "p"),
			"",
			401,
			"invalid_client",
			"must authenticate with client_secret_post",
		},
		{"missing grant_type", form(), good, "", 400, "invalid_request", "grant_type is missing"},
		{"repeated grant_type", cc("grant_type", "client_credentials"), good, "", 400, "invalid_request", "repeated"},
		{"password grant", form("grant_type", "password"), good, "", 400, "unsupported_grant_type", "password"},
		{"scope not allowed", cc("scope", "api:read api:admin"), good, "", 400, "invalid_scope", "api:admin"},
		{
			"scope of another client",
			cc("scope", "api:write"),
			basic("odd client", oddSecret),
			"",
			400,
			"invalid_scope",
			"api:write",
		},
		{"JSON body", cc(), good, "application/json", 400, "invalid_request", "x-www-form-urlencoded"},
		{"relative resource", cc("resource", "/api"), good, "", 400, "invalid_target", "/api"},
		{
			"resource with fragment",
			cc("resource", "https://api.example/#x"),
			good,
			"",
			400,
			"invalid_target",
			"fragment",
		},
	}
}

func TestToken_Errors(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	s.AddClient(Client{ID: "odd client", Secret: oddSecret, Scopes: []string{"api:read"}})
	s.AddClient(
		Client{ID: "basic-only", Secret: "b", Scopes: DefaultScopes, AuthMethods: []string{AuthClientSecretBasic}},
	)
	s.AddClient(
		Client{ID: "post-only", Secret: "p", Scopes: DefaultScopes, AuthMethods: []string{AuthClientSecretPost}},
	)
	for _, tt := range tokenErrorCases() {
		t.Run(tt.name, func(t *testing.T) {
			ct := tt.contentType
			if ct == "" {
				ct = "application/x-www-form-urlencoded"
			}
			rep := postAs(t, ts.URL+"/token", ct, tt.form.Encode(), tt.authz)
			checkOAuthError(t, rep, tt.wantStatus, tt.wantError, tt.wantDesc)
			checkTokenHeaders(t, rep)
		})
	}
}

// checkOAuthError checks an RFC 6749 §5.2 error response; a 401 must carry
// a Basic challenge.
func checkOAuthError(t *testing.T, rep reply, status int, code, desc string) {
	t.Helper()
	if rep.status != status {
		t.Errorf("status: got %d, want %d", rep.status, status)
	}
	if got := rep.str("error"); got != code {
		t.Errorf("error: got %q, want %q", got, code)
	}
	if got := rep.str("error_description"); !strings.Contains(got, desc) {
		t.Errorf("error_description: got %q, want it to contain %q", got, desc)
	}
	challenge := rep.header.Get("WWW-Authenticate")
	if status == http.StatusUnauthorized && challenge != `Basic realm="oauthlens-demo"` {
		t.Errorf("WWW-Authenticate: got %q, want Basic realm=\"oauthlens-demo\"", challenge)
	}
	if status != http.StatusUnauthorized && challenge != "" {
		t.Errorf("WWW-Authenticate: got %q on a %d", challenge, status)
	}
}

func TestToken_JWT(t *testing.T) {
	clock := newTestClock()
	_, ts := newTestServer(t, Config{Now: clock.Now, TokenLifetime: 5 * time.Minute})
	tests := []struct {
		name    string
		params  []string
		wantAud []string
	}{
		{"default audience", nil, []string{ts.URL + "/api"}},
		{"audience", []string{"audience", "https://a.example"}, []string{"https://a.example"}},
		{
			"audience and resources",
			[]string{"audience", "https://a.example", "resource", "https://r.example/x", "resource", "urn:example:r"},
			[]string{"https://a.example", "https://r.example/x", "urn:example:r"},
		},
	}
	key, kid := fetchJWKS(t, ts.URL)
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := fetchToken(t, ts.URL, append([]string{"scope", "api:read"}, tt.params...)...)
			claims := jwt.MapClaims{}
			tok, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return key, nil },
				jwt.WithValidMethods([]string{"RS256"}), jwt.WithTimeFunc(clock.Now))
			if err != nil {
				t.Fatalf("the token does not verify against /jwks: %v", err)
			}
			if tok.Header["kid"] != kid || tok.Header["typ"] != "at+jwt" {
				t.Errorf("header: got kid %v typ %v, want kid %q typ at+jwt", tok.Header["kid"], tok.Header["typ"], kid)
			}
			checkClaims(t, claims, ts.URL, clock.Now(), 5*time.Minute)
			aud, _ := claims.GetAudience()
			if !slices.Equal(aud, tt.wantAud) {
				t.Errorf("aud: got %q, want %q", aud, tt.wantAud)
			}
			if jti := claims["jti"].(string); jti == "" || seen[jti] {
				t.Errorf("jti %q is empty or repeated", jti)
			} else {
				seen[jti] = true
			}
		})
	}
}

// checkClaims checks the RFC 9068 claims of a default-client token.
func checkClaims(t *testing.T, c jwt.MapClaims, issuer string, now time.Time, life time.Duration) {
	t.Helper()
	for k, want := range map[string]any{
		"iss": issuer, "sub": ClientID, "client_id": ClientID, "scope": "api:read",
		"iat": float64(now.Unix()), "nbf": float64(now.Unix()), "exp": float64(now.Add(life).Unix()),
	} {
		if c[k] != want {
			t.Errorf("%s: got %v, want %v", k, c[k], want)
		}
	}
}

// fetchJWKS returns the server's one public key and its kid.
func fetchJWKS(t *testing.T, base string) (*rsa.PublicKey, string) {
	t.Helper()
	rep := get(t, base+"/jwks", "")
	keys, _ := rep.json["keys"].([]any)
	if len(keys) != 1 {
		t.Fatalf("jwks: got %s, want one key", rep.raw)
	}
	k, _ := keys[0].(map[string]any)
	n, errN := base64.RawURLEncoding.DecodeString(k["n"].(string))
	e, errE := base64.RawURLEncoding.DecodeString(k["e"].(string))
	if errN != nil || errE != nil {
		t.Fatalf("jwks: bad n or e: %v %v", errN, errE)
	}
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
	return pub, k["kid"].(string)
}

func TestToken_Lifetime(t *testing.T) {
	_, ts := newTestServer(t, Config{TokenLifetime: 90 * time.Second})
	rep := post(t, ts.URL+"/token", form("grant_type", "client_credentials"), basic(ClientID, ClientSecret))
	if got := rep.json["expires_in"]; got != 90.0 {
		t.Errorf("expires_in: got %v, want 90", got)
	}
}

func TestToken_OversizedFormIsRefused(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {ClientID}, "client_secret": {ClientSecret},
		"pad": {strings.Repeat("x", maxFormBytes)}}
	resp, err := http.PostForm(ts.URL+"/token", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("got %d, want 400 for a form over %d bytes", resp.StatusCode, maxFormBytes)
	}
}
