package ui

import (
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauthlens/oauthlens/flows"
)

// tokenFailedTo builds a token failure whose answer has status, body and
// headers.
func tokenFailedTo(status int, code, desc string, h http.Header) func(seq int) tea.Msg {
	return func(seq int) tea.Msg {
		body := `{"error":"` + code + `","error_description":"` + desc + `"}`
		if code == "" {
			body = "Too Many Requests\n"
		}
		ex := tokenRequestExchange(status, body, "")
		for k, v := range h {
			ex.ResponseHeader[k] = v
		}
		err := &flows.OAuthError{Step: "token", Code: code, Description: desc, StatusCode: status,
			Status: ex.StatusText, Header: ex.ResponseHeader, Body: []byte(body)}
		return tokenFetchedMsg{seq: seq, ex: ex, err: err}
	}
}

func rateLimited(seq int) tea.Msg {
	return tokenFailedTo(429, "", "", http.Header{"Retry-After": {"5"}})(seq)
}

func invalidScope(seq int) tea.Msg {
	return tokenFailedTo(400, "invalid_scope", "unknown scope api:write", nil)(seq)
}

// failedScope is an invalid_scope from a server that lists only api:read.
func failedScope(t testing.TB, w, h int) Model {
	m := walkTo(t, newTestModel(t, w, h), stepToken)
	m.discover.disc.Metadata.ScopesSupported = []string{"api:read"}
	m = press(t, m, "enter")
	return update(t, m, invalidScope(m.seq))
}

// tokenKidUnknown is a token whose kid is not in the JWKS.
func tokenKidUnknown(seq int) tea.Msg {
	msg := tokenOK(seq, testJWT())
	msg.check.ver = flows.Verification{KID: "key-1", Alg: "RS256", Err: "no key with kid \"key-1\" in the JWKS"}
	return msg
}

// failedToken walks to step 3 and feeds a failure.
func failedToken(t testing.TB, w, h int, result func(int) tea.Msg) Model {
	m := walkTo(t, newTestModel(t, w, h), stepToken)
	m = press(t, m, "enter")
	return update(t, m, result(m.seq))
}

func plain(m Model) string { return ansi.Strip(viewText(m)) }

