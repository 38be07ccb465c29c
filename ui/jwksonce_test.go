package ui

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// countJWKS counts the requests to the demo's JWKS endpoint that pass
// through the walk's HTTP client.
type countJWKS struct {
	n    atomic.Int32
	next http.RoundTripper
}

func (c *countJWKS) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == "/jwks" {
		c.n.Add(1)
	}
	return c.next.RoundTrip(r)
}

// countingWalk is demoWalk with the JWKS requests counted.
func countingWalk(t *testing.T, cfg demo.Config, grants int) (Model, *countJWKS) {
	t.Helper()
	m, _ := demoWalk(t, cfg, grants)
	c := &countJWKS{next: http.DefaultTransport}
	m.hc = &http.Client{Timeout: 5 * time.Second, Transport: c}
	return m, c
}

// countingCCWalk is a client credentials walk (no openid: the demo's
// client credentials grant refuses it) on step 3, JWKS requests counted.
func countingCCWalk(t *testing.T) (Model, *countJWKS) {
	t.Helper()
	srv, err := demo.Start("127.0.0.1:0", demo.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	c := &countJWKS{next: http.DefaultTransport}
	opts := Options{Issuer: srv.Issuer(), Discovery: flows.StyleAuto, ClientID: demo.ClientID,
		ClientSecret: demo.ClientSecret, AuthMethod: flows.AuthBasic, Scopes: []string{"api:read"},
		APIMethod: http.MethodGet, APIURL: srv.Issuer() + "/api/me",
		HTTPClient: &http.Client{Timeout: 5 * time.Second, Transport: c}, Demo: true, DemoServer: srv}
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 140, Height: 60})
	m = runReal[discoveredMsg](t, m, "enter")
	return press(t, m, "enter", "3"), c
}

func jwksExchanges(m Model) int {
	return strings.Count(" "+timelineLabels(m)+" ", " jwks ")
}

// TestJWKS_FetchedOncePerWalk: a token step verifies the access token and
// the ID token with one JWKS fetch, and the next token of the walk uses it
// again (keys are cached by JWKS URI for the walk's lifetime).
func TestJWKS_FetchedOncePerWalk(t *testing.T) {
	t.Run("client credentials", func(t *testing.T) {
		m, c := countingCCWalk(t)
		m = runReal[tokenFetchedMsg](t, m, "enter")
		if m.tok == nil {
			t.Fatalf("no token: %v", m.token.err)
		}
		m = press(t, m, "3")
		m = runReal[tokenFetchedMsg](t, m, "enter")
		if got := c.n.Load(); got != 1 {
			t.Errorf("two tokens: got %d JWKS requests, want 1", got)
		}
		if got := jwksExchanges(m); got != 1 {
			t.Errorf("timeline: got %d jwks exchanges, want 1: %s", got, timelineLabels(m))
		}
	})
	t.Run("authorization code", func(t *testing.T) {
		t.Setenv("BROWSER", "true")
		clock := func() time.Time { return time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC) }
		m, c := countingWalk(t, demo.Config{Now: clock}, 1)
		m, cmd := updateCmd(t, m, keyMsg("enter"))
		m, wait := runCmd[authStartedMsg](t, m, cmd)
		m = runReal[approvedMsg](t, m, "o")
		m, cmd = runCmd[callbackMsg](t, m, wait)
		m, _ = runCmd[authFinishedMsg](t, m, cmd)
		if m.tok == nil {
			t.Fatalf("no token: %v", m.token.err)
		}
		if got := c.n.Load(); got != 1 {
			t.Errorf("got %d JWKS requests, want 1 (access token and ID token share it)", got)
		}
		if got := jwksExchanges(m); got != 1 {
			t.Errorf("timeline: got %d jwks exchanges, want 1: %s", got, timelineLabels(m))
		}
		if v := plainView(press(t, m, "3")); !strings.Contains(v, "✓ signature") {
			t.Errorf("the ID token's signature is not checked:\n%s", v)
		}
	})
}
