package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// The exchange pane follows the step on screen: 1 shows discovery's
// exchange, 3 the token request, 4 the call.
func TestExchange_FollowsTheStep(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepCall)
	m = press(t, m, "enter")
	m = update(t, m, calledOK(m.seq, testJWT()))
	for _, tc := range []struct {
		key, label string
	}{{"1", "discovery"}, {"3", "token"}, {"4", "call"}} {
		m = press(t, m, tc.key)
		if ex, _, ok := m.timeline.selected(); !ok || ex.Label != tc.label || m.exchange.ex.Label != tc.label {
			t.Errorf("step %s: the timeline selects %q, the exchange pane shows %q; want %q", tc.key, ex.Label,
				m.exchange.ex.Label, tc.label)
		}
	}
}

// The end-of-run summary counts the steps that passed and names the
// warnings; n jumps to the step that has one.
func TestSummary_WarningsAndJump(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepToken)
	m = press(t, m, "enter")
	m = update(t, m, tokenOK(m.seq, testJWTExp(testNow.Add(-time.Hour)))) // already expired: a note
	m = press(t, m, "enter")                                              // go on past the warning
	m = press(t, m, "enter")
	m = update(t, m, calledOK(m.seq, testJWT()))
	bar := m.stepBar()
	if !strings.Contains(bar, "✓ 4/4") || !strings.Contains(bar, "already expired") {
		t.Errorf("summary: %q", bar)
	}
	m = press(t, m, "n")
	if m.current != stepToken || !strings.Contains(m.status, "already expired") {
		t.Errorf("n: on step %d, status %q; want step 3's warning", m.current+1, m.status)
	}
}

// A request in flight is in the timeline at once, with a timer; cancelled,
// it stays as cancelled.
func TestTimeline_InFlightAndCancelled(t *testing.T) {
	now := testNow
	opts := testOptions()
	opts.Now = func() time.Time { return now }
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = walkTo(t, m, stepToken)
	m = press(t, m, "enter")
	now = now.Add(2500 * time.Millisecond)
	if v := plainView(m); !strings.Contains(v, "token        POST     …   2.5s  /token") {
		t.Errorf("no request in flight with its timer:\n%s", v)
	}
	m = press(t, m, "esc")
	if v := plainView(m); !strings.Contains(v, "/token  (cancelled)") {
		t.Errorf("the cancelled request is not kept:\n%s", v)
	}
}

// The token request's form body reads as a table, and its Basic header
// decoded as client_id : secret, the secret masked until s reveals it.
func TestExchange_FormTableAndBasicDecoded(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepCall)
	m = press(t, m, "3", "r")
	v := plainView(m)
	for _, want := range []string{"form fields (decoded)", "grant_type client_credentials",
		"Basic decoded demo-client : ••••••••"} {
		if !strings.Contains(v, want) {
			t.Errorf("missing %q:\n%s", want, v)
		}
	}
	mustNotContain(t, "masked exchange", v, testSecret)
	if v := plainView(press(t, m, "s")); !strings.Contains(v, "demo-client : "+testSecret) {
		t.Errorf("revealed, the Basic header is not decoded:\n%s", v)
	}
}

// Presenter mode (P) stops after each step that passed, until enter; z
// shows the step pane full screen.
func TestPresenter_StopAfterEachStepAndZoom(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "P", "enter")
	m = update(t, m, discoveredOK(m.seq))
	if m.current != stepDiscover || !strings.Contains(m.status, "step 1 done") {
		t.Fatalf("presenter mode, a passing step 1: on step %d, status %q", m.current+1, m.status)
	}
	m = press(t, m, "enter")
	if m.current != stepClient || m.running >= 0 {
		t.Errorf("enter after the stop: on step %d, running %d; want step 2 shown, nothing running", m.current+1,
			m.running+1)
	}
	z := press(t, m, "1", "z")
	if v := plainView(z); !strings.Contains(v, "Step 1 · Discover · z: panes") || strings.Contains(v, "Timeline") {
		t.Errorf("z does not show the step pane full screen:\n%s", v)
	}
}
