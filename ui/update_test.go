package ui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
)

func TestNavigation_StepKeys(t *testing.T) {
	m := newTestModel(t, 120, 40)
	for _, tc := range []struct {
		key  string
		want int
	}{{"3", stepToken}, {"2", stepClient}, {"4", stepCall}, {"1", stepDiscover}} {
		m = press(t, m, tc.key)
		if m.current != tc.want {
			t.Errorf("after %q: got step %d, want %d", tc.key, m.current, tc.want)
		}
	}
}

// TestNavigation_FocusRing walks tab round the panes and back with
// shift+tab: the step's result, its fields, the timeline, the exchange.
func TestNavigation_FocusRing(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "3")
	type at struct {
		area  focusArea
		field int // -1: the result area
	}
	where := func(m Model) at {
		if m.focus == focusStep && m.token.editing() {
			return at{focusStep, m.token.focus}
		}
		return at{m.focus, -1}
	}
	forward := []at{{focusStep, 0}, {focusStep, 1}, {focusStep, 2}, {focusStep, 3}, {focusStep, 4}, {focusTimeline, -1},
		{focusExchange, -1}, {focusStep, -1}}
	for i, want := range forward {
		m = press(t, m, "tab")
		if got := where(m); got != want {
			t.Fatalf("tab %d: got %+v, want %+v", i+1, got, want)
		}
	}
	backward := []at{{focusExchange, -1}, {focusTimeline, -1}, {focusStep, 4}, {focusStep, 3}, {focusStep, 2},
		{focusStep, 1}, {focusStep, 0}, {focusStep, -1}}
	for i, want := range backward {
		m = press(t, m, "shift+tab")
		if got := where(m); got != want {
			t.Fatalf("shift+tab %d: got %+v, want %+v", i+1, got, want)
		}
	}
}

// TestTyping_NoGlobalKeys types letters that are global keys into a field:
// none of them acts.
func TestTyping_NoGlobalKeys(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "3", "tab") // the scopes field
	m = typeText(t, m, " quote as1234?cysr")
	if got, want := m.token.form.value(fScopes), "api:read api:write quote as1234?cysr"; got != want {
		t.Errorf("scopes: got %q, want %q", got, want)
	}
	if m.current != stepToken || m.c.reveal || m.help.ShowAll || m.zoomed || m.running >= 0 {
		t.Errorf("a typed letter acted as a key: step %d reveal %v help %v zoom %v running %d",
			m.current, m.c.reveal, m.help.ShowAll, m.zoomed, m.running)
	}
	// q typed into a field must not quit.
	_, cmd := updateCmd(t, m, keyMsg("q"))
	if isQuit(cmd) {
		t.Errorf("q in a field quit the program")
	}
	// esc leaves the field; then q quits.
	m = press(t, m, "esc")
	if m.editing() {
		t.Fatalf("esc did not leave the field")
	}
	if _, cmd = updateCmd(t, m, keyMsg("q")); !isQuit(cmd) {
		t.Errorf("q outside a field did not quit")
	}
}

func TestTyping_CtrlCQuitsEvenInAField(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "3", "tab")
	if _, cmd := updateCmd(t, m, keyMsg("ctrl+c")); !isQuit(cmd) {
		t.Errorf("ctrl+c in a field did not quit")
	}
}

func TestTyping_EnterRunsFromAField(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "tab") // the issuer field
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	if cmd == nil || m.running != stepDiscover || m.discover.state != stateRunning {
		t.Errorf("enter in a field: running %d, state %d", m.running, m.discover.state)
	}
}

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func TestRun_EnterWalksTheSteps(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m = press(t, m, "enter")
	if m.discover.state != stateRunning || m.running != stepDiscover {
		t.Fatalf("discover not running: state %d", m.discover.state)
	}
	m = update(t, m, discoveredOK(m.seq))
	if m.discover.state != stateOK || m.current != stepClient {
		t.Fatalf("after discovery: state %d, step %d", m.discover.state, m.current)
	}
	if got := m.discover.tokenURL(); got != testIssuer+"/token" {
		t.Errorf("token URL: got %q, want it filled by discovery", got)
	}
	if got := m.discover.jwksURL(); got != testIssuer+"/jwks" {
		t.Errorf("JWKS URL: got %q, want it filled by discovery", got)
	}
	m = press(t, m, "enter")
	if m.client.state != stateOK || m.current != stepToken {
		t.Fatalf("after client: state %d, step %d", m.client.state, m.current)
	}
	m = press(t, m, "enter")
	m = update(t, m, tokenOK(m.seq, testJWT()))
	if m.token.state != stateOK || m.current != stepCall || m.tok == nil {
		t.Fatalf("after token: state %d, step %d", m.token.state, m.current)
	}
	m = press(t, m, "enter")
	m = update(t, m, calledOK(m.seq, testJWT()))
	if m.call.state != stateOK || m.current != stepCall || m.running != -1 {
		t.Fatalf("after call: state %d, step %d, running %d", m.call.state, m.current, m.running)
	}
	if got := len(m.timeline.exs); got != 4 {
		t.Errorf("timeline: got %d exchanges, want 4", got)
	}
}

