package ui

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// discoveredWithEndpoints is a discovery that advertises introspection
// and revocation.
func discoveredWithEndpoints(seq int) discoveredMsg {
	d := discoveredOK(seq)
	d.disc.Metadata.IntrospectionEndpoint = testIssuer + "/introspect"
	d.disc.Metadata.RevocationEndpoint = testIssuer + "/revoke"
	return d
}

// tokenOpExchange is an introspection or revocation request for the token.
func tokenOpExchange(label, path string, status int, respBody string) flows.Exchange {
	creds := flows.BasicCredentials("demo-client", testSecret)
	ex := exchange(label, "POST", testIssuer+path, status, []flows.HeaderField{
		{
			Name:  "Content-Type",
			Value: "application/x-www-form-urlencoded",
		}, {Name: "Authorization", Value: "Basic " + creds}},
		"token="+testJWT()+"&token_type_hint=access_token", respBody)
	ex.Secrets = []flows.Secret{{Name: "CLIENT_SECRET", Value: testSecret}, {Name: "ACCESS_TOKEN", Value: testJWT()}}
	return ex
}

func introspected(seq int, active bool) introspectedMsg {
	body := `{"active":false}`
	if active {
		body = `{"active":true,"scope":"api:read api:write","client_id":"demo-client","sub":"demo-client","token_type":"Bearer",` +
			`"exp":` + json.Number(itoa(testNow.Add(58*time.Minute).Unix())).
			String() +
			`,"iss":"` + testIssuer + `"}`
	}
	var fields map[string]any
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	_ = dec.Decode(&fields)
	in := flows.Introspection{Active: active, Fields: fields}
	return introspectedMsg{seq: seq, in: in, ex: tokenOpExchange("introspect", "/introspect", 200, body)}
}

func revoked(seq int) revokedMsg {
	return revokedMsg{seq: seq, ex: tokenOpExchange("revoke", "/revoke", 200, "")}
}

func plainView(m Model) string { return ansi.Strip(viewText(m)) }

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// withEndpoints walks to step 3 with a token from a server that has
// introspection and revocation endpoints.
func withEndpoints(t testing.TB, m Model) Model {
	t.Helper()
	m = press(t, m, "1", "enter")
	m = update(t, m, discoveredWithEndpoints(m.seq))
	m = press(t, m, "2", "enter", "3", "enter")
	m = update(t, m, tokenOK(m.seq, testJWT()))
	return press(t, m, "3")
}

// tokenOp presses k and feeds the answer.
func tokenOp(k string, result func(seq int) tea.Msg) then {
	return func(t testing.TB, m Model) Model {
		m = press(t, m, k)
		return update(t, m, result(m.seq))
	}
}

func TestTokenOps_DisabledWithoutEndpointOrToken(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "3")
	for _, k := range []string{"i", "x"} {
		m2, cmd := updateCmd(t, m, keyMsg(k))
		if cmd != nil || m2.running >= 0 || !m2.statusErr {
			t.Errorf("%s without a token: cmd %v, running %d, status %q", k, cmd != nil, m2.running, m2.status)
		}
	}
	m = walkTo(t, newTestModel(t, 120, 40), stepCall) // discovery without the endpoints
	m = press(t, m, "3", "?")
	if v := plainView(m); strings.Contains(v, "introspect") || strings.Contains(v, "revoke") {
		t.Errorf("i and x are in the help although the server has no endpoints:\n%s", v)
	}
	if _, cmd := updateCmd(t, m, keyMsg("i")); cmd != nil {
		t.Errorf("i ran without an introspection endpoint")
	}
}

func TestTokenOps_IntrospectShowsActive(t *testing.T) {
	m := withEndpoints(t, newTestModel(t, 120, 40))
	if v := plainView(m); !strings.Contains(v, "i introspect") || !strings.Contains(v, "x revoke") {
		t.Errorf("i and x are missing from the help:\n%s", v)
	}
	n := len(m.timeline.exs)
	m, cmd := updateCmd(t, m, keyMsg("i"))
	if cmd == nil || m.running != stepToken || m.tokenOp != opIntrospect {
		t.Fatalf("i did not start an introspection: running %d op %q", m.running, m.tokenOp)
	}
	m = update(t, m, introspected(m.seq, true))
	v := plainView(m)
	for _, want := range []string{"Introspection (RFC 7662)", "✓ active", "client_id", "introspection: the server says the token is active"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q", want)
		}
	}
	if len(m.timeline.exs) != n+1 || m.timeline.exs[n].Label != "introspect" {
		t.Errorf("the introspection exchange is not in the timeline")
	}
	if m.token.state != stateOK || m.tok == nil || m.running != -1 {
		t.Errorf("introspection disturbed the token: state %d running %d", m.token.state, m.running)
	}
}

