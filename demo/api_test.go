package demo

import (
	"crypto/x509"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// forge signs claims with the given method and key, with our kid and typ
// unless overridden.
func forge(t *testing.T, s *Server, m jwt.SigningMethod, key any, typ string, claims jwt.Claims) string {
	t.Helper()
	tok := jwt.NewWithClaims(m, claims)
	tok.Header["kid"] = s.signer().kid
	tok.Header["typ"] = typ
	raw, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// validClaims are claims /api/me would accept, for forging.
func validClaims(issuer string, now time.Time) accessClaims {
	return accessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer: issuer, Subject: ClientID, Audience: jwt.ClaimStrings{issuer + "/api"},
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)), ID: "forged",
		},
		Scope: "api:read", ClientID: ClientID,
	}
}

func TestMe(t *testing.T) {
	s, ts := newTestServer(t, Config{})
	_, other := newTestServer(t, Config{})
	now := time.Now()
	pubDER, _ := x509.MarshalPKIXPublicKey(&s.signer().priv.PublicKey)
	good := fetchToken(t, ts.URL)
	tests := []struct {
		name       string
		authz      string
		wantStatus int
		wantError  string
		wantDesc   string
	}{
		{"good token", bearer(good), 200, "", ""},
		{"lowercase scheme", "bearer " + good, 200, "", ""},
		{"no token", "", 401, "", ""},
		{"basic credentials", basic(ClientID, ClientSecret), 401, "", ""},
		{"empty bearer", "Bearer ", 400, "invalid_request", "no token"},
		{"garbage", bearer("not.a.jwt"), 401, "invalid_token", "malformed"},
		{"tampered signature", bearer(good[:len(good)-4] + "AAAA"), 401, "invalid_token", "signature"},
		{"other server's token", bearer(fetchToken(t, other.URL)), 401, "invalid_token", "kid"},
		{
			"wrong audience",
			bearer(fetchToken(t, ts.URL, "audience", "https://elsewhere.example")),
			401,
			"invalid_token",
			"audience",
		},
		{
			"resource elsewhere",
			bearer(fetchToken(t, ts.URL, "resource", "https://elsewhere.example/api")),
			401,
			"invalid_token",
			"audience",
		},
		{"missing scope", bearer(fetchToken(t, ts.URL, "scope", "api:write")), 403, "insufficient_scope", "api:read"},
		{
			"alg none",
			bearer(
				forge(
					t,
					s,
					jwt.SigningMethodNone,
					jwt.UnsafeAllowNoneSignatureType,
					"at+jwt",
					validClaims(ts.URL, now),
				),
			),
			401,
			"invalid_token",
			"signing method",
		},
		{
			"HS256 with the public key",
			bearer(forge(t, s, jwt.SigningMethodHS256, pubDER, "at+jwt", validClaims(ts.URL, now))),
			401,
			"invalid_token",
			"signing method",
		},
		{
			"typ JWT",
			bearer(forge(t, s, jwt.SigningMethodRS256, s.signer().priv, "JWT", validClaims(ts.URL, now))),
			401,
			"invalid_token",
			"typ",
		},
		{
			"forged but valid",
			bearer(forge(t, s, jwt.SigningMethodRS256, s.signer().priv, "at+jwt", validClaims(ts.URL, now))),
			200,
			"",
			"",
		},
		{
			"no exp",
			bearer(
				forge(
					t,
					s,
					jwt.SigningMethodRS256,
					s.signer().priv,
					"at+jwt",
					jwt.MapClaims{"iss": ts.URL, "aud": ts.URL + "/api", "scope": "api:read"},
				),
			),
			401,
			"invalid_token",
			"no exp",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := get(t, ts.URL+"/api/me", tt.authz)
			checkBearerError(t, rep, tt.wantStatus, tt.wantError, tt.wantDesc)
		})
	}
}

