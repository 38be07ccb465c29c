package ui

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauthlens/oauthlens/flows"
)

// Bug 7, the last case: a URL wider than the whole raw pane is broken at its
// own delimiters (never inside a parameter name such as "client_id"), and
// every piece is a hyperlink to the whole URL, so a terminal opens the URL
// and not the half that was clicked. Before, it was cut at the pane's width
// ("?clien" / "t_id=abc") and no piece could be opened.
func TestWrap_LongURLBrokenAtDelimitersAndLinkedWhole(t *testing.T) {
	url := "https://auth.example.com/authorize?client_id=abc&redirect_uri=http%3A%2F%2F127.0.0.1" +
		"%3A8080%2Fcallback&state=xyz"
	lines := hardwrapLine("Location: "+url, 40)
	var pieces []string
	for _, l := range lines[1:] {
		if ansi.StringWidth(l) > 40 {
			t.Errorf("line wider than 40: %q", ansi.Strip(l))
		}
		if !strings.Contains(l, hyperlink(url)) {
			t.Errorf("piece %q is not a link to the whole URL", ansi.Strip(l))
		}
		pieces = append(pieces, ansi.Strip(l))
	}
	if got := strings.Join(pieces, ""); got != url {
		t.Fatalf("the pieces make %q, want %q", got, url)
	}
	for i, p := range pieces[:len(pieces)-1] {
		if !strings.ContainsAny(p[len(p)-1:], longBreaks) && !strings.HasPrefix(pieces[i+1], "%") {
			t.Errorf("piece %q does not end at a delimiter of the URL", p)
		}
	}
}

// The device grant's token request in a 59-cell pane, as seen in tmux:
// "devic" / "e_code" before; now every field name stays whole and the
// form breaks after its & where it can.
func TestWrap_FormBodyKeepsFieldNames(t *testing.T) {
	body := "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&audience=http%3A%2F%2F127.0.0.1" +
		"%3A38331%2Fapi&device_code=••••••••&scope=api%3Aread+api%3Awrite"
	lines := hardwrapLine(body, 59)
	if strings.Join(lines, "") != body {
		t.Fatalf("characters lost: %q", lines)
	}
	for _, name := range []string{"device_code&", "audience=http%3A%2F%2F127.0.0.1%3A38331%2Fapi&", "••••••••"} {
		found := false
		for _, l := range lines {
			found = found || strings.Contains(l, name)
		}
		if !found {
			t.Errorf("%q is split: %q", name, lines)
		}
	}
}

// A URL that fits on its line is not made a link (nothing was split), and a
// form body's long JWT keeps every character, in order.
func TestWrap_LongValueKeepsEveryCharacter(t *testing.T) {
	if l := hardwrapLine("Location: https://a.example/cb", 40); strings.Contains(strings.Join(l, ""), "\x1b]8") {
		t.Errorf("a URL that fits was linked: %q", l)
	}
	jwt := "eyJhbGciOiJSUzI1NiIsImtpZCI6ImRlbW8ta2V5LTEifQ.eyJpc3MiOiJodHRwOi8vMTI3LjAuMC4xOjk0MDAifQ.c2lnbmF0dXJl"
	body := "grant_type=x&assertion=" + jwt
	lines := hardwrapLine(body, 30)
	if got := strings.Join(lines, ""); got != body {
		t.Fatalf("the lines make %q, want %q", got, body)
	}
}

// The link's target is server text: it is sanitised like the text it links
// (no escape sequence of the server's reaches the terminal inside OSC 8).
func TestWrap_LinkTargetIsSanitised(t *testing.T) {
	st := newCommon(Options{}).styles
	ex := flows.Exchange{Label: "call", Method: "GET", URL: "https://api.example.com/x", Status: 302,
		StatusText: "302 Found", Proto: "HTTP/1.1",
		ResponseHeader: http.Header{"Location": {"https://evil.example/" + strings.Repeat("a/", 40) +
			"\x1b]8;;https://other.example\a\x1b[31mred\x07"}}}
	out := strings.Join(formatExchange(st, ex, false, 40), "\n")
	links := regexp.MustCompile("\x1b]8;;([^\a\x1b]*)\x1b\\\\").FindAllStringSubmatch(out, -1)
	if len(links) == 0 {
		t.Fatalf("the split Location is not linked:\n%q", out)
	}
	for _, l := range links {
		if l[1] != "" && !strings.HasPrefix(l[1], "https://evil.example/a/a/") {
			t.Errorf("a link goes to %q", l[1])
		}
	}
	if strings.Contains(out, "\a") || strings.Contains(out, "\x1b[31m") {
		t.Errorf("the server's escape sequences reached the pane:\n%q", out)
	}
}

// In prose a kid wider than the line is cut with "…", never split in two
// (the demo's 43-character thumbprint kid read `…oj9` / `A"` in the token
// screenshot); a file path, which the person needs whole, breaks after a
// slash so that the file name (a UUID) stays on one line.
func TestWrap_ProseCutsAKidAndBreaksAPathAtASlash(t *testing.T) {
	kid := `"r6nJqubmPU0zgUlaQ5GABrbPMMAiCUWMqT3nxL7oj9A"`
	lines := wrapLine("✓ verified with kid "+kid+" (RS256) from the JWKS", 44)
	for _, l := range lines {
		if strings.HasPrefix(l, `A"`) || (strings.Contains(l, "r6nJ") && !strings.Contains(l, "…")) {
			t.Errorf("the kid is split or not marked as cut: %q", lines)
		}
	}
	path := "file:/home/me/.config/oauthlens/secrets/6f1c2a9e-0b7d-4c55-9e21-a1b2c3d4e5f6"
	lines = wrapLine("stored as "+path+" (a 0600 file)", 50)
	if strings.ReplaceAll(strings.Join(lines, ""), " ", "") != strings.ReplaceAll("storedas"+path+"(a0600file)", " ", "") {
		t.Fatalf("the path lost characters: %q", lines)
	}
	found := false
	for _, l := range lines {
		found = found || strings.Contains(l, "6f1c2a9e-0b7d-4c55-9e21-a1b2c3d4e5f6")
	}
	if !found {
		t.Errorf("the file name is split: %q", lines)
	}
}