func TestTokenOps_RevokeThenInactive(t *testing.T) {
	m := withEndpoints(t, newTestModel(t, 120, 40))
	m = tokenOp("x", func(s int) tea.Msg { return revoked(s) })(t, m)
	if !m.token.revoked || !strings.Contains(m.token.countdownLine(), "revoked") {
		t.Fatalf("the countdown does not say revoked: %q", m.token.countdownLine())
	}
	if _, cmd := updateCmd(t, m, keyMsg("x")); cmd != nil {
		t.Errorf("x revoked a revoked token again")
	}
	m = tokenOp("i", func(s int) tea.Msg { return introspected(s, false) })(t, m)
	if v := plainView(m); !strings.Contains(v, "✗ not active") || !strings.Contains(v, "revoked") {
		t.Errorf("view after revoke and introspect:\n%s", v)
	}
	// A new token forgets the revocation.
	m = press(t, m, "enter")
	m = update(t, m, tokenOK(m.seq, testJWT()))
	m = press(t, m, "3")
	if m.token.revoked || m.token.intro != nil || strings.Contains(m.token.countdownLine(), "revoked") {
		t.Errorf("a new token still shows the old revocation")
	}
}

func TestTokenOps_EscCancelsKeepingTheToken(t *testing.T) {
	m := withEndpoints(t, newTestModel(t, 120, 40))
	m = press(t, m, "i")
	seq := m.seq
	m = press(t, m, "esc")
	if m.running != -1 || m.token.state != stateOK || m.tok == nil {
		t.Fatalf("esc: running %d, token state %d", m.running, m.token.state)
	}
	m = update(t, m, introspected(seq, true))
	if m.token.intro != nil {
		t.Errorf("a cancelled introspection's answer was applied")
	}
}

// TestTokenOps_DemoServer runs the real commands against the demo server:
// introspect says active, revoke works, introspect then says inactive.
func TestTokenOps_DemoServer(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	opts := Options{
		Issuer:       srv.Issuer(),
		Discovery:    flows.StyleAuto,
		ClientID:     demo.ClientID,
		ClientSecret: demo.ClientSecret,
		AuthMethod:   flows.AuthBasic,
		Scopes:       demo.DefaultScopes,
		APIMethod:    http.MethodGet,
		APIURL:       srv.Issuer() + "/api/me",
		HTTPClient:   &http.Client{Timeout: 5 * time.Second},
	}
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = runReal[discoveredMsg](t, m, "enter")
	m = press(t, m, "enter")
	m = runReal[tokenFetchedMsg](t, m, "enter")
	m = press(t, m, "3")
	m = runReal[introspectedMsg](t, m, "i")
	if m.token.intro == nil || !m.token.intro.Active {
		t.Fatalf("demo introspection: %+v %v", m.token.intro, m.token.introErr)
	}
	m = runReal[revokedMsg](t, m, "x")
	if !m.token.revoked {
		t.Fatalf("demo revocation failed: %v", m.token.revokeErr)
	}
	m = runReal[introspectedMsg](t, m, "i")
	if m.token.intro == nil || m.token.intro.Active {
		t.Errorf("after revocation the demo still says active")
	}
	var labels []string
	for _, ex := range m.timeline.exs {
		labels = append(labels, ex.Label)
	}
	if got, want := strings.Join(labels, " "), "discovery token jwks introspect revoke introspect"; got != want {
		t.Errorf("timeline: got %q, want %q", got, want)
	}
	mustNotContain(t, "view", viewText(m), demo.ClientSecret, m.tok.AccessToken)
}

// runReal presses k, runs the command it returns and feeds back the T.
func runReal[T any](t *testing.T, m Model, k string) Model {
	t.Helper()
	m, cmd := updateCmd(t, m, keyMsg(k))
	msg := findMsg[T](cmd)
	if msg == nil {
		t.Fatalf("%s gave no %T", k, *new(T))
	}
	return update(t, m, msg)
}

// TestTokenOps_IntrospectionBeforeRevokeIsStale checks that after x the
// earlier "active" answer is marked as from before the revocation, and
// that the revoked line says how to ask the server.
func TestTokenOps_IntrospectionBeforeRevokeIsStale(t *testing.T) {
	m := withEndpoints(t, newTestModel(t, 120, 40))
	m = tokenOp("i", func(s int) tea.Msg { return introspected(s, true) })(t, m)
	m = tokenOp("x", func(s int) tea.Msg { return revoked(s) })(t, m)
	v := plainView(m)
	for _, want := range []string{"✗ revoked just now (RFC 7009) · press i to ask the server",
		"Introspection (RFC 7662)  was active before the revocation"} {
		if !strings.Contains(v, want) {
			t.Errorf("the view lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "✓ active") || strings.Contains(v, "(i asks)") {
		t.Errorf("the view still says active, or (i asks):\n%s", v)
	}
	m = tokenOp("i", func(s int) tea.Msg { return introspected(s, false) })(t, m)
	if v := plainView(m); !strings.Contains(v, "✗ not active") || strings.Contains(v, "before the revocation") {
		t.Errorf("a new introspection is not shown as current:\n%s", v)
	}
}
