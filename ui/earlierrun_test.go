package ui

import (
	"strings"
	"testing"
)

// TestEarlierRun_LaterStepIsMarked: step 3 runs again after a call; the walk
// moves on to step 4, whose result is marked as from the earlier run until
// enter runs it again.
func TestEarlierRun_LaterStepIsMarked(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepCall)
	m = press(t, m, "enter")
	m = update(t, m, calledOK(m.seq, testJWT()))
	m = press(t, m, "3", "enter")
	if !m.call.stale() || m.token.stale() {
		t.Fatalf("step 3 re-ran: step 4 stale %v, step 3 stale %v", m.call.stale(), m.token.stale())
	}
	m = update(t, m, tokenOK(m.seq, testJWT()))
	if m.current != stepCall {
		t.Fatalf("on step %d, want 4", m.current+1)
	}
	v := plainView(m)
	if !strings.Contains(v, "◌ from before step 3 ran again · enter runs it again") {
		t.Errorf("step 4 does not say its result is from an earlier run:\n%s", v)
	}
	m = press(t, m, "enter")
	m = update(t, m, calledOK(m.seq, testJWT()))
	if m.call.stale() || strings.Contains(plainView(m), "from before step") {
		t.Errorf("step 4 ran again and is still marked stale")
	}
}

// TestEarlierRun_NoFixFromIt: a failed step's diagnosis is not
// applied (!) once an earlier step ran again.
func TestEarlierRun_NoFixFromIt(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepToken)
	m = press(t, m, "enter")
	m = update(t, m, tokenFailed(m.seq))
	if !m.canFix() {
		t.Fatal("fixture: the failed token must offer a fix")
	}
	m = press(t, m, "1", "enter")
	m = update(t, m, discoveredOK(m.seq))
	m = press(t, m, "3")
	if m.canFix() {
		t.Errorf("the fix of a stale diagnosis can be applied")
	}
}
