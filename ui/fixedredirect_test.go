package ui

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
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

// TestDevice_ProfileDeviceURLWinsInTheTUI: the profile's device_url is
// the device authorization endpoint even when step 1's metadata names
// one, as in the CLI (a profile's endpoint wins, like its token_url).
func TestDevice_ProfileDeviceURLWinsInTheTUI(t *testing.T) {
	var hits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"device_code":"dc-0123456789","user_code":"WDJB-MJHT",` +
			`"verification_uri":"https://example.com/device","expires_in":900,"interval":5}`))
	}))
	defer other.Close()
	m, _ := demoWalk(t, demo.Config{}, 2)
	m.plan.GrantPlan.DeviceURL = other.URL + "/login/device/code"
	m = runReal[deviceStartedMsg](t, m, "enter")
	if hits.Load() != 1 || m.token.user.device == nil || m.token.user.device.auth.UserCode != "WDJB-MJHT" {
		t.Errorf("the profile's device_url got %d requests; device %+v, err %v", hits.Load(), m.token.user.device,
			m.token.err)
	}
}
