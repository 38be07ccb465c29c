package ui

import (
	"testing"
	"time"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// paneFollowsSelection fails when the exchange pane shows another
// exchange than the one the timeline's ● is on.
func paneFollowsSelection(t *testing.T, when string, m Model) {
	t.Helper()
	ex, i, ok := m.timeline.selected()
	if !ok {
		t.Fatalf("%s: nothing selected", when)
	}
	if m.exchange.ex == nil || m.exchange.index != i || m.exchange.total != len(m.timeline.exs) ||
		!sameExchange(*m.exchange.ex, ex) {
		t.Errorf("%s: ● on %d/%d %q, the exchange pane shows %q", when, i+1, len(m.timeline.exs), ex.Label,
			m.exchange.title())
	}
}

// TestSelection_UserinfoAfterTheToken: the ID token's checks add the
// userinfo exchange after the token's; the ● moves to it and the pane
// followed (it stayed on the token: "Exchange 2/3 · token" with 4 rows).
func TestSelection_UserinfoAfterTheToken(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepToken)
	m = deviceWaiting(t, m)
	tokEx := tokenRequestExchange(200, `{"access_token":"x"}`, "x")
	info := exchange("userinfo", "GET", testIssuer+"/userinfo", 200, nil, "", `{"sub":"alice"}`)
	done := flows.Poll{N: 1, Status: flows.PollDone, Token: tokenOK(0, testJWT()).tok, Exchange: tokEx}
	m = update(t, m, devicePolledMsg{seq: m.seq, poll: done, id: walk.IDTokenCheck{Exchanges: []flows.Exchange{info}}})
	paneFollowsSelection(t, "after the device flow's token and userinfo", m)
}

// TestSelection_CancelledRequest: esc keeps the cancelled request in the
// timeline, selected; the pane shows it (it stayed on the last answer).
func TestSelection_CancelledRequest(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepToken)
	m = press(t, m, "enter", "esc")
	paneFollowsSelection(t, "after esc cancelled the token request", m)
}

// deviceWaiting starts the device grant on step 3 and answers its device
// authorization request.
func deviceWaiting(t *testing.T, m Model) Model {
	m = press(t, m, "3", "t", "t", "enter")
	auth := flows.DeviceAuthorization{DeviceCode: "dc-0123456789abcdef", UserCode: "WDJB-MJHT",
		VerificationURI: "https://as.example.com/device", ExpiresIn: 600, Interval: 5,
		VerificationURIComplete: "https://as.example.com/device?user_code=WDJB-MJHT"}
	devEx := exchange("device auth", "POST", testIssuer+"/device_authorization", 200, nil, "", `{}`)
	m = update(t, m, deviceStartedMsg{seq: m.seq, st: walk.DeviceStart{Auth: auth,
		Exchanges: []flows.Exchange{devEx}}, plan: m.plan})
	return update(t, m, tickMsg(testNow.Add(time.Second)))
}
