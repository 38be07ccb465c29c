package ui

import (
	"strings"
	"testing"
)

// hostile is server text that would take over a terminal: a clipboard
// write (OSC 52), a screen clear, a title change and a bell.
const hostile = "evil\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b]0;pwned\x07\u202e"

// TestServerTextIsSanitized feeds escape sequences in every place a server
// controls and checks that none reaches the screen.
func TestServerTextIsSanitized(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m = press(t, m, "enter")
	d := discoveredOK(m.seq)
	d.disc.Metadata.ScopesSupported = append(d.disc.Metadata.ScopesSupported, hostile)
	d.disc.Metadata.GrantTypesSupported = append(d.disc.Metadata.GrantTypesSupported, hostile)
	d.exs[0].ResponseBody = []byte(`{"issuer":"` + strings.ReplaceAll(hostile, "\x1b", `\u001b`) + `"}` + hostile)
	d.exs[0].ResponseHeader.Set("X-Evil", hostile)
	m = update(t, m, d)
	checkClean(t, "discovery", press(t, m, "1"))

	m = press(t, m, "3", "enter")
	tok := tokenOK(m.seq, testJWT())
	tok.tok.Fields["note"] = hostile
	tok.tok.TokenType = hostile
	tok.ex.StatusText = "200 " + hostile
	m = update(t, m, tok)
	checkClean(t, "token", press(t, m, "3"))

	m = press(t, m, "4", "enter")
	call := calledFailed(m.seq, testJWT())
	call.exs[0].ResponseBody = []byte(hostile)
	call.exs[0].ResponseHeader.Set("WWW-Authenticate", `Bearer error="`+hostile+`"`)
	m = update(t, m, call)
	checkClean(t, "call", m)
	checkClean(t, "call zoomed", press(t, m, "r"))
}

func checkClean(t *testing.T, where string, m Model) {
	t.Helper()
	v := viewText(m)
	for _, bad := range []string{"\x1b]52", "\x1b[2J", "\x1b]0;", "\x07", "\u202e"} {
		if strings.Contains(v, bad) {
			t.Errorf("%s: the view contains %q from the server", where, bad)
		}
	}
	if !strings.Contains(v, "evil") {
		t.Errorf("%s: the hostile text is not on screen at all, so the test proves nothing", where)
	}
}
