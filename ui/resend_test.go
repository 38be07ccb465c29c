package ui

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

func ctrl(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl} }

// driveResend runs cmd and what follows until the resend has its answer.
func driveResend(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	msgs := make(chan tea.Msg, 64)
	launch := func(c tea.Cmd) {
		if c != nil {
			go func() { msgs <- c() }()
		}
	}
	launch(cmd)
	deadline := time.After(15 * time.Second)
	for m.sup.editor.sending {
		select {
		case msg := <-msgs:
			switch msg := msg.(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					launch(c)
				}
			case spinner.TickMsg, tickMsg:
			default:
				m, cmd = updateCmd(t, m, msg)
				launch(cmd)
			}
		case <-deadline:
			t.Fatal("the resend still runs after 15s")
		}
	}
	return m
}

// focusRow moves the editor's focus to the first row that starts with
// prefix.
func focusRow(t *testing.T, m Model, prefix string) Model {
	t.Helper()
	i := slices.IndexFunc(m.sup.editor.rows, func(r editRow) bool {
		return strings.HasPrefix(r.input.Value(), prefix)
	})
	if i < 0 {
		t.Fatalf("no row %q in the editor:\n%s", prefix, plain(m))
	}
	for m.sup.editor.focus > i {
		m = press(t, m, "up")
	}
	for m.sup.editor.focus < i {
		m = press(t, m, "down")
	}
	return m
}

