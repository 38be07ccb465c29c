package ui

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// rotatingAS is a token endpoint, a JWKS and an API: the first token is
// signed with key k1; the token endpoint then rotates to k2 and publishes
// both. The API refuses the first call (401), as after an expiry.
type rotatingAS struct {
	t       *testing.T
	keys    map[string]*ecdsa.PrivateKey
	mu      sync.Mutex
	rotated bool
	jwksGot int      // JWKS requests
	grants  []string // grant_type of each token request
	calls   int
}

func newRotatingAS(t *testing.T) (*rotatingAS, *httptest.Server) {
	a := &rotatingAS{t: t, keys: map[string]*ecdsa.PrivateKey{}}
	for _, kid := range []string{"k1", "k2"} {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		a.keys[kid] = k
	}
	ts := httptest.NewServer(http.HandlerFunc(a.serve))
	t.Cleanup(ts.Close)
	return a, ts
}

func (a *rotatingAS) sign(kid string) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{"sub": "alice",
		"exp": time.Now().Add(time.Hour).Unix()})
	tok.Header["kid"] = kid
	s, err := tok.SignedString(a.keys[kid])
	if err != nil {
		a.t.Fatal(err)
	}
	return s
}

func (a *rotatingAS) jwk(kid string) map[string]any {
	p := a.keys[kid].PublicKey
	b := func(v []byte) string { return base64.RawURLEncoding.EncodeToString(v) }
	x, y := make([]byte, 32), make([]byte, 32)
	p.X.FillBytes(x)
	p.Y.FillBytes(y)
	return map[string]any{"kty": "EC", "crv": "P-256", "kid": kid, "alg": "ES256", "use": "sig", "x": b(x), "y": b(y)}
}

func (a *rotatingAS) serve(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/jwks":
		a.jwksGot++
		keys := []any{a.jwk("k1")}
		if a.rotated {
			keys = append(keys, a.jwk("k2"))
		}
		json.NewEncoder(w).Encode(map[string]any{"keys": keys})
	case "/token":
		r.ParseForm()
		a.grants = append(a.grants, r.PostForm.Get("grant_type"))
		a.rotated = true
		fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":3600,"refresh_token":"rt-2"}`,
			a.sign("k2"))
	case "/api/me":
		a.calls++
		if a.calls == 1 {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		fmt.Fprint(w, `{"sub":"alice"}`)
	}
}

// runCall runs callCmd for the API with a first token signed by k1 and
// step 3's check of it (the JWKS fetched through the walk's cache).
func runCall(t *testing.T, a *rotatingAS, url, grant string, tok flows.Token) (calledMsg, *walk.JWKSCache) {
	t.Helper()
	ctx := context.Background()
	keys := walk.NewJWKSCache()
	set, _, err := keys.Keys(ctx, http.DefaultClient, url+"/jwks", "k1")
	if err != nil {
		t.Fatal(err)
	}
	tok.AccessToken, tok.TokenType = a.sign("k1"), "Bearer"
	check := tokenCheck{jwksURL: url + "/jwks", jwks: set}
	sp := sendPlan{ov: walk.Overrides{TokenURL: url + "/token", ClientID: "c", ClientSecret: "a-literal-secret",
		Auth: "post", APIMethod: "GET", APIURL: url + "/api/me", GrantOverrides: walk.GrantOverrides{Grant: grant}}}
	msg, ok := callCmd(ctx, http.DefaultClient, keys, time.Now, sp, nil, tok, nil, check, 1)().(calledMsg)
	if !ok {
		t.Fatal("callCmd did not answer calledMsg")
	}
	return msg, keys
}

// TestCallCmd_ReacquiredTokenRotatedKey: the token re-acquired in the call
// step is signed with a key rotated in since step 3; it is checked through
// the walk's JWKS cache, which fetches the set again for the new kid
// (before: step 3's saved set, kid not found).
func TestCallCmd_ReacquiredTokenRotatedKey(t *testing.T) {
	a, ts := newRotatingAS(t)
	msg, _ := runCall(t, a, ts.URL, "", flows.Token{})
	if msg.err != nil || !msg.res.Retried || msg.check == nil {
		t.Fatalf("got err %v, retried %v, check %v; want a retried call with a check", msg.err, msg.res.Retried,
			msg.check)
	}
	if !msg.check.ver.Verified || msg.check.ver.KID != "k2" {
		t.Errorf("the re-acquired token is not verified: %+v", msg.check.ver)
	}
	if a.jwksGot != 2 || msg.check.jwksEx == nil {
		t.Errorf("got %d JWKS requests (exchange %v), want 2: step 3's, then one for the new kid", a.jwksGot,
			msg.check.jwksEx != nil)
	}
}

