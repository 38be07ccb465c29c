package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Bug 7: wrapping never splits a word, a mask, a kid or a URL: prose cuts a
// word wider than the line with "…"; raw HTTP wraps at spaces and after
// & , ; and breaks only a word wider than the whole line.
func TestWrap_NeverInsideAWord(t *testing.T) {
	url := "https://github.com/oauthlens/oauthlens"
	cases := []struct {
		name  string
		lines []string
		whole []string // each must be on one line
	}{
		{"user agent", hardwrapLine("User-Agent: oauthlens/0.1 (+"+url+")", 44), []string{"(+" + url + ")"}},
		{"json member", hardwrapLine(`  "introspection_endpoint": "http://127.0.0.1:45929/introspect",`, 50),
			[]string{`"http://127.0.0.1:45929/introspect",`}},
		{"masks", hardwrapLine(`"access_token": "••••••••", "refresh_token": "••••••••"`, 30),
			[]string{`"••••••••",`, `"••••••••"`}},
		{"form", hardwrapLine("grant_type=client_credentials&audience=https://api.example.com&scope=a", 40),
			[]string{"audience=https://api.example.com&"}},
		{"prose", wrapLine("issuer at https://auth.example.com/.well-known/openid-configuration here", 30),
			[]string{"https://auth.example.com/.wel…"}},
	}
	for _, tc := range cases {
		for _, l := range tc.lines {
			if ansi.StringWidth(l) > 50 {
				t.Errorf("%s: line wider than asked: %q", tc.name, l)
			}
		}
		joined := strings.Join(tc.lines, "\n")
		for _, w := range tc.whole {
			found := false
			for _, l := range tc.lines {
				found = found || strings.Contains(l, w)
			}
			if !found {
				t.Errorf("%s: %q is split:\n%s", tc.name, w, joined)
			}
		}
	}
}

// A kid with a hyphen stays whole on a line where it fits.
func TestWrap_KidWithHyphen(t *testing.T) {
	kid := "BKBmu-CrFgUAabb_Joj0jxfiqd3HRh50jHYAng0Mu4E"
	for _, lines := range [][]string{wrapLine("signature verified with kid "+kid+" (RS256)", 58),
		hardwrapLine(`  "kid": "`+kid+`", "alg": "RS256"`, 50)} {
		if !strings.Contains(strings.Join(lines, "\n"), kid) {
			t.Errorf("the kid is split:\n%s", strings.Join(lines, "\n"))
		}
	}
}

// No wrapped line is wider than asked, even one ending in a delimiter.
func TestWrap_NeverWider(t *testing.T) {
	st := newStyles(true, false)
	for w := 40; w <= 70; w++ {
		lines, _ := bodyLines(st, `{"registration_endpoint": "http://127.0.0.1:9400/register", "x": 1}`, w, 0)
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Errorf("width %d: a line of %d cells: %q", w, ansi.StringWidth(l), ansi.Strip(l))
			}
		}
	}
}
