package interop

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/internal/formbrowser"
	"github.com/oauthlens/oauthlens/walk"
)

// The clients of the flows with a user (server.mjs).
var (
	userPublic       = client{"user-public", "", flows.AuthNone}
	userConfidential = client{"user-confidential", "user-confidential-secret", flows.AuthBasic}
)

// userPlan is a plan for c on the provider, with the scopes of a user
// flow that wants an ID token and a refresh token.
func (s *server) userPlan(c client) walk.Plan {
	return walk.Plan{Issuer: s.issuer, Token: flows.TokenRequest{ClientID: c.id, ClientSecret: c.secret,
		AuthMethod: c.auth, Scopes: []string{"openid", "offline_access", "api:read"}}}
}

// interact logs in and consents on oidc-provider's own interaction pages
// (HTML forms) until the browser leaves them: at the loopback listener, or
// on the device flow's success page.
func interact(t *testing.T, b *formbrowser.Browser, page formbrowser.Page) formbrowser.Page {
	t.Helper()
	for i := 0; i < 6 && strings.Contains(page.Body, "<form"); i++ {
		set := url.Values{}
		if strings.Contains(page.Body, `name="login"`) {
			set = url.Values{"login": {"alice"}, "password": {"any"}}
		}
		next, err := b.Submit(page, set)
		if err != nil {
			t.Fatalf("interaction page %s: %v", page.URL, err)
		}
		page = next
	}
	return page
}

// authCode runs the authorization code grant with PKCE through the
// provider's pages and the loopback listener.
func authCode(t *testing.T, s *server, c client, par bool) (walk.AuthCodeStart, walk.AuthCodeResult, walk.Plan) {
	t.Helper()
	ctx := context.Background()
	lb, err := flows.StartLoopback(0, "/callback")
	if err != nil {
		t.Fatal(err)
	}
	pl := s.userPlan(c)
	st, err := walk.StartAuthCode(ctx, s.hc, &pl, walk.AuthCodeOptions{RedirectURI: lb.RedirectURI(), PAR: par,
		Extra: url.Values{"prompt": {"consent"}}}, walk.Guards{})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	lb.SetJudge(st.Judge)
	b := formbrowser.New("")
	page, err := b.Get(st.URL)
	if err != nil {
		t.Fatal(err)
	}
	page = interact(t, b, page)
	if !strings.Contains(page.Body, "You can close this tab") {
		t.Fatalf("the browser did not reach the listener: %s\n%s", page.URL, page.Body)
	}
	q, err := lb.Wait(ctx, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	res, err := walk.FinishAuthCode(ctx, s.hc, &pl, st, q)
	if err != nil {
		t.Fatalf("finish: %v (checks %+v)", err, res.Callback.Checks)
	}
	return st, res, pl
}

// wantRows fails the test for every row of the names given that did not pass.
func wantRows(t *testing.T, rows []flows.CheckRow, names ...string) {
	t.Helper()
	got := map[string]flows.CheckRow{}
	for _, r := range rows {
		got[r.Name] = r
	}
	for _, n := range names {
		if got[n].Status != flows.CheckPass {
			t.Errorf("check %s: %+v", n, got[n])
		}
	}
}

func testAuthCodePKCE(t *testing.T, s *server) {
	for _, tc := range []struct {
		c   client
		par bool
	}{{userPublic, false}, {userConfidential, true}} {
		st, res, _ := authCode(t, s, tc.c, tc.par)
		if st.Pushed != tc.par {
			t.Errorf("%s: pushed %v", tc.c.id, st.Pushed)
		}
		wantRows(t, res.Callback.Checks, "state", "iss")
		if res.Token.AccessToken == "" || res.Token.RefreshToken == "" {
			t.Fatalf("%s: no access or refresh token: %+v", tc.c.id, res.Token.Fields)
		}
		id := walk.CheckIDToken(context.Background(), s.hc, st.Discovery, res.Token,
			walk.IDTokenExpect{ClientID: tc.c.id, Nonce: st.Request.Nonce, Now: time.Now()})
		wantRows(t, id.Rows, "signature", "iss", "aud", "exp", "iat", "nonce") // at_hash is optional here
		if bad := flows.FailedRows(id.Rows); len(bad) > 0 && bad[0].Name != "userinfo sub" {
			t.Errorf("%s: failed ID token checks: %+v", tc.c.id, bad)
		}
		if !strings.Contains(string(res.Exchanges[0].RequestBody), "code_verifier=") {
			t.Errorf("no code_verifier sent: %s", res.Exchanges[0].RequestBody)
		}
	}
}

func testRefreshRotation(t *testing.T, s *server) {
	_, res, pl := authCode(t, s, userPublic, false)
	old := res.Token.RefreshToken
	req := pl.Token
	req.Grant = flows.RefreshToken{Token: old}
	tok, _, err := flows.RequestToken(context.Background(), s.hc, req)
	if err != nil {
		t.Fatal(err)
	}
	if rot := (flows.Rotation{Old: old, New: tok.RefreshToken}); !rot.Rotated() {
		t.Fatalf("oidc-provider rotates a public client's refresh token: %s", rot.Describe())
	}
	_, _, err = flows.RequestToken(context.Background(), s.hc, req) // the old one again
	var oe *flows.OAuthError
	if !errors.As(err, &oe) || oe.Code != "invalid_grant" {
		t.Errorf("reuse of a rotated refresh token: got %v", err)
	}
}

func testDevice(t *testing.T, s *server) {
	ctx := context.Background()
	pl := s.userPlan(userConfidential)
	st, err := walk.StartDevice(ctx, s.hc, &pl, "", walk.Guards{})
	if err != nil {
		t.Fatal(err)
	}
	p := flows.NewDevicePoller(pl.Token, st.Auth)
	if first := p.Poll(ctx, s.hc); first.Status != flows.PollPending {
		t.Fatalf("first poll: %s %v", first.Status, first.Err)
	}
	b := formbrowser.New("")
	page, err := b.Get(st.Auth.VerificationURIComplete)
	if err != nil {
		t.Fatal(err)
	}
	page = interact(t, b, page)
	if !strings.Contains(strings.ToLower(page.Body), "sign-in success") &&
		!strings.Contains(strings.ToLower(page.Body), "success") {
		t.Fatalf("the verification did not succeed: %s\n%s", page.URL, page.Body)
	}
	time.Sleep(st.Auth.PollInterval()) // polling faster than the interval gets slow_down
	last := p.Poll(ctx, s.hc)
	if last.Status != flows.PollDone || last.Token.AccessToken == "" {
		t.Fatalf("after approval: %s %v", last.Status, last.Err)
	}
	id := walk.CheckIDToken(ctx, s.hc, st.Discovery, last.Token, walk.IDTokenExpect{ClientID: userConfidential.id,
		Now: time.Now()})
	wantRows(t, id.Rows, "signature", "iss", "aud", "exp", "iat")
}