// checkBearerError checks an /api/me answer: 200, or an RFC 6750 §3 error.
func checkBearerError(t *testing.T, rep reply, status int, code, desc string) {
	t.Helper()
	if rep.status != status {
		t.Fatalf("status: got %d, want %d: %s", rep.status, status, rep.raw)
	}
	challenge := withoutResourceMetadata(t, rep.header.Get("WWW-Authenticate"))
	switch {
	case status == http.StatusOK:
		if challenge != "" || rep.str("message") != "Hello from the oauthlens demo API" {
			t.Errorf("got challenge %q body %s, want a hello", challenge, rep.raw)
		}
	case code == "":
		if challenge != `Bearer realm="oauthlens-demo"` {
			t.Errorf("WWW-Authenticate: got %q, want %q", challenge, `Bearer realm="oauthlens-demo"`)
		}
	default:
		prefix := `Bearer realm="oauthlens-demo", error="` + code + `", error_description="`
		if !strings.HasPrefix(challenge, prefix) || !strings.Contains(challenge, desc) {
			t.Errorf("WWW-Authenticate: got %q, want prefix %q and %q", challenge, prefix, desc)
		}
		if rep.str("error") != code {
			t.Errorf("body error: got %q, want %q", rep.str("error"), code)
		}
	}
}

func TestMe_Body(t *testing.T) {
	clock := newTestClock()
	_, ts := newTestServer(t, Config{Now: clock.Now})
	rep := get(t, ts.URL+"/api/me", bearer(fetchToken(t, ts.URL, "scope", "api:read")))
	want := map[string]string{
		"sub": ClientID, "client_id": ClientID, "scope": "api:read",
		"expires_at": "2026-03-01T13:00:00Z", "message": "Hello from the oauthlens demo API",
	}
	for k, v := range want {
		if got := rep.str(k); got != v {
			t.Errorf("%s: got %q, want %q", k, got, v)
		}
	}
}

func TestMe_InsufficientScopeChallenge(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	rep := get(t, ts.URL+"/api/me", bearer(fetchToken(t, ts.URL, "scope", "api:write")))
	want := `Bearer realm="oauthlens-demo", error="insufficient_scope", ` +
		`error_description="the access token has scope 'api:write'; this API needs api:read", scope="api:read"`
	if got := withoutResourceMetadata(t, rep.header.Get("WWW-Authenticate")); got != want {
		t.Errorf("WWW-Authenticate:\n got %s\nwant %s", got, want)
	}
}

func TestMe_Times(t *testing.T) {
	clock := newTestClock()
	_, ts := newTestServer(t, Config{Now: clock.Now})
	tok := bearer(fetchToken(t, ts.URL))
	steps := []struct {
		name       string
		advance    time.Duration
		wantStatus int
		wantDesc   string
	}{
		{"fresh", 0, 200, ""},
		{"one second before exp", 3599 * time.Second, 200, ""},
		{"at exp", time.Second, 401, "the access token expired at 2026-03-01T13:00:00Z"},
		{"long after", 24 * time.Hour, 401, "the access token expired at 2026-03-01T13:00:00Z"},
		{
			"clock before nbf",
			-25*time.Hour - time.Minute,
			401,
			"the access token is not valid before 2026-03-01T12:00:00Z",
		},
	}
	for _, st := range steps { // in order: each step moves the clock
		clock.Advance(st.advance)
		rep := get(t, ts.URL+"/api/me", tok)
		code := ""
		if st.wantStatus != 200 {
			code = "invalid_token"
		}
		t.Run(st.name, func(t *testing.T) { checkBearerError(t, rep, st.wantStatus, code, st.wantDesc) })
	}
}

func TestMe_OtherIssuer(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	u, _ := url.Parse(ts.URL)
	req, _ := http.NewRequest(
		http.MethodPost,
		ts.URL+"/token",
		strings.NewReader(
			form("grant_type", "client_credentials", "resource", "http://127.0.0.1:"+u.Port()+"/api").Encode(),
		),
	)
	req.Host = "localhost:" + u.Port() // the token's iss is http://localhost:PORT
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", basic(ClientID, ClientSecret))
	tok := do(t, req).str("access_token")
	rep := get(t, ts.URL+"/api/me", bearer(tok))
	checkBearerError(t, rep, 401, "invalid_token", "issued by 'http://localhost:")
}

func TestMe_Revoked(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	tok := fetchToken(t, ts.URL)
	if rep := get(t, ts.URL+"/api/me", bearer(tok)); rep.status != 200 {
		t.Fatalf("before revocation: got %d, want 200", rep.status)
	}
	if rep := post(t, ts.URL+"/revoke", form("token", tok), basic(ClientID, ClientSecret)); rep.status != 200 {
		t.Fatalf("revoke: got %d, want 200: %s", rep.status, rep.raw)
	}
	checkBearerError(t, get(t, ts.URL+"/api/me", bearer(tok)), 401, "invalid_token", "revoked")
}