// demoWalk is the TUI on the in-process demo server with faults on.
func resendDemoWalk(t *testing.T, faults ...string) (Model, *demo.Server) {
	t.Helper()
	srv, err := demo.Start("127.0.0.1:0", demo.Config{Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	opts := Options{Issuer: srv.Issuer(), Discovery: flows.StyleAuto, ClientID: demo.ClientID,
		ClientSecret: demo.ClientSecret, AuthMethod: flows.AuthBasic, Scopes: demo.DefaultScopes,
		Audience: srv.Issuer() + "/api", APIMethod: "GET", APIURL: srv.Issuer() + "/api/me", Title: "demo",
		Demo: true, DemoServer: srv, FaultList: demoFaults()}
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m, cmd := updateCmd(t, m, keyMsg("a"))
	m = drive(t, m, cmd)
	for i := 0; m.held && i < numSteps; i++ { // the walk stops on a warning: enter goes on
		m, cmd = updateCmd(t, m, keyMsg("enter"))
		m = drive(t, m, cmd)
	}
	return m, srv
}

// The token step fails (post-only); the request is edited to send the
// client in the form and resent: the answer is a new exchange beside the
// original, and the secret shows nowhere.
func TestResend_DemoServerPostOnly(t *testing.T) {
	m, _ := resendDemoWalk(t, "post-only")
	if m.token.state != stateFailed {
		t.Fatalf("the token step did not fail with post-only:\n%s", plain(m))
	}
	m = press(t, m, "E")
	if m.screen != screenEditor {
		t.Fatalf("E did not open the editor:\n%s", plain(m))
	}
	m = focusRow(t, m, "Authorization:")
	m = update(t, m, ctrl('u')) // emptied: left out
	m = focusRow(t, m, "scope=")
	m = update(t, m, ctrl('o'))
	m = typeText(t, m, "client_id="+demo.ClientID)
	m = update(t, m, ctrl('o'))
	m = typeText(t, m, "client_secret=$CLIENT_SECRET")
	m = press(t, m, "down") // the typed row is drawn masked once it loses focus
	mustNotContain(t, "the editor", plain(m), demo.ClientSecret)
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	if m.timeline.inflight == nil || !strings.Contains(plain(m), "sending… esc cancels") {
		t.Errorf("the resend is not in flight in the timeline:\n%s", plain(m))
	}
	m = driveResend(t, m, cmd)
	last := m.timeline.exs[len(m.timeline.exs)-1]
	if last.Label != "token (resend)" || last.Status != 200 {
		t.Fatalf("got %q %d, want the resend answered 200", last.Label, last.Status)
	}
	isAuth := func(h flows.HeaderField) bool { return h.Name == "Authorization" }
	if body := string(last.RequestBody); !strings.Contains(body, "client_secret="+demo.ClientSecret) ||
		slices.ContainsFunc(last.RequestHeader, isAuth) {
		t.Errorf("the wire does not have the edit: %q %v", body, last.RequestHeader)
	}
	v := plain(m)
	if m.screen != screenCompare || !strings.Contains(v, "✓ the resend succeeded: 200 OK") ||
		!strings.Contains(v, "- Authorization: Basic ••••••••") || !strings.Contains(v, "+ client_secret=••••••••") {
		t.Errorf("the compare screen does not show the resend beside the original:\n%s", v)
	}
	mustNotContain(t, "the compare screen", v, demo.ClientSecret)
	m = press(t, m, "esc")
	mustNotContain(t, "the walk", plain(m), demo.ClientSecret)
	m = press(t, m, "r") // the new exchange whole
	mustNotContain(t, "the new exchange", plain(m), demo.ClientSecret)
	if !strings.Contains(plain(m), "token (resend)") {
		t.Errorf("the exchange pane does not show the resend:\n%s", plain(m))
	}
}

// A secret typed in a secret place, and the client secret, show nowhere
// until revealed; revealed, they do. The resend is the real command
// (walk.Resend) against the in-process demo, so that the typed key is a
// secret of the new exchange because walk made it one.
func TestResend_LeakTest(t *testing.T) {
	typed := "typed-api-key-0123456789"
	m, _ := resendDemoWalk(t, "post-only")
	m = press(t, m, "E")
	m = update(t, m, ctrl('o'))
	m = typeText(t, m, "X-Api-Key: "+typed)
	m = press(t, m, "down")
	basic := flows.BasicCredentials(demo.ClientID, demo.ClientSecret)
	secrets := []string{demo.ClientSecret, typed, basic}
	mustNotContain(t, "the editor", plain(m), secrets...)
	m = update(t, m, ctrl('o')) // the key again where only its being a secret of the exchange masks it
	m = typeText(t, m, "X-Trace: "+typed)
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	m = driveResend(t, m, cmd)
	ex := m.timeline.exs[len(m.timeline.exs)-1]
	if ex.Label != "token (resend)" || !slices.ContainsFunc(ex.RequestHeader, func(h flows.HeaderField) bool {
		return h.Name == "X-Api-Key" && h.Value == typed
	}) {
		t.Fatalf("the resend did not send the typed key: %q %v", ex.Label, ex.RequestHeader)
	}
	if !slices.ContainsFunc(ex.Secrets, func(s flows.Secret) bool { return s.Value == typed }) {
		t.Errorf("the typed key is no secret of the new exchange: %v", ex.Secrets)
	}
	mustNotContain(t, "the compare screen", plain(m), secrets...)
	for _, k := range []string{"esc", "r", "r", "d", "d"} { // the walk, the exchange whole, the diagram
		m = press(t, m, k)
		mustNotContain(t, "the walk after "+k, plain(m), secrets...)
	}
	if got := m.curlFor(ex); strings.Contains(got, typed) || strings.Contains(got, demo.ClientSecret) {
		t.Errorf("copied curl shows a secret: %s", got)
	}
	m = press(t, m, "s", "D") // revealed, the resend beside its original
	if v := plain(m); !strings.Contains(v, typed) {
		t.Errorf("revealed, the typed key does not show:\n%s", v)
	}
}

// A server that stalls: esc cancels the resend, which stays in the
// timeline as cancelled; its late answer is dropped.
func TestResend_StallCancelled(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	opts := testOptions()
	opts.Issuer, opts.HTTPClient = srv.URL, srv.Client()
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = press(t, m, "1", "enter")
	d := discoveredOK(m.seq)
	d.exs[0].URL = srv.URL + "/.well-known/openid-configuration"
	m = press(t, update(t, m, d), "E")
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	seq := m.sup.editor.seq
	m = press(t, m, "esc")
	if m.sup.editor.sending || m.screen != screenEditor || !strings.Contains(plain(m), "resend cancelled") {
		t.Errorf("esc did not cancel the resend:\n%s", plain(m))
	}
	if n := len(m.timeline.exs); !m.timeline.cancelled[n-1] || m.timeline.exs[n-1].Label != "discovery (resend)" {
		t.Errorf("the cancelled resend is not in the timeline as cancelled")
	}
	late := resentMsg{seq: seq, ex: flows.Exchange{Label: "discovery (resend)", Status: 200, Started: testNow}}
	if m2 := update(t, m, late); len(m2.timeline.exs) != len(m.timeline.exs) || m2.screen != screenEditor {
		t.Errorf("a late answer was taken")
	}
	_ = cmd
}

// A server that answers garbage: the resend is explained, no panic.
func TestResend_GarbageExplained(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("\x1b]52;c;aGk=\x07{\"access_tok\x00\x9b2J"))
	}))
	defer srv.Close()
	opts := testOptions()
	opts.HTTPClient = srv.Client()
	m := failedTokenWalk(t, 100, 30)
	m.hc = srv.Client()
	m = press(t, m, "E")
	m = focusRow(t, m, "https://")
	m = update(t, m, ctrl('u'))
	m = typeText(t, m, srv.URL+"/token")
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	if !strings.Contains(plain(m), "! the resend is on 127.0.0.1") {
		t.Fatalf("no warning before sending to another host:\n%s", plain(m))
	}
	m, cmd = updateCmd(t, m, keyMsg("enter")) // send anyway
	m = driveResend(t, m, cmd)
	v := plain(m)
	if m.screen != screenCompare || !strings.Contains(v, "✗ ") || strings.ContainsAny(v, "\x1b\x07\x00\u009b") {
		t.Errorf("the garbage answer is not explained (or not sanitised):\n%q", v)
	}
	mustNotContain(t, "the compare screen", v, testSecret)
}

