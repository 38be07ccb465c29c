package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauthlens/oauthlens/flows"
)

// bigJSONBody is about n bytes of JSON in lines, as some APIs send it,
// ending with a secret field whose value spans a line break, the known
// token, and a last line that says so.
func bigJSONBody(n int, token string) string {
	var b strings.Builder
	b.WriteString("[\n")
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "{\"id\":%d,\"name\":\"item-%d\",\"tags\":[\"a\",\"b\"]},\n", i, i)
	}
	fmt.Fprintf(&b, "{\"access_token\":\"first-half\nsecond-half\",\"echo\":%q},\n", token)
	b.WriteString("{\"last\":\"the very last line\"}\n]\n")
	return b.String()
}

// callWithBigBody is a model after a call that answered body, with focus
// on the exchange pane.
func callWithBigBody(t *testing.T, body string) Model {
	t.Helper()
	m := walkTo(t, newTestModel(t, 120, 40), stepCall)
	m = press(t, m, "enter")
	msg := calledOK(m.seq, testJWT())
	msg.exs[0].ResponseBody = []byte(body)
	m = update(t, m, msg)
	for i := 0; i < 10 && m.focus != focusExchange; i++ {
		m = press(t, m, "shift+tab")
	}
	return m
}

// paneText is the exchange pane's text with rows joined, so that a secret
// broken across two rows is still found.
func paneText(m Model) string { return strings.ReplaceAll(ansi.Strip(m.exchange.View()), "\n", "") }

func TestExchangePane_BigBodyScrollsToTheEndMasked(t *testing.T) {
	tok := testJWT()
	m := callWithBigBody(t, bigJSONBody(10<<20, tok))
	if m.focus != focusExchange || m.exchange.big == nil {
		t.Fatalf("focus %v, big body %v: want the exchange pane drawing a big body", m.focus, m.exchange.big != nil)
	}
	if top := paneText(m); !strings.Contains(top, "10 MB body: shown as received") {
		t.Errorf("no note on how the body is shown:\n%s", m.exchange.View())
	}
	m = press(t, m, "G")
	v := paneText(m)
	if !strings.Contains(v, `{"last":"the very last line"}`) {
		t.Fatalf("G does not reach the last line:\n%s", m.exchange.View())
	}
	if !strings.Contains(v, `{"access_token":"`+flows.Mask+`","echo":"`+flows.Mask+`"}`) {
		t.Errorf("the secret field and the known token are not masked:\n%s", m.exchange.View())
	}
	mustNotContain(t, "the exchange pane", v, "first-half", "second-half", tok[:20], tok[len(tok)-20:])
	if lines := strings.Split(m.exchange.View(), "\n"); len(lines) != m.exchange.height {
		t.Errorf("got %d lines, want %d", len(lines), m.exchange.height)
	}

	m = press(t, m, "s", "G") // revealed on purpose
	if v := paneText(m); !strings.Contains(v, `{"last":"the very last line"}`) || !strings.Contains(v, "first-half") {
		t.Errorf("reveal: want the end of the body with the secret shown:\n%s", m.exchange.View())
	}
	m = press(t, m, "s", "g")
	if v := paneText(m); !strings.Contains(v, "GET /me HTTP/1.1") {
		t.Errorf("g does not go back to the top:\n%s", m.exchange.View())
	}
}

// TestExchangePane_BigBodyOneLine: a compact body on one line is wrapped
// into rows of the pane's width, all reachable.
func TestExchangePane_BigBodyOneLine(t *testing.T) {
	m := callWithBigBody(t, strings.TrimSpace(jsonBody(3<<20))+`{"tail":"end of it"}`)
	m = press(t, m, "G")
	if v := paneText(m); !strings.Contains(v, `{"tail":"end of it"}`) {
		t.Fatalf("G does not reach the end:\n%s", m.exchange.View())
	}
	for _, l := range strings.Split(m.exchange.View(), "\n") {
		if w := ansi.StringWidth(l); w > m.exchange.width {
			t.Fatalf("a row of %d cells in a pane of %d", w, m.exchange.width)
		}
	}
	m = press(t, m, "up")
	if v := paneText(m); strings.Contains(v, `{"tail":"end of it"}`) {
		t.Errorf("up does not scroll back")
	}
}

