package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/walk"
)

// The sizes of the device flow's checks: the presenter size of the README,
// a common one and the smallest common one.
var deviceSizes = [][2]int{{100, 30}, {120, 40}, {80, 24}}

// stepPaneLines are the lines of the step pane under its title.
func stepPaneLines(t *testing.T, view string) []string {
	t.Helper()
	lines := strings.Split(view, "\n")
	for i, l := range lines {
		if strings.Contains(l, "Step 3 · Token") {
			return lines[i+1:]
		}
	}
	t.Fatalf("no step 3 pane:\n%s", view)
	return nil
}

// qrWholeOrNone checks that a QR code is on screen whole (every row, none
// cut by "…") or not at all, and which.
func qrWholeOrNone(t *testing.T, name, view, qr string) bool {
	t.Helper()
	rows := strings.Split(strings.TrimRight(qr, "\n"), "\n")
	found := 0
	for _, r := range rows {
		if strings.Contains(view, strings.TrimRight(r, " ")) {
			found++
		}
	}
	if strings.Contains(view, "██…") || strings.Contains(view, "▀…") || strings.Contains(view, "▄…") {
		t.Errorf("%s: a QR row is cut by …:\n%s", name, view)
	}
	if found != 0 && found != len(rows) {
		t.Errorf("%s: %d of the QR code's %d rows on screen:\n%s", name, found, len(rows), view)
	}
	return found == len(rows)
}

// TestDevice_CodeFirstQRWholeOrNone: while the device flow waits, step 3's
// pane starts with the verification URI and the user code, and the QR code
// is drawn whole or not at all, with "z shows the QR code" when full
// screen has room for it, and z then shows it whole. (At 100×30 the code
// and the QR sat under "↓ 14 more lines", z cut the QR, and at 120×40 the
// step pane cut every QR row with "…".)
func TestDevice_CodeFirstQRWholeOrNone(t *testing.T) {
	for _, sz := range deviceSizes {
		m := deviceScreen(t, sz[0], sz[1])
		for _, zoom := range []bool{false, true} {
			name := fmt.Sprintf("%dx%d", sz[0], sz[1])
			v := m
			if zoom {
				name += " z"
				v = press(t, m, "z")
			}
			view := plainView(v)
			pane := stepPaneLines(t, view)
			if !strings.HasPrefix(pane[0], "On another device, open") ||
				!strings.Contains(pane[1], "https://as.example.com/device") ||
				!strings.Contains(strings.Join(pane[:6], "\n"), "│ W D J B - M J H T │") {
				t.Errorf("%s: the URI and the user code are not first in the pane:\n%s", name, view)
			}
			whole := qrWholeOrNone(t, name, view, m.token.user.device.qr)
			if zoom && !whole {
				t.Errorf("%s: z does not show the QR code whole:\n%s", name, view)
			}
			if !whole && !strings.Contains(view, "z shows the QR code") {
				t.Errorf("%s: no QR code and nothing says z shows it:\n%s", name, view)
			}
		}
	}
}

// TestDevice_TooSmallForTheQREvenFullScreen: when even z has no room for
// the QR code, the screen says so, zoomed or not, and the code still
// comes first.
func TestDevice_TooSmallForTheQREvenFullScreen(t *testing.T) {
	m := deviceScreen(t, 100, 22)
	for _, v := range []Model{m, press(t, m, "z")} {
		view := plainView(v)
		if qrWholeOrNone(t, "100x22", view, m.token.user.device.qr) {
			t.Fatalf("the QR code fits at 100×22: the test needs a smaller size")
		}
		if !strings.Contains(view, "the terminal is too small for the QR code") ||
			strings.Contains(view, "z shows the QR code") {
			t.Errorf("100x22: does not say the terminal is too small for the QR code:\n%s", view)
		}
	}
}

// TestAuthCode_QRWholeOrNone: the authorization URL's QR code is wider
// than the step pane at 120×40 (every row ended in "…"): it is drawn whole
// or not at all, at every size, zoomed or not.
func TestAuthCode_QRWholeOrNone(t *testing.T) {
	for _, sz := range deviceSizes {
		m := walkTo(t, newTestModel(t, sz[0], sz[1]), stepToken)
		m = press(t, m, "t", "enter")
		u := testIssuer + "/authorize?response_type=code&client_id=demo-client&redirect_uri=http%3A%2F%2F127.0.0.1%3A" +
			"53117%2Fcallback&scope=openid+api%3Aread+api%3Awrite&state=Zm9vYmFyYmF6cXV4&code_challenge=E9Melhoa2Owv" +
			"FrEMMJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&nonce=bm9uY2Utbm9uY2U"
		st := walk.AuthCodeStart{URL: u, Request: flows.AuthRequest{RedirectURI: "http://127.0.0.1:53117/callback",
			State: "Zm9vYmFyYmF6cXV4"}}
		m = update(t, m, authStartedMsg{seq: m.seq, st: st, plan: m.plan})
		for _, v := range []Model{m, press(t, m, "z")} {
			view := plainView(v)
			whole := qrWholeOrNone(t, fmt.Sprintf("%dx%d", sz[0], sz[1]), view, m.token.user.auth.qr)
			if !whole && !strings.Contains(view, "z shows the QR code") &&
				!strings.Contains(view, "the terminal is too small for the QR code") {
				t.Errorf("%dx%d: no QR code and nothing says why:\n%s", sz[0], sz[1], view)
			}
		}
	}
}

// TestGolden_DeviceWaiting: the device flow waiting, with the panes and
// full screen (z), at the sizes above.
func TestGolden_DeviceWaiting(t *testing.T) {
	for _, sz := range deviceSizes {
		for _, zoom := range []bool{false, true} {
			name := fmt.Sprintf("%dx%d", sz[0], sz[1])
			if zoom {
				name += "_z"
			}
			t.Run(name, func(t *testing.T) {
				m := deviceScreen(t, sz[0], sz[1])
				if zoom {
					m = press(t, m, "z")
				}
				golden.RequireEqual(t, ansi.Strip(viewText(m)))
			})
		}
	}
}

// TestDevice_TabLeavesTheFoldedPane: while the form is put away, tab
// moves focus on to the timeline and back (it must not get stuck on the
// pane, nor edit a field that is not on screen).
func TestDevice_TabLeavesTheFoldedPane(t *testing.T) {
	m := deviceScreen(t, 100, 30)
	m = press(t, m, "tab")
	if m.focus != focusTimeline {
		t.Errorf("tab on the waiting device flow: focus %d, want the timeline", m.focus)
	}
	m = press(t, m, "shift+tab")
	if m.focus != focusStep || m.token.editing() {
		t.Errorf("shift+tab back: focus %d, editing %v; want the step's result", m.focus, m.token.editing())
	}
}
