package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// helpAfterACall is the full help on step 3 after a whole walk on the
// demo, with a server that introspects and revokes: the most keys there
// are to list (as the newcomer trial had it).
func helpAfterACall(t *testing.T, w, h int) Model {
	m := walkTo(t, demoModel(t, w, h, newFakeSwitch()), stepCall)
	m.discover.disc.Metadata.IntrospectionEndpoint = testIssuer + "/introspect"
	m.discover.disc.Metadata.RevocationEndpoint = testIssuer + "/revoke"
	m = press(t, m, "enter")
	m = update(t, m, calledOK(m.seq, testJWT()))
	return press(t, m, "3", "?")
}

// TestHelp_ScrollsToEveryKey: at 80×24 the full help did not fit, said
// nothing of what it hid (everything after "w save HAR") and j and pgdn
// closed it. Every key of the help is on one of its screens, the first
// says "↓ N more", and the scroll keys move it without closing it.
func TestHelp_ScrollsToEveryKey(t *testing.T) {
	m := helpAfterACall(t, 80, 24)
	first := plainView(m)
	if !strings.Contains(first, "more line") || !strings.Contains(first, "(j/pgdn)") {
		t.Errorf("the full help does not say that more is below:\n%s", first)
	}
	seen := first
	for i := 0; i < 30 && strings.Contains(plainView(m), "more line"); i++ {
		m = press(t, m, "j")
		if !m.help.ShowAll {
			t.Fatalf("j closed the full help")
		}
		seen += plainView(m)
	}
	for _, g := range m.helpKeys().FullHelp() {
		for _, b := range g {
			if b.Enabled() && !strings.Contains(seen, b.Help().Desc) {
				t.Errorf("the full help never shows %q %q", b.Help().Key, b.Help().Desc)
			}
		}
	}
	m = press(t, helpAfterACall(t, 80, 24), "G")
	if v := plainView(m); !m.help.ShowAll || !strings.Contains(v, "above (k/pgup)") || strings.Contains(v, "more line") {
		t.Errorf("G does not go to the end of the full help:\n%s", v)
	}
	m = press(t, m, "g")
	if v := plainView(m); !m.help.ShowAll || strings.Contains(v, "above (k/pgup)") {
		t.Errorf("g does not go back to the top of the full help:\n%s", v)
	}
	m = update(t, m, tea.KeyPressMsg{Code: tea.KeyPgDown})
	if v := plainView(m); !m.help.ShowAll || !strings.Contains(v, "above (k/pgup)") {
		t.Errorf("pgdn did not scroll the full help:\n%s", v)
	}
	if m = press(t, m, "k"); !m.help.ShowAll {
		t.Errorf("k closed the full help")
	}
	if m = press(t, m, "2"); m.help.ShowAll || m.current != stepClient {
		t.Errorf("2 under the full help: help open %v, step %d", m.help.ShowAll, m.current+1)
	}
}

// TestHelp_Golden: the full help at 80×24 (top and end) and at 120×40 (in
// more columns, whole).
func TestHelp_Golden(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
		keys []string
	}{{"80x24", 80, 24, nil}, {"80x24_end", 80, 24, []string{"G"}}, {"120x40", 120, 40, nil}} {
		t.Run(tc.name, func(t *testing.T) {
			m := press(t, helpAfterACall(t, tc.w, tc.h), tc.keys...)
			golden.RequireEqual(t, ansi.Strip(viewText(m)))
		})
	}
}