// TestCallCmd_UserGrantRefreshes: a token from the authorization code
// grant is re-acquired by refreshing it (rotation recorded), never by
// client credentials; without a refresh token it is not re-acquired.
func TestCallCmd_UserGrantRefreshes(t *testing.T) {
	a, ts := newRotatingAS(t)
	msg, _ := runCall(t, a, ts.URL, "authorization_code", flows.Token{RefreshToken: "rt-1"})
	if len(a.grants) != 1 || a.grants[0] != "refresh_token" {
		t.Fatalf("token requests sent grant_type %q, want [refresh_token]", a.grants)
	}
	if msg.err != nil || !msg.res.Retried || msg.res.Token.RefreshToken != "rt-2" {
		t.Errorf("got err %v, retried %v, refresh token %q; want the call retried with rt-2", msg.err,
			msg.res.Retried, msg.res.Token.RefreshToken)
	}
	if r := msg.rotation; r == nil || r.Old != "rt-1" || r.New != "rt-2" {
		t.Errorf("got rotation %+v, want rt-1 → rt-2", r)
	}

	b, ts2 := newRotatingAS(t)
	msg, _ = runCall(t, b, ts2.URL, "device", flows.Token{})
	if len(b.grants) != 0 || msg.res.Retried || msg.err == nil {
		t.Errorf("without a refresh token: grant_type %q sent, retried %v, err %v; want nothing sent and the 401",
			b.grants, msg.res.Retried, msg.err)
	}
}

// TestCall_DeviceTokenRefreshedInTheTUI: with the device grant's token,
// the API's first 401 (api-401-first) makes step 4 refresh the token, not
// send client credentials; step 3 then holds the new token and shows the
// rotation.
func TestCall_DeviceTokenRefreshedInTheTUI(t *testing.T) {
	m, _ := demoWalk(t, demo.Config{DeviceInterval: 1, Faults: []string{string(demo.FaultAPI401First)}}, 2)
	m = runReal[deviceStartedMsg](t, m, "enter")
	m = runReal[approvedMsg](t, m, "o")
	m, cmd := updateCmd(t, m, pollDueMsg{seq: m.seq})
	m, _ = runCmd[devicePolledMsg](t, m, cmd)
	if m.tok == nil || m.tok.RefreshToken == "" {
		t.Fatalf("no token with a refresh token: %v", m.token.err)
	}
	first := m.tok.RefreshToken
	m = press(t, m, "4")
	m = runReal[calledMsg](t, m, "enter")
	var grants []string
	for _, ex := range m.timeline.exs {
		if ex.Label == "token" {
			form, _ := url.ParseQuery(string(ex.RequestBody))
			grants = append(grants, "grant_type="+form.Get("grant_type")) // the codes and tokens stay out of logs
		}
	}
	if len(grants) != 2 || !strings.Contains(grants[1], "grant_type=refresh_token") {
		t.Fatalf("token requests %q; want the device grant's, then a refresh", grants)
	}
	if !strings.Contains(timelineLabels(m), "call token call (retry)") {
		t.Errorf("timeline: %s", timelineLabels(m))
	}
	r := m.token.user.rotation
	if r == nil || r.Old != first || !r.Rotated() || m.tok.RefreshToken != r.New {
		t.Errorf("rotation %+v, token's refresh token changed: %v", r, m.tok.RefreshToken != first)
	}
	m = press(t, m, "3")
	v := plainView(m)
	if !strings.Contains(v, "Refresh token rotation") || !strings.Contains(v, "3 Token ✓") {
		t.Errorf("step 3 does not show the rotation, or warns (the refresh as client credentials'):\n%s", v)
	}
	mustNotContain(t, "view", viewText(m), first, m.tok.RefreshToken, m.tok.AccessToken)
}
