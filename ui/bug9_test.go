package ui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/profiles"
)

// Bug 9: the picker drops a filter from before when p opens it again.
func TestPicker_NoStaleFilterAfterP(t *testing.T) {
	m := update(t, New(pickerOptions(profiles.Store{Dir: goldenStoreDir})), tea.WindowSizeMsg{Width: 100, Height: 30})
	m = update(t, m, fixedListing())
	m = typeText(t, press(t, m, "/"), "zzz")
	m = press(t, m, "enter") // apply the filter: it matches nothing
	if m.picker.list.FilterState() != list.FilterApplied {
		t.Fatalf("filter state %v; want applied", m.picker.list.FilterState())
	}
	m.hasWalk, m.screen = true, screenWalk // as after choosing an entry
	m = press(t, m, "p")
	if st := m.picker.list.FilterState(); st != list.Unfiltered || m.picker.list.FilterValue() != "" {
		t.Errorf("p keeps the filter %q (state %v)", m.picker.list.FilterValue(), st)
	}
}

// Bug 9: a long status message never takes a row from the panes: its
// second line replaces the help bar.
func TestStatus_LongMessageKeepsTheLayout(t *testing.T) {
	m := walkTo(t, newTestModel(t, 80, 24), stepCall)
	before := m.exchange.height
	m.setStatus(strings.Repeat("a long status message ", 8), true)
	m = update(t, m, tickMsg(testNow))
	if m.exchange.height != before {
		t.Errorf("the exchange pane lost rows to the status: %d, want %d", m.exchange.height, before)
	}
	if n := strings.Count(viewText(m), "\n") + 1; n != 24 {
		t.Errorf("the view has %d lines, want 24", n)
	}
}

// Bug 9: ? lists ! (apply fix), ←/→ on step 2, space on a demo and ctrl+u.
func TestHelp_ListsEveryKeyOfTheWalk(t *testing.T) {
	m := press(t, demoModel(t, 120, 40, newFakeSwitch()), "?")
	v := plainView(m)
	for _, want := range []string{"apply a diagnosis's fix", "←/→", "space", "ctrl+u"} {
		if !strings.Contains(v, want) {
			t.Errorf("the full help lacks %q:\n%s", want, v)
		}
	}
}

// Bug 9: at 60×15 the TUI says the terminal is too small.
func TestTooSmall_60x15(t *testing.T) {
	if v := plainView(newTestModel(t, 60, 15)); !strings.Contains(v, "too small") {
		t.Errorf("60×15 shows no too-small message:\n%s", v)
	}
}

// Bug 9: r before any request and f outside the demo say why nothing
// happens.
func TestKeys_NeverSilent(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "r")
	if m.zoomed || !strings.Contains(m.status, "no request yet") {
		t.Errorf("r before a request: zoomed %v, status %q", m.zoomed, m.status)
	}
	m = press(t, newTestModel(t, 120, 40), "f")
	if !strings.Contains(m.status, "demo server") {
		t.Errorf("f outside the demo: status %q", m.status)
	}
}

// Bug 9: revealed secrets do not stay revealed in another walk (p).
func TestReveal_ResetByANewWalk(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "s")
	if !m.c.reveal {
		t.Fatal("s did not reveal")
	}
	m.resetWalk(testOptions())
	if m.c.reveal {
		t.Error("reveal survives into a new walk")
	}
}

// Bug 9: after a new client is created, step 3's token (from the old
// client) is marked as from before.
func TestCreate_LaterStepsStale(t *testing.T) {
	m := newCreateModel(t, 120, 40, &profiles.Store{Dir: goldenStoreDir})
	m = walkTo(t, m, stepCall)
	m = toAdminMode(t, m)
	m, _ = updateCmd(t, m, keyMsg("enter"))
	m = update(t, m, adminCreated(m.seq, storedRef(), nil))
	if !m.base(stepToken).stale() || !strings.Contains(plainView(m), "3 Token ◌") {
		t.Errorf("step 3 still shows its old ✓ after a new client:\n%s", plainView(press(t, m, "3")))
	}
}
