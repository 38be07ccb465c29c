package ui

import (
	"strings"
	"testing"
)

// TestHelp_EscClosesTheFullHelp: ? opens the full help in the place of the
// panes, it lists esc, and esc (or ? again) closes it.
func TestHelp_EscClosesTheFullHelp(t *testing.T) {
	for _, closer := range []string{"esc", "?"} {
		m := press(t, walkTo(t, newTestModel(t, 80, 24), stepCall), "?")
		v := plainView(m)
		for _, want := range []string{"Keys · esc or ? closes this help", "esc   cancel · leave · close", "esc/? close help",
			"copy token", "bottom"} {
			if !strings.Contains(v, want) {
				t.Errorf("the full help at 80×24 lacks %q:\n%s", want, v)
			}
		}
		m = press(t, m, closer)
		if m.help.ShowAll || !strings.Contains(plainView(m), "Step 4 · Call") {
			t.Errorf("%s did not close the full help:\n%s", closer, plainView(m))
		}
	}
}

// TestHelp_OtherKeysCloseAndAct: a key other than esc or ? closes the help
// and does what it does.
func TestHelp_OtherKeysCloseAndAct(t *testing.T) {
	m := press(t, walkTo(t, newTestModel(t, 80, 24), stepCall), "?", "3")
	if m.help.ShowAll || m.current != stepToken {
		t.Errorf("3 under the full help: help open %v, step %d", m.help.ShowAll, m.current+1)
	}
}