func TestDiagnosis_FailurePanel(t *testing.T) {
	m := failedToken(t, 120, 40, func(s int) tea.Msg { return tokenFailed(s) })
	v := plain(m)
	// a generic invalid_client puts the credentials first (issue 12, item 1); the switch is offered last
	for _, want := range []string{"✗ Token request failed", "did not accept the client id and secret", "Likely causes",
		"1. the client secret is wrong", "Try", "1. copy the secret again", "switch to client_secret_post and retry  [press !]",
		"See ", "RFC 6749 §2.3.1", "Evidence", "error=invalid_client", "token.invalid_client", "! apply fix"} {
		if !strings.Contains(v, want) {
			t.Errorf("the failure view lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "hint:") || strings.Contains(v, "description   client") {
		t.Errorf("the failure view repeats the error details beside the diagnosis:\n%s", v)
	}
}

func TestDiagnosis_NoFixKeyWithoutAFix(t *testing.T) {
	m := failedToken(t, 120, 40, func(s int) tea.Msg {
		return tokenFailedTo(400, "unauthorized_client", "grant not allowed", nil)(s)
	})
	if v := plain(m); strings.Contains(v, "apply fix") || strings.Contains(v, "[press !]") {
		t.Errorf("a diagnosis without an applicable fix offers !:\n%s", v)
	}
	m = press(t, m, "!")
	if m.running >= 0 || !strings.Contains(m.status, "no fix") {
		t.Errorf("got running %d, status %q; want nothing run and a note", m.running, m.status)
	}
}

func TestApplyFix_AuthMethod(t *testing.T) {
	m := failedToken(t, 120, 40, func(s int) tea.Msg { return tokenFailed(s) })
	m, cmd := updateCmd(t, m, keyMsg("!"))
	if cmd == nil || m.running != stepToken {
		t.Fatalf("got running %d, cmd %v; want the token request again", m.running, cmd != nil)
	}
	if got := m.tokenRequest().AuthMethod; got != flows.AuthPost {
		t.Errorf("auth method: got %q, want %q", got, flows.AuthPost)
	}
	if m.fix.sent.AuthMethod != flows.AuthPost {
		t.Errorf("the request sent uses %q", m.fix.sent.AuthMethod)
	}
	if !strings.Contains(m.status, "applied: switch to client_secret_post") {
		t.Errorf("status %q does not say what was applied", m.status)
	}
	m = update(t, m, tokenOK(m.seq, testJWT()))
	if m.token.state != stateOK || len(m.token.diag.list) != 0 {
		t.Errorf("got state %d, diagnoses %v; want a token and nothing to say", m.token.state, m.token.diag.list)
	}
}

func TestApplyFix_Scope(t *testing.T) {
	m := failedScope(t, 120, 40)
	m = press(t, m, "!")
	if got := m.token.form.value(fScopes); got != "api:read" || m.running != stepToken {
		t.Errorf("got scopes %q, running %d; want api:read and the token request again", got, m.running)
	}
}

func TestApplyFix_CallReacquiresThenCalls(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepCall)
	m = press(t, m, "enter")
	m = update(t, m, calledFailed(m.seq, testJWT()))
	if !strings.Contains(plain(m), "get a new token") {
		t.Fatalf("no reacquire fix:\n%s", plain(m))
	}
	m = press(t, m, "!")
	if m.running != stepToken || !m.runAll {
		t.Fatalf("got running %d, runAll %v; want step 3, then step 4", m.running, m.runAll)
	}
	m = update(t, m, tokenOK(m.seq, testJWT()))
	if m.running != stepCall {
		t.Errorf("after the new token: running %d, want the call again", m.running)
	}
}

func TestApplyFix_RetryAfterCountsDown(t *testing.T) {
	m := failedToken(t, 120, 40, rateLimited)
	if !strings.Contains(plain(m), "wait 5s and retry  [press !]") {
		t.Fatalf("no retry_after fix:\n%s", plain(m))
	}
	m, cmd := updateCmd(t, m, keyMsg("!"))
	if !m.fix.waiting || cmd == nil || m.running >= 0 {
		t.Fatalf(
			"got waiting %v, running %d, cmd %v; want a countdown and a clock tick",
			m.fix.waiting,
			m.running,
			cmd != nil,
		)
	}
	if v := plain(m); !strings.Contains(v, "step 3 is retried in 5s") || !strings.Contains(v, "esc cancels") {
		t.Errorf("no countdown on screen:\n%s", v)
	}
	m = later(3*time.Second)(t, m)
	if !strings.Contains(plain(m), "retried in 2s") || m.running >= 0 {
		t.Errorf("after 3s: running %d, view:\n%s", m.running, plain(m))
	}
	m = press(t, m, "esc")
	if m.fix.waiting || !strings.Contains(plain(m), "retry cancelled") {
		t.Errorf("esc did not cancel the countdown:\n%s", plain(m))
	}
	m = later(10*time.Second)(t, m)
	if m.running >= 0 {
		t.Errorf("a cancelled countdown still retried")
	}
	m = press(t, m, "!")
	m = later(15*time.Second)(t, m)
	if m.fix.waiting || m.running != stepToken {
		t.Errorf("after the wait: waiting %v, running %d; want the token request again", m.fix.waiting, m.running)
	}
}

func TestDiagnosis_NotesOnASuccess(t *testing.T) {
	m := walkTo(t, newTestModel(t, 120, 40), stepToken)
	m = press(t, m, "enter")
	m = update(t, m, tokenKidUnknown(m.seq))
	m = press(t, m, "3")
	v := plain(m)
	for _, want := range []string{"[3 Token !]", "✓ Token received", "Notes (1)", "! The token's key id \"key-1\" is not in the server's JWKS",
		"fetch the JWKS again and re-check  [press !]", "! apply fix"} {
		if !strings.Contains(v, want) {
			t.Errorf("the token view lacks %q:\n%s", want, v)
		}
	}
	m, cmd := updateCmd(t, m, keyMsg("!"))
	if cmd == nil || m.tokenOp != opRefetchJWKS {
		t.Fatalf("got op %q; want the JWKS fetched again", m.tokenOp)
	}
	good := tokenOK(m.seq, testJWT()).check
	m = update(t, m, jwksRefetchedMsg{seq: m.seq, check: good})
	if m.tokenOp != "" || len(m.token.diag.list) != 0 || !strings.Contains(m.status, "signature is verified") {
		t.Errorf("got op %q, notes %v, status %q", m.tokenOp, m.token.diag.list, m.status)
	}
}

func TestDiagnosis_ClearedWhenTheStepRunsAgain(t *testing.T) {
	m := failedToken(t, 120, 40, func(s int) tea.Msg { return tokenFailed(s) })
	m = press(t, m, "enter")
	if len(m.token.diag.list) != 0 || m.canFix() {
		t.Errorf("the old diagnosis stays while the step runs again")
	}
}

// diagCases are the golden screens of this file.
func diagCases() []viewCase {
	tokFailed := func(w, h int, r func(int) tea.Msg) func(testing.TB) Model {
		return func(t testing.TB) Model { return failedToken(t, w, h, r) }
	}
	notes := func(t testing.TB) Model {
		m := walkTo(t, newTestModel(t, 120, 40), stepToken)
		m = press(t, m, "enter")
		return press(t, update(t, m, tokenKidUnknown(m.seq)), "3")
	}
	waiting := func(t testing.TB) Model {
		return press(t, failedToken(t, 80, 24, rateLimited), "!")
	}
	return []viewCase{
		{"diagnosis_token_failed", tokFailed(120, 40, func(s int) tea.Msg { return tokenFailed(s) })},
		{"small_diagnosis_token_failed", tokFailed(80, 24, func(s int) tea.Msg { return tokenFailed(s) })},
		{"diagnosis_invalid_scope", func(t testing.TB) Model { return failedScope(t, 120, 40) }},
		{"small_diagnosis_retry_countdown", waiting},
		{"diagnosis_token_notes", notes},
		{"faults_list", faultsScreen(120, 40, "down", "down", "space")},
		{"small_faults_list", faultsScreen(80, 24, "down", "down", "space", "down", "space")},
	}
}

func TestDiagnosisGolden(t *testing.T) {
	for _, tc := range diagCases() {
		t.Run(tc.name, func(t *testing.T) {
			golden.RequireEqual(t, ansi.Strip(viewText(tc.build(t))))
		})
	}
}

// TestDiagnosisScreens_SecretsAndFit checks the new screens like
// TestSecretsNeverShown and TestViewFitsTheWindow check the others.
func TestDiagnosisScreens_SecretsAndFit(t *testing.T) {
	secrets := []string{testSecret, testAPIKey, testJWT(), flows.BasicCredentials("demo-client", testSecret)}
	for _, tc := range diagCases() {
		m := tc.build(t)
		mustNotContain(t, tc.name+" view", viewText(m), secrets...)
		for i := range numSteps {
			mustNotContain(t, tc.name+" result of step "+stepNames[i], strings.Join(m.base(i).lines, "\n"), secrets...)
		}
		checkFits(t, tc.name, m)
	}
}

// TestDiagnosis_RevealedSecretStaysOff reveals secrets on a failure: the
// diagnosis never names the client secret.
func TestDiagnosis_RevealedSecretStaysOff(t *testing.T) {
	m := failedToken(t, 120, 40, func(s int) tea.Msg { return tokenFailed(s) })
	m = press(t, m, "s")
	mustNotContain(t, "diagnosis", strings.Join(m.token.diagLines(), "\n"), testSecret)
}