// D chooses what to compare: the mark, else the baseline's exchange of
// the same label, else the step's attempt before; and says when there is
// nothing.
func TestDiff_Choices(t *testing.T) {
	m := press(t, walkTo(t, newTestModel(t, 120, 40), stepToken), "enter")
	m = update(t, m, tokenFailed(m.seq))
	m = press(t, m, "D")
	if m.screen != screenWalk || !strings.Contains(plain(m), "nothing to compare #2 with") {
		t.Errorf("D with nothing to compare:\n%s", plain(m))
	}
	m = press(t, m, "3", "enter")
	m = press(t, update(t, m, tokenOK(m.seq, testJWT())), "3")
	m.timeline.selectAt(2)
	m = press(t, m, "D")
	if v := plain(m); m.screen != screenCompare || !strings.Contains(v, "A #2 token") ||
		!strings.Contains(v, "B #3 token") {
		t.Errorf("D on a retry does not compare it with the attempt before:\n%s", v)
	}
	m = press(t, m, "esc")
	m.setBaseline([]flows.Exchange{discoveredOK(0).exs[0]}, "/tmp/good.har")
	m = press(t, m, "D")
	if v := plain(m); !strings.Contains(v, `the baseline good.har has no "token" exchange`) {
		t.Errorf("D without the label in the baseline:\n%s", v)
	}
	good := tokenRequestExchange(200, `{"access_token":"x","token_type":"Bearer"}`, "")
	m.setBaseline([]flows.Exchange{good}, "/tmp/good.har")
	m = press(t, m, "D")
	if v := plain(m); m.screen != screenCompare || !strings.Contains(v, "A baseline #1 token") {
		t.Errorf("D does not compare with the baseline:\n%s", v)
	}
}

// A body the editor's inputs cannot hold as it is (tabs, CR LF) goes out
// unchanged when its rows are not edited.
func TestResend_UnchangedBodyKeepsItsBytes(t *testing.T) {
	var got []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.ReadAll(r.Body)
	}))
	defer srv.Close()
	body := "{\r\n\t\"name\": \"a\tb\",\r\n\t\"scopes\": [\"x\"]\r\n}"
	m := newTestModel(t, 100, 30)
	m.hc = srv.Client()
	ex := exchange("client creation", "POST", srv.URL+"/register", 201,
		[]flows.HeaderField{{Name: "Content-Type", Value: "application/json"}}, body, `{}`)
	m.timeline.add(ex)
	m = press(t, m, "E")
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	m = driveResend(t, m, cmd)
	if string(got) != body {
		t.Errorf("got %q, want %q", got, body)
	}
}

// The marked exchange stays marked in the timeline until D uses it or m
// takes it back.
func TestDiff_MarkShowsInTheTimeline(t *testing.T) {
	m := failedTokenWalk(t, 120, 40)
	m = press(t, m, "3", "enter")
	m = update(t, m, tokenOK(m.seq, testJWT()))
	m.focus = focusTimeline
	m = press(t, m, "up", "m", "down")
	if v := plain(m); !strings.Contains(v, "◆  2 token") {
		t.Errorf("the mark does not show:\n%s", v)
	}
	m = press(t, m, "up", "m", "down")
	if v := plain(m); strings.Contains(v, "◆") {
		t.Errorf("m on the marked exchange did not take the mark back:\n%s", v)
	}
}
