package ui

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// demoFromStep3 is a demo walk at 120×40 that has run nothing yet, with
// the demo's faults given on.
func demoFromStep3(t *testing.T, faults ...string) Model {
	t.Helper()
	srv, err := demo.Start("127.0.0.1:0", demo.Config{Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	opts := Options{Issuer: srv.Issuer(), Discovery: flows.StyleAuto, ClientID: demo.ClientID,
		ClientSecret: demo.ClientSecret, AuthMethod: flows.AuthBasic, Scopes: demo.DefaultScopes,
		Audience: srv.Issuer() + "/api", APIMethod: http.MethodGet, APIURL: srv.Issuer() + "/api/me",
		HTTPClient: &http.Client{Timeout: 5 * time.Second}, Demo: true, DemoServer: srv, FaultList: demoFaults()}
	return update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
}

// TestRefresh_AfterAuthCodeRunFromStep3 is the newcomer's walk: 3, t
// (authorization code), a, o, then 3 and R. The grant discovered the
// server itself: step 1 shows that discovery, step 2 the client the
// token came with, and R refreshes at the token endpoint that issued the
// token (it failed with "no token URL" and dropped the token).
func TestRefresh_AfterAuthCodeRunFromStep3(t *testing.T) {
	t.Setenv("BROWSER", "true")
	m := press(t, demoFromStep3(t), "3", "t")
	m, cmd := updateCmd(t, m, keyMsg("a"))
	m, wait := runCmd[authStartedMsg](t, m, cmd)
	m = runReal[approvedMsg](t, m, "o")
	m, cmd = runCmd[callbackMsg](t, m, wait)
	m, cmd = runCmd[authFinishedMsg](t, m, cmd)
	m = drive(t, m, cmd)
	bar := strings.Split(plainView(m), "\n")[1]
	for _, want := range []string{"1 Discover ✓", "2 Client ✓", "3 Token ✓", "4 Call ✓", "✓ 4/4"} {
		if !strings.Contains(bar, want) {
			t.Errorf("the step bar lacks %q: %s", want, bar)
		}
	}
	m = press(t, m, "3")
	m = runReal[refreshedMsg](t, m, "R")
	if m.token.state != stateOK || m.tok == nil || m.token.user.rotation == nil {
		t.Fatalf("the refresh failed: state %d: %v", m.token.state, m.token.err)
	}
	if !strings.Contains(m.status, "✓ refreshed") {
		t.Errorf("status %q, want ✓ refreshed", m.status)
	}
	// R stays on step 3, and the call made with the old token is stale
	// (it jumped to step 4, where that call still read ✓: second trial).
	if m.current != stepToken || m.call.staleBy != stepToken {
		t.Errorf("after R: on step %d, call staleBy %d", m.current+1, m.call.staleBy)
	}
}

// TestRefresh_FailureKeepsTheToken: a refused refresh is the refresh's
// failure; the token on screen still works and stays (step 3 ✓, the
// header's badge).
func TestRefresh_FailureKeepsTheToken(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "3", "enter")
	ok := tokenOK(m.seq, testJWT())
	ok.tok.RefreshToken = "rt-VALUE-never-shown-1234"
	m = press(t, update(t, m, ok), "3")
	m = press(t, m, "R")
	if m.running != stepToken {
		t.Fatalf("R did not start a refresh: %q", m.status)
	}
	body := `{"error":"invalid_grant","error_description":"refresh token expired"}`
	ex := tokenRequestExchange(400, body, "")
	err := &flows.OAuthError{Step: "token", Code: "invalid_grant", Description: "refresh token expired",
		StatusCode: 400, Status: "400 Bad Request", Header: jsonHeader(), Body: []byte(body)}
	m = update(t, m, refreshedMsg{seq: m.seq, old: ok.tok.RefreshToken, ex: ex, err: err})
	if m.tok == nil || m.tok.AccessToken != ok.tok.AccessToken || m.token.state != stateOK {
		t.Fatalf("the refresh's failure dropped the token (state %d)", m.token.state)
	}
	v := plainView(m)
	if strings.Contains(v, "3 Token ✗") {
		t.Errorf("step 3 shows the refresh's failure as its own:\n%s", v)
	}
	for _, want := range []string{"token ✓ expires in", "✗ Refresh (RFC 6749 §6) failed", "✓ Token received"} {
		if !strings.Contains(v, want) {
			t.Errorf("the view lacks %q:\n%s", want, v)
		}
	}
	if !m.statusErr || !strings.Contains(m.status, "refresh failed") {
		t.Errorf("status %q, want the refresh's failure", m.status)
	}
	mustNotContain(t, "view", viewText(m), ok.tok.RefreshToken, testSecret)
}

// TestGrantChange_Step3RunsAgain: after t changes the grant on step 3,
// step 3 is ○ and the call's result is from before; enter runs the new
// grant, not the call with the old grant's token. Presenter mode's
// "enter goes on" during a (a) does the same.
func TestGrantChange_Step3RunsAgain(t *testing.T) {
	t.Run("walk", grantChangeWalk)
	t.Run("presenter", grantChangePresenter)
}

func grantChangeWalk(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepCall)
	m = press(t, m, "enter")
	m = update(t, m, calledOK(m.seq, testJWT()))
	m = press(t, m, "3", "t")
	bar := strings.Split(plainView(m), "\n")[1]
	if m.token.state != stateIdle || !strings.Contains(bar, "3 Token ○") || !strings.Contains(bar, "4 Call ◌") {
		t.Fatalf("after t: step 3 state %d; bar %s", m.token.state, bar)
	}
	if m.tok == nil {
		t.Error("the token that still works was dropped")
	}
	m = press(t, m, "enter")
	if m.running != stepToken {
		t.Errorf("enter after t runs step %d, want step 3 (the new grant)", m.running+1)
	}
}

