package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// TestRunAll_NoTestRequestSkipsTheCall: a profile without a test request
// gets step 4 "skipped", not ✗ (issue 12, item 8).
func TestRunAll_NoTestRequestSkipsTheCall(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	opts := Options{Issuer: srv.Issuer(), ClientID: demo.ClientID, ClientSecret: demo.ClientSecret,
		AuthMethod: flows.AuthBasic, Demo: true, DemoServer: srv, FaultList: demoFaults()}
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m, cmd := updateCmd(t, m, keyMsg("a"))
	m = drive(t, m, cmd)
	if m.call.state != stateSkipped {
		t.Fatalf("step 4 state %v, want skipped:\n%s", m.call.state, plain(m))
	}
	if v := plain(m); !strings.Contains(v, "4 Call –") || strings.Contains(v, "4 Call ✗") {
		t.Errorf("the step bar does not show the call skipped:\n%s", v)
	}
}

// TestProbe_TimelineAndConclusion: a refused client in the TUI gets the
// probes in the timeline and their conclusion as the first diagnosis.
func TestProbe_TimelineAndConclusion(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{Faults: []string{"wrong-secret"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	opts := Options{Issuer: srv.Issuer(), ClientID: demo.ClientID, ClientSecret: demo.ClientSecret,
		AuthMethod: flows.AuthBasic, Demo: true, DemoServer: srv, FaultList: demoFaults()}
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m, cmd := updateCmd(t, m, keyMsg("a"))
	m = drive(t, m, cmd)
	v := plain(m)
	for _, want := range []string{"probe: clie", "Both methods refused → the client id or secret is wrong"} {
		if !strings.Contains(v, want) {
			t.Errorf("the view lacks %q:\n%s", want, v)
		}
	}
}

// TestTokenOps_IntrospectionErrorSaidOnce: the status line does not read
// "introspection failed: introspection failed: …" (issue 12, item 7).
func TestTokenOps_IntrospectionErrorSaidOnce(t *testing.T) {
	m := withEndpoints(t, newTestModel(t, 120, 40))
	m, _ = updateCmd(t, m, keyMsg("i"))
	err := &flows.OAuthError{Step: "introspection", StatusCode: 401, Status: "401 Unauthorized", Code: "invalid_client"}
	m = update(t, m, introspectedMsg{seq: m.seq, err: err, ex: tokenOpExchange("introspect", "/introspect", 401, "")})
	if v := plainView(m); !strings.Contains(v, "introspection failed: HTTP 401") ||
		strings.Contains(v, "failed: introspection failed") {
		t.Errorf("status line:\n%s", v)
	}
}

// TestClient_NoSelfServiceForFloriday: step 2 offers no registration for
// a provider that hands out credentials by email (issue 12, templates).
func TestClient_NoSelfServiceForFloriday(t *testing.T) {
	p, _ := profiles.Template("floriday-live")
	m := New(Options{Profile: &p})
	m.client.setRegistration("https://idm.floriday.io/oauth2/v1/clients")
	if ok, why := m.client.available(modeRegister); ok || !strings.Contains(why, "by email") {
		t.Errorf("registration offered: %v %q", ok, why)
	}
	if ok, _ := m.client.available(modeExisting); !ok {
		t.Error("typing the credentials is refused")
	}
}
