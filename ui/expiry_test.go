package ui

import (
	"strings"
	"testing"
	"time"
)

// Bug 1: the countdown follows the token's exp claim when it has one, not
// expires_in: a token that expired an hour ago (the demo's expired-token
// fault answers expires_in 3600 with such a token) reads expired, not
// "expires in 59:54".
func TestCountdown_FollowsExp(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepToken)
	m = press(t, m, "enter")
	m = press(t, update(t, m, tokenOK(m.seq, testJWTExp(testNow.Add(-time.Hour)))), "3")
	v := plainView(m)
	if strings.Contains(v, "expires in") || !strings.Contains(v, "✗ expired 1h ago") {
		t.Errorf("the countdown ignores exp:\n%s", v)
	}
}

// Bug 1: with exp 30 minutes away and expires_in 3600, the bar and the exp
// claim agree: 30:00 left.
func TestCountdown_OneExpiry(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepToken)
	m = press(t, m, "enter")
	m = press(t, update(t, m, tokenOK(m.seq, testJWTExp(testNow.Add(30*time.Minute)))), "3")
	if v := plainView(m); !strings.Contains(v, "expires in 30:00") {
		t.Errorf("want the countdown from exp (30:00):\n%s", v)
	}
}