func grantChangePresenter(t *testing.T) {
	p := press(t, presentModel(t, 120, 40), "3", "a")
	p = update(t, p, tokenOK(p.seq, testJWT()))
	if !p.held || p.current != stepToken {
		t.Fatalf("presenter mode did not stop after step 3: %q", p.status)
	}
	p = press(t, p, "t", "t") // device authorization
	if v := plainView(p); !strings.Contains(v, "RFC 8628") || strings.Contains(v, "RFC 6749 §4.4") {
		t.Errorf("the caption does not follow the grant:\n%s", v)
	}
	p = press(t, p, "enter")
	if p.running != stepToken {
		t.Errorf("presenter's enter after t runs step %d, want step 3 (the new grant)", p.running+1)
	}
}

// TestScopesEdit_Step3RunsAgain: a step-3 field typed into after a token
// makes step 3 ○ as the grant does, and the call's result is from before.
func TestScopesEdit_Step3RunsAgain(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepCall)
	m = press(t, m, "enter")
	m = update(t, m, calledOK(m.seq, testJWT()))
	m = press(t, m, "3", "tab") // the Scopes field
	if m.token.state != stateOK {
		t.Fatalf("focusing a field changed step 3 (state %d)", m.token.state)
	}
	m = typeText(t, m, " api:admin")
	if m.token.state != stateIdle || m.call.staleBy != stepToken {
		t.Errorf("after typing a scope: step 3 state %d, step 4 staleBy %d", m.token.state, m.call.staleBy)
	}
}

// TestApplyFix_FromStep3ClearsStep2sWarning: oauthlens demo --fault
// post-only, a, enter, enter, then ! on step 3 switches to
// client_secret_post; step 2's "not advertised" warning, which that
// resolves, goes (it stayed: the !, the note and the bar's warning).
func TestApplyFix_FromStep3ClearsStep2sWarning(t *testing.T) {
	m := demoFromStep3(t, "post-only")
	m, cmd := updateCmd(t, m, keyMsg("a"))
	m = drive(t, m, cmd)
	if len(m.stepWarnings(stepClient)) == 0 {
		t.Fatalf("step 2 has no warning with post-only:\n%s", plainView(m))
	}
	for _, k := range []string{"enter", "enter", "!"} {
		m, cmd = updateCmd(t, m, keyMsg(k))
		m = drive(t, m, cmd)
	}
	if m.tok == nil || m.client.authText() != "post" {
		t.Fatalf("the fix did not get a token with post:\n%s", plainView(m))
	}
	if w := m.stepWarnings(stepClient); len(w) > 0 {
		t.Errorf("step 2 keeps its warnings %v after the fix", w)
	}
	v := plainView(press(t, m, "2"))
	for _, gone := range []string{"auth not advertised", "2 Client !", "does not advertise client_secret_basic"} {
		if strings.Contains(v, gone) {
			t.Errorf("the view still shows %q:\n%s", gone, v)
		}
	}
}

// TestClientStep_PublicClientStatusEnds: a public client registered in
// step 2 (RFC 7591, auth none) has no secret, and the status says so (it
// ended "its secret is stored as" and nothing after).
func TestClientStep_PublicClientStatusEnds(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	store := profiles.Store{Dir: filepath.Join(t.TempDir(), "profiles")}
	opts := Options{Issuer: srv.Issuer(), Discovery: flows.StyleAuto, AuthMethod: flows.AuthNone,
		Scopes: []string{"api:read"}, HTTPClient: &http.Client{Timeout: 5 * time.Second}, Now: testOptions().Now,
		Store: &store}
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = press(t, runReal[discoveredMsg](t, m, "enter"), "3", "t", "2", "right")
	m.client.form.setValue(fNewName, "public one")
	m.client.form.setValue(fNewStore, "file") // the registration access token goes to a file
	m = runReal[clientCreatedMsg](t, m, "enter")
	if m.client.created == nil || m.client.created.secret != "" {
		t.Fatalf("no public client registered: %v", m.client.err)
	}
	if !strings.Contains(m.status, "a public client: no secret") || strings.Contains(m.status, "stored as") {
		t.Errorf("status %q, want it to say the public client has no secret", m.status)
	}
}

