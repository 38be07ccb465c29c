package ui

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// hostileDemo serves the demo server with the faults on under httptest,
// with a client cid whose secret is secret (scope api:read only), and
// counts the requests to its token endpoint.
func hostileDemo(t *testing.T, secret string, faults ...string) (*httptest.Server, *atomic.Int32) {
	s := demo.New(demo.Config{Faults: faults, Clients: []demo.Client{demo.DefaultClient,
		{ID: "cid", Secret: secret, Scopes: []string{"api:read"}}}})
	var tokens atomic.Int32
	h := s.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			tokens.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &tokens
}

// wantNoServerControls fails when the view shows a control a server sent:
// the raw view holds only lipgloss's own styling, and once that is
// stripped no ESC, C1 or bidi control is left.
func wantNoServerControls(t *testing.T, where string, m Model) {
	t.Helper()
	raw := viewText(m)
	for _, bad := range []string{"\x1b]52", "\x1b[2J", "\x1bc", "\x1b]0;", "\a"} {
		if strings.Contains(raw, bad) {
			t.Errorf("%s: the view holds %q from the server", where, bad)
		}
	}
	v := ansi.Strip(raw)
	for _, bad := range []string{"\x1b", "\u009b", "\u009d", "\u202e", "\r"} {
		if strings.Contains(v, bad) {
			t.Errorf("%s: the view holds %q from the server", where, bad)
		}
	}
}

// everyScreen visits every step, its raw view and its scrolled view, and
// calls check on each, plus the help screen.
func everyScreen(t *testing.T, m Model, check func(where string, m Model)) Model {
	for _, k := range []string{"1", "r", "j", "r", "2", "3", "r", "j", "j", "r", "4", "r", "j", "r", "?", "?"} {
		m = press(t, m, k)
		check("after "+k, m)
	}
	return m
}

// TestEscapeToken_ShownAsAnError: a token endpoint whose access_token
// holds escape sequences fails step 3 with the reason; no screen draws a
// control from it and nothing copies it.
func TestEscapeToken_ShownAsAnError(t *testing.T) {
	srv, _ := hostileDemo(t, "unused-secret-0123", string(demo.FaultEscapeToken))
	o := Options{Issuer: srv.URL, ClientID: demo.ClientID, ClientSecret: demo.ClientSecret,
		AuthMethod: flows.AuthBasic, APIURL: srv.URL + "/api/me", Now: testOptions().Now}
	m := update(t, New(o), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = runStep(t, runStep(t, runStep(t, m, stepDiscover), stepClient), stepToken)
	if v := plain(m); m.token.state != stateFailed || !strings.Contains(v, "not a valid token string") {
		t.Fatalf("step 3 did not fail on the token string (state %d):\n%s", m.token.state, v)
	}
	if m.tok != nil {
		t.Errorf("the walk kept the invalid token %q", m.tok.AccessToken)
	}
	m = everyScreen(t, m, func(where string, m Model) { wantNoServerControls(t, where, m) })
	for _, k := range []string{"c", "y"} {
		if _, cmd := updateCmd(t, press(t, m, "3"), keyMsg(k)); cmd != nil {
			if s := fmt.Sprint(cmd()); strings.Contains(s, demo.EscapeToken) || strings.Contains(s, "\x1b") {
				t.Errorf("%s copies the escape token: %q", k, s)
			}
		}
	}
}

// TestCRLFFields_NoForgedLine: error codes and descriptions with CR/LF, a
// forged line and escapes never draw the forged text as a line of its own
// (wrapping may start a screen row with it, after the escaped \r\n).
func TestCRLFFields_NoForgedLine(t *testing.T) {
	srv, _ := hostileDemo(t, "unused-secret-0123", string(demo.FaultCRLFFields), string(demo.FaultWrongSecret))
	o := Options{Issuer: srv.URL, ClientID: demo.ClientID, ClientSecret: demo.ClientSecret,
		AuthMethod: flows.AuthBasic, Now: testOptions().Now}
	m := update(t, New(o), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = runStep(t, runStep(t, runStep(t, m, stepDiscover), stepClient), stepToken)
	everyScreen(t, m, func(where string, m Model) {
		wantNoServerControls(t, where, m)
		for _, l := range strings.Split(plain(m), "\n") {
			if strings.Trim(l, " │") == strings.TrimSpace(demo.ForgedLine) {
				t.Errorf("%s: a line is the forged text alone: %q", where, l)
			}
		}
	})
}

// echoForms are every form a secret takes on the wire.
func echoForms(id, secret string, more ...string) []string {
	basic := base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id) + ":" + url.QueryEscape(secret)))
	return append([]string{secret, url.QueryEscape(secret), strings.ReplaceAll(secret, "/", `\/`), basic,
		base64.StdEncoding.EncodeToString([]byte(id + ":" + secret))}, more...)
}

