package ui

import (
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/demo"
)

// freeLoopbackPort is a port nothing listens on (just now).
func freeLoopbackPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestSendPlan_KeepsTheProfilesRedirectAndDeviceURL: the plan step 3
// sends keeps the profile's redirect_uri and device_url (the TUI builds
// it from its fields; these have none).
func TestSendPlan_KeepsTheProfilesRedirectAndDeviceURL(t *testing.T) {
	m := New(testOptions())
	m.plan.GrantPlan.RedirectURI = "http://127.0.0.1:8400/callback"
	m.plan.GrantPlan.DeviceURL = "https://github.com/login/device/code"
	pl, err := m.sendPlan().build(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if pl.GrantPlan.RedirectURI != "http://127.0.0.1:8400/callback" ||
		pl.GrantPlan.DeviceURL != "https://github.com/login/device/code" {
		t.Errorf("sent plan grant: %+v", pl.GrantPlan)
	}
}

// TestAuthCode_FixedRedirectURIInTheTUI: a profile's fixed redirect_uri
// (servers that register exact URIs, RFC 8252 §7.3) is where the TUI's
// listener listens and what the authorization request sends.
func TestAuthCode_FixedRedirectURIInTheTUI(t *testing.T) {
	t.Setenv("BROWSER", "true")
	clock := func() time.Time { return time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC) }
	m, _ := demoWalk(t, demo.Config{Now: clock}, 1)
	ru := fmt.Sprintf("http://127.0.0.1:%d/oauth/cb", freeLoopbackPort(t))
	m.plan.GrantPlan.RedirectURI = ru
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	m, wait := runCmd[authStartedMsg](t, m, cmd)
	a := m.token.user.auth
	if a == nil {
		t.Fatalf("no authorization request: %v", m.token.err)
	}
	if a.st.Request.RedirectURI != ru || a.lb.RedirectURI() != ru {
		t.Fatalf("redirect_uri %q, listener %q, want %q", a.st.Request.RedirectURI, a.lb.RedirectURI(), ru)
	}
	m = runReal[approvedMsg](t, m, "o")
	m, cmd = runCmd[callbackMsg](t, m, wait)
	m, _ = runCmd[authFinishedMsg](t, m, cmd)
	if m.tok == nil {
		t.Fatalf("no token: %v", m.token.err)
	}
}