// TestTooSmall_OnlyQuitKeysAct: behind the "terminal too small" message
// no key acts unseen (a ran the walk at 60×15); q and ctrl+c quit, a
// paste opens nothing, and once the window is large enough keys act.
func TestTooSmall_OnlyQuitKeysAct(t *testing.T) {
	m := newTestModel(t, 60, 15)
	for _, k := range []string{"a", "enter", "3", "t", "tab", "P", "f", "?", "s"} {
		next, cmd := updateCmd(t, m, keyMsg(k))
		if cmd != nil || next.running >= 0 || next.current != stepDiscover || next.help.ShowAll ||
			next.c.present || next.c.reveal || next.focus != focusStep || next.screen != nil {
			t.Errorf("%s acted behind the too-small message", k)
		}
		m = next
	}
	if m.token.grant() != "" {
		t.Errorf("t changed the grant unseen: %q", m.token.grant())
	}
	if next := update(t, m, tea.PasteMsg{Content: testJWT()}); next.screen != nil {
		t.Error("a paste opened the inspector behind the too-small message")
	}
	for _, k := range []string{"q", "ctrl+c"} {
		if _, cmd := updateCmd(t, m, keyMsg(k)); !isQuit(cmd) {
			t.Errorf("%s does not quit on the too-small screen", k)
		}
	}
	m = update(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	if m, _ = updateCmd(t, m, keyMsg("enter")); m.running != stepDiscover {
		t.Error("enter does nothing once the window is large enough")
	}
}

// TestGrantField_ShowsTheGrantNotAPartialList: the empty Grant field
// says the grant in use and that t changes it, in and out of presenter
// mode (it showed "client_credentials|token_exchange|jwt_bearer", which
// read as a value and left out three of the six grants t cycles).
func TestGrantField_ShowsTheGrantNotAPartialList(t *testing.T) {
	for _, m := range []Model{newTestModel(t, 120, 40), presentModel(t, 120, 40)} {
		v := plainView(press(t, m, "3"))
		if !strings.Contains(v, "Grant     client_credentials (default) · t changes it") ||
			strings.Contains(v, "|token_exchange|") {
			t.Errorf("present=%v: the Grant field:\n%s", m.c.present, v)
		}
	}
}

// TestRefresh_AfterAGrantChangeIsCurrent: a refresh (R) after t changed
// the grant sent the fields as they are: its token stays ✓ while the
// fields do not change (moving the cursor in one dropped it).
func TestRefresh_AfterAGrantChangeIsCurrent(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "3", "enter")
	ok := tokenOK(m.seq, testJWT())
	ok.tok.RefreshToken = "rt-VALUE-never-shown-1234"
	m = press(t, update(t, m, ok), "3", "t", "R")
	next := ok.tok
	next.RefreshToken = "rt-VALUE-never-shown-5678"
	m = update(t, m, refreshedMsg{seq: m.seq, old: ok.tok.RefreshToken, tok: next, ex: ok.ex, check: ok.check})
	m = press(t, m, "3", "tab", "left")
	if m.token.state != stateOK {
		t.Errorf("the refreshed token was dropped by a cursor move (state %d)", m.token.state)
	}
}

// Client credentials run from step 3 before step 1: the token step
// discovers the issuer typed (with the issuer check), as the grants with a
// user do, and step 1 adopts that discovery. Before, it failed with "no
// token URL: fill in the Token URL, or the Issuer…" though the Issuer was
// filled in (second newcomer trial).
func TestClientCredentials_FromStep3Discovers(t *testing.T) {
	m := press(t, demoFromStep3(t), "3")
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	m = drive(t, m, cmd)
	if m.token.state != stateOK || m.discover.state != stateOK || m.discover.tokenURL() == "" {
		t.Fatalf("token %v, discover %v (token URL %q):\n%s", m.token.state, m.discover.state,
			m.discover.tokenURL(), plainView(m))
	}
	var labels []string
	for _, ex := range m.timeline.exs {
		labels = append(labels, ex.Label)
	}
	if len(labels) < 2 || labels[0] != "discovery" || labels[1] != "token" {
		t.Errorf("timeline %v, want discovery then token", labels)
	}
}

// R, u, A and t off step 3 say where they work; they did nothing and left
// the last status on screen (second newcomer trial).
func TestUserKeys_OffStep3SayWhere(t *testing.T) {
	m := newTestModel(t, 120, 40)
	for _, k := range []string{"R", "u", "A", "t"} {
		m.status = ""
		m = press(t, m, k)
		if !strings.Contains(m.status, "works on step 3 (Token): press 3") {
			t.Errorf("%s on step 1: status %q", k, m.status)
		}
	}
}
