package ui

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// authorize runs the authorization code grant that cmd started, logging in
// on the demo's page from the TUI (o), and feeds the answers back.
func authorize(t *testing.T, m Model, started tea.Cmd) (Model, tea.Cmd) {
	t.Helper()
	msg := findMsg[authStartedMsg](started)
	if msg == nil {
		t.Fatalf("no new authorization (authStartedMsg)")
	}
	m, wait := updateCmd(t, m, msg)
	if m.token.user.auth == nil {
		t.Fatalf("no authorization request: %v", m.token.err)
	}
	m = runReal[approvedMsg](t, m, "o")
	m, cmd := runCmd[callbackMsg](t, m, wait)
	m, cmd = runCmd[authFinishedMsg](t, m, cmd)
	if m.tok == nil {
		t.Fatalf("no token: %v", m.token.err)
	}
	return m, cmd
}

// feedCall feeds back the call that the walk went on to (a run of steps).
func feedCall(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	msg := findMsg[calledMsg](cmd)
	if msg == nil {
		t.Fatalf("the walk did not go on to the call")
	}
	return update(t, m, msg)
}

// stepUpWalk is an authorization code walk on the demo server asking only
// for openid, so that the API answers 403 insufficient_scope (api:read).
func stepUpWalk(t *testing.T) Model {
	t.Helper()
	t.Setenv("BROWSER", "true") // a browser that opens nothing: o logs in instead
	clock := func() time.Time { return time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC) }
	srv, err := demo.Start("127.0.0.1:0", demo.Config{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	opts := Options{Issuer: srv.Issuer(), Discovery: flows.StyleAuto, ClientID: demo.ClientID,
		ClientSecret: demo.ClientSecret, AuthMethod: flows.AuthBasic, Scopes: []string{"openid"},
		APIMethod: http.MethodGet, APIURL: srv.Issuer() + "/api/me", HTTPClient: &http.Client{Timeout: 5 * time.Second},
		Demo: true, DemoServer: srv, FaultList: demoFaults(), Now: clock}
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = runReal[discoveredMsg](t, m, "enter")
	return press(t, m, "enter", "3", "t")
}

// A 403 insufficient_scope after the authorization code grant: ! starts a
// new authorization with the scope the challenge names, then calls again;
// a second insufficient_scope is not offered again (never a loop).
func TestStepUp_NewAuthorizationFromTheTUI(t *testing.T) {
	m := stepUpWalk(t)
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	m, _ = authorize(t, m, cmd)
	first := *m.tok
	m = runReal[calledMsg](t, m, "enter")
	if f, ok := m.base(stepCall).diag.fix(); !ok || f.Kind != flows.FixStepUp || f.Value != "api:read" {
		t.Fatalf("offered %+v (%v), want step_up=api:read:\n%s", f, ok, plainView(m))
	}
	if l := timelineLabels(m); strings.Count(l, "token") != 1 {
		t.Errorf("the 403 re-acquired a token with another grant: %s", l)
	}
	m, cmd = updateCmd(t, m, keyMsg("!"))
	if m.current != stepToken || m.token.grantType() != flows.GrantAuthorizationCode {
		t.Fatalf("! did not start the authorization code grant on step 3 (step %d, grant %s)", m.current+1,
			m.token.grant())
	}
	m, cmd = authorize(t, m, cmd)
	if got := m.tok.Scope; !strings.Contains(got, "api:read") {
		t.Errorf("the new token's scope %q lacks api:read", got)
	}
	m = feedCall(t, m, cmd) // run all: the call follows the new authorization
	if m.base(stepCall).state != stateOK {
		t.Fatalf("the call after step-up failed:\n%s", plainView(m))
	}
	if n := strings.Count(" "+timelineLabels(m)+" ", " token "); n != 2 {
		t.Errorf("%d token requests, want 2 (the first authorization and the step-up): %s", n, timelineLabels(m))
	}
	// the same challenge again (the old token) offers nothing: never a loop
	m.tok = &first
	m = runReal[calledMsg](t, m, "enter")
	if f, ok := m.base(stepCall).diag.fix(); ok {
		t.Errorf("a second insufficient_scope offered %+v", f)
	}
	golden.RequireEqual(t, stableText(viewText(m)))
	m, cmd = updateCmd(t, m, keyMsg("!"))
	if cmd != nil || m.token.user.auth != nil {
		t.Errorf("! started something after a second insufficient_scope")
	}
}

// stableText is a view of a walk on a started demo server with what
// changes from run to run (the port, the durations) written as x's of the
// same width, so that the layout stays as drawn.
func stableText(v string) string {
	v = ansi.Strip(v)
	v = portRE.ReplaceAllStringFunc(v, func(s string) string {
		i := strings.LastIndexByte(s, ':')
		return s[:i+1] + strings.Repeat("x", len(s)-i-1)
	})
	v = durationRE.ReplaceAllStringFunc(v, func(s string) string {
		tail := strings.TrimRight(s, " ")
		return strings.Repeat(" ", len(tail)-len("xms")) + "xms" + s[len(tail):]
	})
	return titleDurationRE.ReplaceAllString(v, "${1}x")
}

var (
	portRE     = regexp.MustCompile(`127\.0\.0\.1:[0-9]+`)
	durationRE = regexp.MustCompile(` +((<1|[0-9]+)ms|[0-9]+(\.[0-9]+)?s)( |$)`)
	// the exchange's title ends with its duration (cut short, or followed by
	// a rule whose length depends on it): the rest of the line goes
	titleDurationRE = regexp.MustCompile(`(Exchange [0-9]+/[0-9]+ · .* → [0-9]{3} [A-Za-z ]+ · ).*`)
)