func TestBigBody_Rows(t *testing.T) {
	body := "ab\tc\x1b[31mred\x1b[0m\nprefix password=hunter22 suffix \n\nééé\n"
	ex := exchange("call", "GET", "https://api.example.com/x", 200, nil, "", body)
	ex.ResponseHeader.Set("Content-Type", "text/plain")
	ex.Secrets = []flows.Secret{{Name: "P", Value: "hunter22"}}
	b := newBigBody(ex, false)
	b.layout(10)
	var rows []string
	for i := range b.rowCount() {
		rows = append(rows, b.row(i))
	}
	// An escape sequence cut by a row break leaves plain text ("1m"); a
	// masked value is not broken.
	want := []string{"ab    c", "1mred", "prefix pas", "sword=", flows.Mask + " s", "uffix ", "", "ééé"}
	if strings.Join(rows, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", rows, want)
	}
	for _, r := range rows {
		if ansi.StringWidth(r) > 10 || strings.ContainsRune(r, 0x1b) {
			t.Errorf("row %q is wider than 10 or keeps an escape", r)
		}
	}
}

// TestCallPane_BigBodyPreview: the call step formats only the start of a
// big body, pretty-printed, masked, and says where the rest is.
func TestCallPane_BigBodyPreview(t *testing.T) {
	tok := testJWT()
	body := `[{"access_token":"` + tok + `","note":"x"},` + strings.TrimPrefix(jsonBody(2<<20), "[")
	m := walkTo(t, newTestModel(t, 120, 40), stepCall)
	m = press(t, m, "enter")
	msg := calledOK(m.seq, tok)
	msg.exs[0].ResponseBody = []byte(body)
	m = update(t, m, msg)
	v := ansi.Strip(strings.Join(m.call.lines, "\n"))
	for _, want := range []string{`    "access_token": "` + flows.Mask + `",`, `    "id": 0,`, "MB more in the Exchange pane (r)"} {
		if !strings.Contains(v, want) {
			t.Errorf("the call step lacks %q:\n%s", want, v)
		}
	}
	mustNotContain(t, "the call step", v, tok[:20])
}

func TestSafeCut_KeepsSecretsWhole(t *testing.T) {
	ex := exchange("call", "GET", "https://api.example.com/x", 200, nil, "", "0123456789SECRETVALUE0123")
	ex.Secrets = []flows.Secret{{Name: "S", Value: "SECRETVALUE"}}
	for n := 10; n <= 21; n++ {
		if got := safeCut(ex, n); got != 10 && n < 21 || n == 21 && got != 21 {
			t.Errorf("cut at %d: got %d", n, got)
		}
	}
}

func TestIndentPrefix_AsJSONIndent(t *testing.T) {
	for _, doc := range []string{`{"a":1,"b":[1,2,{"c":null}],"d":{},"e":[ ],"f":"x,{}\"y"}`, `[true, false , "s"]`, `{}`} {
		var want bytes.Buffer
		if err := json.Indent(&want, []byte(doc), "", "  "); err != nil {
			t.Fatal(err)
		}
		if got := indentPrefix(doc, 1000); got != want.String() {
			t.Errorf("got\n%s\nwant\n%s", got, want.String())
		}
	}
	if got := indentPrefix(`{"a":[1,2,3],"b":"cut here`, 1000); got != "{\n  \"a\": [\n    1,\n    2,\n    3\n  ],\n  \"b\": \"cut here" {
		t.Errorf("a cut text: got %q", got)
	}
}