func TestRun_AllStepsWithA(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "a")
	m = update(t, m, discoveredOK(m.seq))
	// The client step needs no request: the token request starts at once.
	if m.running != stepToken || m.client.state != stateOK {
		t.Fatalf("after discovery: running %d, client state %d", m.running, m.client.state)
	}
	m = update(t, m, tokenOK(m.seq, testJWT()))
	if m.running != stepCall {
		t.Fatalf("after token: running %d, want the call", m.running)
	}
	m = update(t, m, calledOK(m.seq, testJWT()))
	for i := range numSteps {
		if s := m.base(i).state; s != stateOK {
			t.Errorf("step %d: state %d, want ok", i+1, s)
		}
	}
}

func TestRun_AllStopsAtAFailure(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "a")
	m = update(t, m, discoveredOK(m.seq))
	m = update(t, m, tokenFailed(m.seq))
	if m.running != -1 || m.current != stepToken || m.token.state != stateFailed || m.runAll {
		t.Errorf("got running %d, step %d, token state %d, runAll %v", m.running, m.current, m.token.state, m.runAll)
	}
	if !strings.Contains(viewText(m), "invalid_client") {
		t.Errorf("the failure does not show the OAuth error")
	}
}

func TestRun_FailureShowsTheExchange(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepToken)
	m = press(t, m, "enter")
	m = update(t, m, tokenFailed(m.seq))
	ex, _, _ := m.timeline.selected()
	if ex.Label != "token" || ex.Status != 401 {
		t.Errorf("selected exchange: got %s %d, want the failing token request", ex.Label, ex.Status)
	}
	m = press(t, m, "r")
	if !m.zoomed || !strings.Contains(viewText(m), "HTTP/1.1 401 Unauthorized") {
		t.Errorf("r does not show the raw exchange")
	}
}

// TestStale_ResultAfterCancelIsDropped: esc cancels, and the answer that
// arrives later changes nothing.
func TestStale_ResultAfterCancelIsDropped(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "enter")
	seq := m.seq
	m = press(t, m, "esc")
	if m.running != -1 || m.discover.state != stateFailed || !isCancelled(m.discover.err) {
		t.Fatalf("esc: running %d, state %d, err %v", m.running, m.discover.state, m.discover.err)
	}
	m = update(t, m, discoveredOK(seq))
	// The timeline keeps the cancelled request, and only it.
	if len(m.timeline.exs) != 1 || !m.timeline.cancelled[0] || m.discover.state != stateFailed ||
		m.current != stepDiscover {
		t.Errorf("a stale answer was applied: %d exchanges, state %d", len(m.timeline.exs), m.discover.state)
	}
}

// TestStale_OlderRunIsDropped: an answer to an earlier run is dropped once
// a new run started.
func TestStale_OlderRunIsDropped(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepToken)
	m = press(t, m, "enter")
	old := m.seq
	m = press(t, m, "esc", "enter")
	m = update(t, m, tokenFailed(old))
	if m.token.state != stateRunning || m.running != stepToken {
		t.Fatalf("old answer applied: state %d", m.token.state)
	}
	m = update(t, m, tokenOK(m.seq, testJWT()))
	if m.token.state != stateOK {
		t.Errorf("current answer not applied: state %d", m.token.state)
	}
}

func TestRun_EnterWhileRunningDoesNotStartAnother(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "enter")
	seq := m.seq
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	if m.seq != seq || cmd != nil {
		t.Errorf("a second request started while one runs")
	}
}

// TestCancel_AbortsTheRequest runs the real command against a server that
// never answers: esc cancels its context and the command returns.
func TestCancel_AbortsTheRequest(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	opts := testOptions()
	opts.Issuer, opts.HTTPClient = srv.URL, srv.Client()
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	done := make(chan tea.Msg, 1)
	go func() { done <- findMsg[discoveredMsg](cmd) }()
	time.Sleep(50 * time.Millisecond)
	m = press(t, m, "esc")
	select {
	case msg := <-done:
		d := msg.(discoveredMsg)
		if !errors.Is(d.err, context.Canceled) {
			t.Errorf("got %v, want a cancelled request", d.err)
		}
		if m2 := update(t, m, d); len(m2.timeline.exs) != 1 || !m2.timeline.cancelled[0] {
			t.Errorf("the cancelled answer was applied")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("esc did not cancel the request")
	}
}

// findMsg runs cmd (and the commands of a batch) until one gives a T. It
// skips commands that tick (the spinner).
func findMsg[T any](cmd tea.Cmd) tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case T:
		return msg
	case tea.BatchMsg:
		for _, c := range msg {
			if got := findMsg[T](c); got != nil {
				return got
			}
		}
	}
	return nil
}

