package ui

import "testing"

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