// TestEchoRequest_EveryScreen walks against the demo server with the
// echo-request fault: the token request (a scope the client may not have)
// and the API call (a token the API refuses) answer errors that echo the
// whole request. No screen, raw view, diagnosis or copied text shows the
// secret, its Basic credential or the API key, in any encoding.
func TestEchoRequest_EveryScreen(t *testing.T) {
	const secret, key = "Echo+Secret/value=99", "echo-api-key-value-77"
	srv, _ := hostileDemo(t, secret, string(demo.FaultEchoRequest))
	o := Options{Issuer: srv.URL, ClientID: "cid", ClientSecret: secret, AuthMethod: flows.AuthBasic,
		Scopes: []string{"api:admin"}, APIURL: srv.URL + "/api/me", APIHeaders: []string{"X-Api-Key: " + key},
		SecretHeaders: []string{"X-Api-Key"}, Now: testOptions().Now}
	forms := echoForms("cid", secret, key)
	m := update(t, New(o), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = runStep(t, runStep(t, runStep(t, m, stepDiscover), stepClient), stepToken)
	if v := plain(m); m.token.state != stateFailed || !strings.Contains(v, "echo") {
		t.Fatalf("the token step did not fail with the echo:\n%s", v)
	}
	m.tok = &flows.Token{AccessToken: "opaque-token-value-1234", TokenType: "Bearer"}
	m = runStep(t, m, stepCall)
	if m.call.state != stateFailed {
		t.Fatalf("the call did not fail:\n%s", plain(m))
	}
	m = everyScreen(t, m, func(where string, m Model) { mustNotContain(t, where, plain(m), forms...) })
	for _, s := range []int{stepDiscover, stepClient, stepToken, stepCall} {
		for _, d := range m.base(s).diag.list {
			mustNotContain(t, "a diagnosis", fmt.Sprint(d), forms...)
		}
		m = press(t, m, fmt.Sprint(s+1))
		if _, cmd := updateCmd(t, m, keyMsg("c")); cmd != nil {
			mustNotContain(t, fmt.Sprintf("copy on step %d", s+1), fmt.Sprint(cmd()), forms...)
		}
	}
}

// TestIssuerMixup_WalkStops: the demo's metadata names another server's
// issuer: step 1 fails with the explanation and step 3 sends nothing.
func TestIssuerMixup_WalkStops(t *testing.T) {
	srv, tokens := hostileDemo(t, "unused-secret-0123", string(demo.FaultIssuerMixup))
	o := Options{Issuer: srv.URL, ClientID: demo.ClientID, ClientSecret: demo.ClientSecret,
		AuthMethod: flows.AuthBasic, Now: testOptions().Now}
	m := update(t, New(o), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = runStep(t, m, stepDiscover)
	v := plain(m)
	if m.discover.state != stateFailed || !strings.Contains(v, "as.attacker.example") ||
		!strings.Contains(v, "no credentials were sent") {
		t.Fatalf("step 1 did not stop on the mix-up with an explanation:\n%s", v)
	}
	m = runStep(t, runStep(t, m, stepClient), stepToken)
	if n := tokens.Load(); n != 0 || m.token.state != stateFailed {
		t.Errorf("the token endpoint got %d requests (state %d)", n, m.token.state)
	}
}
