package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

func presentModel(t *testing.T, w, h int) Model {
	t.Helper()
	opts := testOptions()
	opts.Present = true
	return update(t, New(opts), tea.WindowSizeMsg{Width: w, Height: h})
}

// TestPresent_SCannotReveal: in presenter mode s says reveal is off and
// nothing shows; out of it, s reveals (so the test would see a reveal).
func TestPresent_SCannotReveal(t *testing.T) {
	m := walkTo(t, presentModel(t, 120, 40), stepToken)
	m = press(t, m, "enter")
	m = update(t, m, tokenOK(m.seq, testJWT()))
	m.focus = focusTimeline
	m = press(t, m, "s")
	if m.c.reveal || !strings.Contains(m.status, "secrets stay masked") {
		t.Fatalf("s in presenter mode: reveal %v, status %q", m.c.reveal, m.status)
	}
	mustNotContain(t, "presenter view", plainView(m), testSecret, testJWT()[:40])
	m = press(t, m, "r") // the raw exchange, zoomed: the token request and its answer
	mustNotContain(t, "presenter raw view", plainView(m), testSecret, testJWT()[:40])
	m = press(t, m, "r", "P", "s")
	if !m.c.reveal {
		t.Error("out of presenter mode, s does not reveal: the test above proves nothing")
	}
	m = press(t, m, "P")
	if m.c.reveal {
		t.Error("entering presenter mode left the secrets revealed")
	}
}

// TestPresent_TokenStatusOnEveryStep: the header shows the token's
// countdown on every step, presenter mode or not.
func TestPresent_TokenStatusOnEveryStep(t *testing.T) {
	for _, present := range []bool{false, true} {
		opts := testOptions()
		opts.Present = present
		m := walkTo(t, update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40}), stepCall)
		for _, k := range []string{"1", "2", "3", "4"} {
			m = press(t, m, k)
			header := strings.SplitN(plainView(m), "\n", 2)[0]
			if !strings.Contains(header, "token ✓ expires in 58:00") {
				t.Errorf("present=%v step %s: header %q", present, k, header)
			}
		}
	}
}

func TestPresent_CaptionFollowsTheAuthMethod(t *testing.T) {
	m := press(t, presentModel(t, 120, 40), "2")
	if v := plainView(m); !strings.Contains(v, "id and secret in HTTP Basic, RFC 6749 §2.3.1") {
		t.Errorf("no caption for client_secret_basic:\n%s", v)
	}
}

// TestPresent_Golden draws presenter mode (the sequence diagram, the
// caption, the token in the header) after a walk whose call failed once
// and was retried, at the sizes a room uses.
func TestPresent_Golden(t *testing.T) {
	for _, size := range [][2]int{{100, 30}, {120, 40}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := walkTo(t, presentModel(t, size[0], size[1]), stepCall)
			m = press(t, m, "enter")
			m = update(t, m, calledRetried(m.seq, testJWT(), testJWT()))
			golden.RequireEqual(t, ansi.Strip(viewText(m)))
		})
	}
}

// TestSequence_Golden draws the sequence diagram (d) outside presenter
// mode after a failed call, with the failing arrow selected.
func TestSequence_Golden(t *testing.T) {
	for _, size := range [][2]int{{100, 30}, {120, 40}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := walkTo(t, newTestModel(t, size[0], size[1]), stepCall)
			m = press(t, m, "enter")
			m = update(t, m, calledFailed(m.seq, testJWT()))
			m = press(t, m, "d")
			golden.RequireEqual(t, ansi.Strip(viewText(m)))
		})
	}
}

// TestSequence_FitsAndSelects: every diagram row fits 80 columns, each
// exchange has its arrow, and moving the selection opens that exchange.
func TestSequence_FitsAndSelects(t *testing.T) {
	m := walkTo(t, newTestModel(t, 80, 24), stepCall)
	m = press(t, m, "enter")
	m = update(t, m, calledRetried(m.seq, testJWT(), testJWT()))
	m = press(t, m, "d")
	rows, first := sequenceRows(m.c.styles, m.timeline.exs, m.timeline.sel, true, 80)
	for _, r := range rows {
		if w := ansi.StringWidth(r); w > 80 {
			t.Errorf("row %d cells wide: %q", w, ansi.Strip(r))
		}
	}
	if len(first) != len(m.timeline.exs) {
		t.Fatalf("%d arrows for %d exchanges", len(first), len(m.timeline.exs))
	}
	if !strings.Contains(ansi.Strip(rows[first[0]]), "GET /.well-known/") {
		t.Errorf("first arrow %q", ansi.Strip(rows[first[0]]))
	}
	m.focus = focusTimeline // as tab brings it there
	m = press(t, m, "up", "r")
	if ex, i, _ := m.timeline.selected(); !strings.Contains(plainView(m), fmt.Sprintf("Exchange %d/", i+1)) ||
		ex.Label == "" {
		t.Errorf("r did not open the selected arrow's exchange:\n%s", plainView(m))
	}
}

// TestPresent_NewSecretShownOnceStaysMasked: a client secret the server
// shows once is masked in presenter mode, and y still copies it.
func TestPresent_NewSecretShownOnceStaysMasked(t *testing.T) {
	m := toAdminMode(t, newCreateModel(t, 120, 40, nil))
	m.c.present = true
	m = press(t, m, "enter")
	m = update(t, m, adminCreated(m.seq, "", errors.New("keyring: no secret service")))
	v := viewText(m)
	mustNotContain(t, "presenter, secret shown once", v, newSecret)
	if !strings.Contains(v, "presenter mode: masked; y copies it") {
		t.Errorf("the panel does not say why the secret is masked:\n%s", v)
	}
	if _, cmd := updateCmd(t, m, keyMsg("y")); cmd == nil {
		t.Error("y does not copy the secret in presenter mode")
	}
}
