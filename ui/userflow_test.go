package ui

import (
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// demoWalk is a walk on a started demo server, on step 3 with the grant
// chosen by pressing t n times.
func demoWalk(t *testing.T, cfg demo.Config, grants int) (Model, *demo.Server) {
	t.Helper()
	srv, err := demo.Start("127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	opts := Options{Issuer: srv.Issuer(), Discovery: flows.StyleAuto, ClientID: demo.ClientID,
		ClientSecret: demo.ClientSecret, AuthMethod: flows.AuthBasic, Scopes: []string{"openid", "api:read"},
		APIMethod: http.MethodGet, APIURL: srv.Issuer() + "/api/me", HTTPClient: &http.Client{Timeout: 5 * time.Second},
		Demo: true, DemoServer: srv, FaultList: demoFaults(), Now: cfg.Now}
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 140, Height: 60})
	m = runReal[discoveredMsg](t, m, "enter")
	m = press(t, m, "enter", "3")
	for i := 0; i < grants; i++ {
		m = press(t, m, "t")
	}
	return m, srv
}

// runCmd runs cmd and feeds back the first T it gives.
func runCmd[T any](t *testing.T, m Model, cmd tea.Cmd) (Model, tea.Cmd) {
	t.Helper()
	msg := findMsg[T](cmd)
	if msg == nil {
		t.Fatalf("no %T", *new(T))
	}
	return updateCmd(t, m, msg)
}

func TestDeviceFlow_ApprovedFromTheTUI(t *testing.T) {
	m, _ := demoWalk(t, demo.Config{DeviceInterval: 1}, 2)
	if v := plainView(m); !strings.Contains(v, "Grant: device authorization (RFC 8628)") {
		t.Fatalf("the grant picker does not show the device grant:\n%s", v)
	}
	m = runReal[deviceStartedMsg](t, m, "enter")
	d := m.token.user.device
	if d == nil {
		t.Fatalf("no device authorization: %v", m.token.err)
	}
	v := plainView(m)
	for _, want := range []string{strings.Join(strings.Split(d.auth.UserCode, ""), " "), d.auth.VerificationURI,
		"code expires in ", "▀"} {
		if !strings.Contains(v, want) {
			t.Errorf("the device screen lacks %q:\n%s", want, v)
		}
	}
	m, cmd := updateCmd(t, m, pollDueMsg{seq: m.seq})
	m, _ = runCmd[devicePolledMsg](t, m, cmd)
	if len(d.polls) != 1 || d.polls[0].Status != flows.PollPending {
		t.Fatalf("first poll: %+v", d.polls)
	}
	m = runReal[approvedMsg](t, m, "o")
	m, cmd = updateCmd(t, m, pollDueMsg{seq: m.seq})
	m, _ = runCmd[devicePolledMsg](t, m, cmd)
	if m.tok == nil || m.tok.RefreshToken == "" || m.token.user.device != nil {
		t.Fatalf("no token after approval: %v", m.token.err)
	}
	m = press(t, m, "3") // the walk moved on to step 4
	v = plainView(m)
	for _, want := range []string{"3 Token ✓", "✓ Token received", "✓ signature", "✓ nonce", "✓ userinfo sub"} {
		if !strings.Contains(v, want) && !(want == "✓ nonce" && strings.Contains(v, "– nonce")) {
			t.Errorf("the token view lacks %q:\n%s", want, v)
		}
	}
	mustNotContain(t, "view", viewText(m), demo.ClientSecret, m.tok.AccessToken, m.tok.RefreshToken)
	if labels := timelineLabels(m); !strings.HasPrefix(labels, "discovery device authorization token token") {
		t.Errorf("timeline: %s", labels)
	}
}

func TestRefresh_RotationAndReuseInTheTUI(t *testing.T) {
	m, _ := demoWalk(t, demo.Config{DeviceInterval: 1}, 2)
	m = runReal[deviceStartedMsg](t, m, "enter")
	m = runReal[approvedMsg](t, m, "o")
	m, cmd := updateCmd(t, m, pollDueMsg{seq: m.seq})
	m, _ = runCmd[devicePolledMsg](t, m, cmd)
	first := m.tok.RefreshToken
	m = press(t, m, "3")
	m = runReal[refreshedMsg](t, m, "R")
	m = press(t, m, "3")
	if r := m.token.user.rotation; r == nil || r.Old != first || !r.Rotated() || m.tok.RefreshToken != r.New {
		t.Fatalf("rotation: %+v", m.token.user.rotation)
	}
	m = runReal[refreshedMsg](t, m, "u")
	m = press(t, m, "3")
	v := plainView(m)
	for _, want := range []string{"Refresh token rotation", "reuse of old", "refused", "invalid_grant"} {
		if !strings.Contains(v, want) {
			t.Errorf("the view lacks %q:\n%s", want, v)
		}
	}
	mustNotContain(t, "view", viewText(m), first, m.tok.RefreshToken)
}

func TestAuthCodeFlow_LoginFromTheTUI(t *testing.T) {
	t.Setenv("BROWSER", "true") // a browser that opens nothing: o logs in instead
	// One clock for the demo server and the program, far from the wall
	// clock: the ID token's exp and iat are judged by the program's.
	clock := func() time.Time { return time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC) }
	m, _ := demoWalk(t, demo.Config{Now: clock}, 1)
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	m, wait := runCmd[authStartedMsg](t, m, cmd)
	a := m.token.user.auth
	if a == nil {
		t.Fatalf("no authorization request: %v", m.token.err)
	}
	v := plainView(m)
	for _, want := range []string{"Authorization code + PKCE", "S256 · challenge", "loopback, one use",
		a.st.Request.State} {
		if !strings.Contains(v, want) {
			t.Errorf("the view lacks %q:\n%s", want, v)
		}
	}
	mustNotContain(t, "view", viewText(m), a.st.Request.PKCE.Verifier)
	m = runReal[approvedMsg](t, m, "o")
	m, cmd = runCmd[callbackMsg](t, m, wait)
	m, _ = runCmd[authFinishedMsg](t, m, cmd)
	if m.tok == nil {
		t.Fatalf("no token: %v", m.token.err)
	}
	m = press(t, m, "3")
	v = plainView(m)
	for _, want := range []string{"✓ state", "✓ iss", "✓ nonce", "✓ at_hash", "✓ signature", "✓ exp",
		"✓ iat"} {
		if !strings.Contains(v, want) {
			t.Errorf("the view lacks %q:\n%s", want, v)
		}
	}
}

func timelineLabels(m Model) string {
	var out []string
	for _, ex := range m.timeline.exs {
		out = append(out, ex.Label)
	}
	return strings.Join(out, " ")
}

// approveStub is a demo server that can approve logins.
type approveStub struct{ FaultSwitch }

func (approveStub) ApproveDevice(string, bool) error { return nil }

// o approves on a walk whose issuer is the embedded demo's, not only on
// `oauthlens demo` (a profile New API… made for the picker's demo said "o
// approves a login only on the demo server").
func TestApprover_OnAProfileForTheEmbeddedDemo(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m.loaded.Demo = false
	m.faults.sw = approveStub{}
	m.picker.demoIssuer = "http://127.0.0.1:4321"
	m.plan.Issuer = "http://127.0.0.1:4321/"
	if m.approver() == nil {
		t.Error("no approver on a walk on the embedded demo")
	}
	m.plan.Issuer = "https://as.example"
	if m.approver() != nil {
		t.Error("an approver on a walk on another server")
	}
}
