package ui

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// inflightRow is the timeline's row of the request in flight, "" when
// none is.
func inflightRowOf(m Model) string {
	if m.timeline.inflight == nil {
		return ""
	}
	return m.timeline.inflightRow(testNow)
}

// TestInflight_DiscoveryShowsItsPath: the in-flight row of discovery shows
// the well-known path it requests (it showed the issuer's path, "/").
func TestInflight_DiscoveryShowsItsPath(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "1", "enter")
	row := inflightRowOf(m)
	if !strings.HasSuffix(row, "  /.well-known/openid-configuration") {
		t.Errorf("discovery in flight: got %q, want the path /.well-known/openid-configuration", row)
	}
	if !strings.Contains(plainView(m), "1 discovery    GET      …   0.0s  /.well-known/openid-c…") {
		t.Errorf("the timeline does not show the path:\n%s", plainView(m))
	}
}

// TestInflight_DeviceRows: the device grant's in-flight rows are its
// requests when they are sent: the device authorization, then each poll;
// none while it waits for the person between polls (a "token POST …"
// row ran all the while, with the path "/" of no URL).
func TestInflight_DeviceRows(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepToken)
	m.plan.GrantPlan.DeviceURL = testIssuer + "/device_authorization"
	m = press(t, m, "t", "t", "enter")
	wantRow(t, "device authorization sent", inflightRowOf(m), "device auth…", "POST", "/device_authorization")
	m = deviceStarted(t, m)
	wantRow(t, "waiting for the person", inflightRowOf(m))
	m = update(t, m, pollDueMsg{seq: m.seq})
	wantRow(t, "a poll sent", inflightRowOf(m), "token", "POST", "/token")
	m = update(t, m, devicePolledMsg{seq: m.seq, poll: flows.Poll{N: 1, Status: flows.PollPending,
		Interval: 5 * time.Second, Exchange: tokenRequestExchange(400, `{"error":"authorization_pending"}`, "")}})
	wantRow(t, "the poll answered", inflightRowOf(m))
}

// TestInflight_AuthCodeWaitHasNoTokenRow: while the authorization code
// grant waits for the browser's redirect no token request is in flight;
// its row appears when the redirect came and the code is exchanged.
func TestInflight_AuthCodeWaitHasNoTokenRow(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepToken)
	m = press(t, m, "t", "enter")
	st := walk.AuthCodeStart{URL: testIssuer + "/authorize?client_id=demo-client",
		Request: flows.AuthRequest{RedirectURI: "http://127.0.0.1:5000/callback", State: "st"}}
	m = update(t, m, authStartedMsg{seq: m.seq, st: st, plan: m.plan})
	if m.token.user.auth == nil {
		t.Fatalf("no authorization request on screen: %v", m.token.err)
	}
	wantRow(t, "waiting for the redirect", inflightRowOf(m))
	if strings.Contains(plainView(m), "token        POST     …") {
		t.Errorf("a token row is in flight while the browser is out:\n%s", plainView(m))
	}
	m = update(t, m, callbackMsg{seq: m.seq, q: url.Values{"code": {"c0de"}, "state": {"st"}}})
	wantRow(t, "the code exchanged", inflightRowOf(m), "token", "POST", "/token")
}

// deviceStarted answers the device authorization request in flight.
func deviceStarted(t *testing.T, m Model) Model {
	auth := flows.DeviceAuthorization{DeviceCode: "dc-0123456789abcdef", UserCode: "WDJB-MJHT",
		VerificationURI: "https://as.example.com/device", ExpiresIn: 600, Interval: 5,
		VerificationURIComplete: "https://as.example.com/device?user_code=WDJB-MJHT"}
	devEx := exchange("device authorization", "POST", testIssuer+"/device_authorization", 200, nil, "", `{}`)
	return update(t, m, deviceStartedMsg{seq: m.seq, st: walk.DeviceStart{Auth: auth,
		Exchanges: []flows.Exchange{devEx}}, plan: m.plan})
}

// wantRow checks the in-flight row's fields; no fields: no row.
func wantRow(t *testing.T, when, row string, fields ...string) {
	t.Helper()
	if len(fields) == 0 {
		if row != "" {
			t.Errorf("%s: a request in flight %q, want none", when, row)
		}
		return
	}
	label, method, path := fields[0], fields[1], fields[2]
	if !strings.Contains(row, " "+label+" ") || !strings.Contains(row, " "+method+" ") ||
		!strings.HasSuffix(row, "  "+path) {
		t.Errorf("%s: in-flight row %q, want %v", when, row, fields)
	}
}

// TestInflight_TokenOperations: introspection and revocation show their
// own requests in flight (they showed "token POST … /token").
func TestInflight_TokenOperations(t *testing.T) {
	for _, tc := range []struct{ key, label, path string }{{"i", "introspect", "/introspect"},
		{"x", "revoke", "/revoke"}} {
		m := press(t, withEndpoints(t, newTestModel(t, 120, 40)), tc.key)
		wantRow(t, tc.label+" sent", inflightRowOf(m), tc.label, "POST", tc.path)
	}
}
