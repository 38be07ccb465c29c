package ui

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// A step's error lines and the status line pass through the run's
// Redactor: an error that quotes a secret shows it masked.
func TestErrorLines_Masked(t *testing.T) {
	m := withEndpoints(t, newTestModel(t, 120, 40))
	m = tokenOp("i", func(s int) tea.Msg {
		msg := introspected(s, false)
		msg.err = errors.New("proxy said: bad credential " + testSecret + " and key " + testAPIKey)
		return msg
	})(t, m)
	v := plainView(m)
	if !strings.Contains(v, "Introspection failed") || !strings.Contains(v, "bad credential") {
		t.Fatalf("the error is not on screen, so the test proves nothing:\n%s", v)
	}
	mustNotContain(t, "the failure lines", v, testSecret, testAPIKey)

	m.setStatus("✗ token: "+testSecret, true)
	m = update(t, m, tickMsg(testNow))
	v = plainView(m)
	mustNotContain(t, "the status line", v, testSecret)
	if !strings.Contains(v, "✗ token: ") {
		t.Error("the status line is not on screen")
	}
}