// TestClock_OneTickPending: the clock is armed when a token arrives, never
// twice, and re-armed once per tick.
func TestClock_OneTickPending(t *testing.T) {
	m := newTestModel(t, 120, 40)
	if m.Init() == nil || m.pendingTicks != 0 {
		t.Fatalf("the clock runs before there is a token")
	}
	m = update(t, m, tickMsg(testNow)) // a stray tick arms nothing
	if m.pendingTicks != 0 {
		t.Fatalf("a tick armed the clock without a token")
	}
	m = walkTo(t, m, stepCall)
	if m.pendingTicks != 1 {
		t.Fatalf("after the token: %d ticks pending, want 1", m.pendingTicks)
	}
	msgs := []tea.Msg{keyMsg("3"), keyMsg("enter"), tokenOK(m.seq+1, testJWT()), keyMsg("tab"), keyMsg("s"),
		tea.WindowSizeMsg{Width: 80, Height: 24}, keyMsg("4"), keyMsg("enter"), calledOK(m.seq+2, testJWT())}
	for i, msg := range msgs {
		m = update(t, m, msg)
		if m.pendingTicks != 1 {
			t.Fatalf("after message %d (%T): %d ticks pending, want 1", i, msg, m.pendingTicks)
		}
	}
	for range 3 {
		var cmd tea.Cmd
		m, cmd = updateCmd(t, m, tickMsg(testNow))
		if m.pendingTicks != 1 || cmd == nil {
			t.Fatalf("a tick did not re-arm exactly one tick: %d pending", m.pendingTicks)
		}
	}
}

// TestSpinner_StopsWhenIdle: spinner ticks are dropped when nothing runs,
// so the chain stops.
func TestSpinner_StopsWhenIdle(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	tick := m.spinner.Tick()
	if cmd == nil || !m.spinning {
		t.Fatalf("no spinner while running")
	}
	if _, next := updateCmd(t, m, tick); next == nil {
		t.Errorf("the spinner stopped while running")
	}
	m = update(t, m, discoveredOK(m.seq))
	m, next := updateCmd(t, m, tick)
	if next != nil || m.spinning {
		t.Errorf("the spinner goes on ticking with nothing running")
	}
}

// TestCopy_CurlIsMasked: c copies the selected exchange as curl with
// $VARIABLES for secrets; y copies the token itself.
func TestCopy_CurlIsMasked(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepCall)
	m = press(t, m, "enter")
	m = update(t, m, calledOK(m.seq, testJWT()))
	for _, sel := range []string{"call", "token"} {
		for m.timeline.exs[m.timeline.sel].Label != sel {
			m.timeline.sel--
		}
		m, cmd := updateCmd(t, m, keyMsg("c"))
		curl := fmt.Sprint(cmd())
		mustNotContain(
			t,
			"curl of "+sel,
			curl,
			testSecret,
			testAPIKey,
			testJWT(),
			flows.BasicCredentials("demo-client", testSecret),
		)
		if !strings.HasPrefix(curl, "curl ") || !strings.Contains(curl, "$") {
			t.Errorf("curl of %s: got %q, want placeholders", sel, curl)
		}
		if !strings.Contains(m.status, "copied curl") {
			t.Errorf("no confirmation: %q", m.status)
		}
	}
	m, cmd := updateCmd(t, m, keyMsg("y"))
	if got := fmt.Sprint(cmd()); got != testJWT() {
		t.Errorf("y copied %q, want the access token", got)
	}
	mustNotContain(t, "status after y", viewText(m), testJWT())
}

func TestBackgroundColor(t *testing.T) {
	m := newTestModel(t, 120, 40)
	m = update(t, m, tea.BackgroundColorMsg{Color: lightGray{}})
	if m.c.isDark || m.c.styles.isDark {
		t.Errorf("a light background kept the dark styles")
	}
}

type lightGray struct{}

func (lightGray) RGBA() (r, g, b, a uint32) { return 0xeeee, 0xeeee, 0xeeee, 0xffff }

func TestNoColor(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	m := walkTo(t, newTestModel(t, 120, 40), stepCall)
	if v := viewText(m); strings.Contains(v, "\x1b[38") || strings.Contains(v, "\x1b[48") {
		t.Errorf("NO_COLOR set but the view has colours")
	}
}

func TestTyping_Paste(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "3", "tab", "tab") // the audience field
	m = update(t, m, tea.PasteMsg{Content: "/v2"})
	if got := m.token.audience(); got != testAudience+"/v2" {
		t.Errorf("audience: got %q, want the paste appended", got)
	}
	m = press(t, m, "esc")
	m = update(t, m, tea.PasteMsg{Content: "ignored"})
	if got := m.token.audience(); got != testAudience+"/v2" {
		t.Errorf("a paste outside a field changed %q", got)
	}
}

func TestDiscover_SkippedWithOnlyATokenURL(t *testing.T) {
	opts := testOptions()
	opts.Issuer, opts.TokenURL = "", testIssuer+"/token"
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	if cmd != nil || m.discover.state != stateSkipped || m.current != stepClient {
		t.Errorf("got state %d, step %d; want discovery skipped", m.discover.state, m.current)
	}
	opts.TokenURL = ""
	m = update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	if !m.editing() {
		t.Errorf("with nothing to run, focus should start in the issuer field")
	}
	m = press(t, m, "enter")
	if m.discover.state != stateFailed || m.current != stepDiscover {
		t.Errorf("got state %d, step %d; want a failure asking for an issuer", m.discover.state, m.current)
	}
}
