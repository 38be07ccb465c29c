package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/mdp/qrterminal/v3"
)

// qrText draws s as a QR code with half blocks (two modules a line), with
// a quiet zone, using github.com/mdp/qrterminal (on rsc.io/qr). It reads
// on dark and light terminals alike: the colours are the terminal's own.
func qrText(s string) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	qrterminal.GenerateWithConfig(s, qrterminal.Config{Level: qrterminal.L, Writer: &b, HalfBlocks: true,
		BlackChar: qrterminal.BLACK_BLACK, WhiteBlackChar: qrterminal.WHITE_BLACK, WhiteChar: qrterminal.WHITE_WHITE,
		BlackWhiteChar: qrterminal.BLACK_WHITE, QuietZone: 2})
	return b.String()
}

// qrLines are a QR code's rows; none for no code.
func qrLines(qr string) []string {
	if qr = strings.TrimRight(qr, "\n"); qr == "" {
		return nil
	}
	return strings.Split(qr, "\n")
}

// qrSideMin is the narrowest text column beside a QR code.
const qrSideMin = 30

// placeQR lays text (wrapped to a width) out with a QR code: beside it
// when the width leaves the text qrSideMin cells, else under it. A QR code
// is drawn whole or not at all: a code cut by the pane's edge ("…") or by
// its last line can't be scanned, which is worse than none. So ok is false
// (and the text comes alone, at width w) unless every row of the code is
// within the first room lines of a pane that has after more lines below
// (and then loses one line to "↓ more").
func placeQR(text func(w int) []string, qr []string, after, w, room int) ([]string, bool) {
	qw := qrWidth(qr)
	if len(qr) == 0 || qw > w {
		return text(w), false
	}
	fits := func(lines []string, end int) bool {
		visible := room
		if len(lines)+after > room {
			visible--
		}
		return end <= visible
	}
	if sw := w - qw - 3; sw >= qrSideMin {
		left := text(sw)
		if qrWidth(left) <= sw {
			lines := strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, strings.Join(left, "\n"), "   ",
				strings.Join(qr, "\n")), "\n")
			if fits(lines, len(qr)) {
				return lines, true
			}
		}
	}
	lines := append(append(text(w), ""), qr...)
	if fits(lines, len(lines)) {
		return lines, true
	}
	return text(w), false
}

// qrWidth is the width of the widest line.
func qrWidth(lines []string) int {
	w := 0
	for _, l := range lines {
		w = max(w, lipgloss.Width(l))
	}
	return w
}

// zoomRoom is the room step 3's result would have full screen (z), and
// whether it has it now: a QR code that does not fit says whether z
// shows it.
type zoomRoom struct {
	on   bool
	w, h int
}

// setZoom records the full-screen room; the result is redrawn when it
// changed (what it says of the QR code depends on it).
func (m *tokenPane) setZoom(z zoomRoom) {
	if z == m.zoom {
		return
	}
	m.zoom = z
	m.refresh(true)
}

// qrNote is said in the place of a QR code that does not fit: z shows it
// when it fits full screen (fitsAt says so for a width and a room), else
// the terminal is too small for it and instead says what to do.
func (m *tokenPane) qrNote(fitsAt func(w, room int) bool, instead string) string {
	warn := len(m.warningLines())
	if !m.zoom.on && m.zoom.w > 0 && fitsAt(m.zoom.w, m.zoom.h-warn) {
		return m.c.styles.text.accent.Render("z shows the QR code") + m.c.styles.text.dim.Render(" (step full screen)")
	}
	return m.c.styles.text.warn.Render("! the terminal is too small for the QR code: " + instead)
}

// waiting reports whether step 3 waits for the person: a device code to
// enter, or a login in the browser.
func (u userState) waiting() bool { return u.device != nil || u.auth != nil }
