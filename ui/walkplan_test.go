package ui

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// recorder is a token endpoint and API that remember what they got and
// answer every request with an error that echoes it whole (headers and
// body), as careless servers do.
type recorder struct {
	mu    sync.Mutex
	forms []string
	heads []http.Header
	token bool // answer the token endpoint with a token
}

func (rc *recorder) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.forms, rc.heads = append(rc.forms, string(body)), append(rc.heads, r.Header.Clone())
	token := rc.token
	rc.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if token && strings.HasSuffix(r.URL.Path, "/token") {
		fmt.Fprint(w, `{"access_token":"opaque-token-value-1234","token_type":"Bearer","expires_in":3600}`)
		return
	}
	echo, _ := json.Marshal(map[string]any{"headers": r.Header, "body": string(body)})
	w.WriteHeader(http.StatusBadRequest)
	fmt.Fprintf(w, `{"error":"invalid_request","error_description":%q}`, echo)
}

func (rc *recorder) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.forms)
}

func newRecorder(t *testing.T, token bool) (*recorder, *httptest.Server) {
	rc := &recorder{token: token}
	srv := httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(srv.Close)
	return rc, srv
}

// runStep shows step i and runs it to its answer.
func runStep(t *testing.T, m Model, i int) Model {
	t.Helper()
	m = press(t, m, fmt.Sprint(i+1))
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	return drive(t, m, cmd)
}

// TestParams_SentAndShown: a profile's params: are shown in step 3 (a
// reference as typed) and sent, the reference resolved. Before walk the
// TUI dropped them.
func TestParams_SentAndShown(t *testing.T) {
	t.Setenv("OAUTHLENS_T_TENANT", "tenant-from-env")
	rc, srv := newRecorder(t, true)
	p := profiles.Profile{Name: "p", TokenURL: srv.URL + "/token", ClientID: "cid", ClientSecret: "secret-value-123",
		AuthMethod: flows.AuthPost, Params: map[string]string{"tenant": "env:OAUTHLENS_T_TENANT", "kind": "m2m"}}
	o, err := ProfileOptions(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	o.Now = testOptions().Now
	m := update(t, New(o), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = press(t, runStep(t, runStep(t, runStep(t, m, stepDiscover), stepClient), stepToken), "3")
	if v := plain(m); !strings.Contains(v, "Params    kind=m2m, tenant=env:OAUTHLENS_T_TENANT") {
		t.Errorf("step 3 does not show the params:\n%s", v)
	}
	if rc.count() != 1 || !strings.Contains(rc.forms[0], "tenant=tenant-from-env") ||
		!strings.Contains(rc.forms[0], "kind=m2m") {
		t.Errorf("got the form %q, want the params with the reference resolved", rc.forms)
	}
}

// TestHeaderReference_ResolvedInTheCommand: a header typed in step 4 as a
// reference is resolved when the call is sent, and one that does not
// resolve fails the step naming the header. Before, it went literally.
func TestHeaderReference_ResolvedInTheCommand(t *testing.T) {
	t.Setenv("OAUTHLENS_T_KEY", "api-key-from-env-42")
	rc, srv := newRecorder(t, true)
	m := press(t, tokenWalk(t, srv), "4", "tab", "down", "down")
	m = press(t, typeText(t, m, "X-Api-Key: env:OAUTHLENS_T_KEY; X-Other: env:OAUTHLENS_T_UNSET_X"), "esc")
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	if rc.count() != 1 {
		t.Fatalf("a request went out in Update")
	}
	m = drive(t, m, cmd)
	if m.call.state != stateFailed ||
		!strings.Contains(plain(m), "header X-Other (step 4): the reference did not resolve") {
		t.Fatalf("an unresolved header did not fail the step by name:\n%s", plain(m))
	}
	if rc.count() != 1 {
		t.Errorf("the call went out with an unresolved header")
	}
	m = press(t, m, "tab", "down", "down", "ctrl+e")
	m = press(t, typeText(t, clearField(t, m), "X-Api-Key: env:OAUTHLENS_T_KEY"), "esc")
	m = runStep(t, m, stepCall)
	if rc.count() != 2 || rc.heads[1].Get("X-Api-Key") != "api-key-from-env-42" {
		t.Errorf("got %d requests, X-Api-Key %q; want the reference resolved", rc.count(), rc.heads[len(rc.heads)-1])
	}
}

// tokenWalk is a walk with a token from srv, on its way to call srv/me.
func tokenWalk(t *testing.T, srv *httptest.Server) Model {
	o := Options{TokenURL: srv.URL + "/token", ClientID: "cid", ClientSecret: "secret-value-123",
		AuthMethod: flows.AuthBasic, APIURL: srv.URL + "/me", Now: testOptions().Now}
	m := update(t, New(o), tea.WindowSizeMsg{Width: 120, Height: 40})
	return runStep(t, runStep(t, runStep(t, m, stepDiscover), stepClient), stepToken)
}

func clearField(t *testing.T, m Model) Model {
	t.Helper()
	b := m.base(m.current)
	b.form.setValue(b.focus, "")
	return m
}

// TestTypedSecretHeader_Masked: a header typed in step 4 whose name says
// it is a credential is masked in the form, the raw pane and the copied
// curl, by walk.SecretHeader.
func TestTypedSecretHeader_Masked(t *testing.T) {
	const val = "client-token-value-77"
	rc, srv := newRecorder(t, true)
	m := press(t, tokenWalk(t, srv), "4", "tab", "down", "down")
	m = press(t, typeText(t, m, "X-Client-Token: "+val), "esc")
	mustNotContain(t, "the form", plain(m), val)
	m = runStep(t, m, stepCall)
	if rc.count() != 2 || rc.heads[1].Get("X-Client-Token") != val {
		t.Fatalf("the header was not sent")
	}
	m = press(t, m, "r")
	mustNotContain(t, "the raw pane", plain(m), val)
	_, cmd := updateCmd(t, m, keyMsg("c"))
	mustNotContain(t, "copy-as-curl", clipboard(t, cmd), val)
}

// clipboard is the text a command puts on the clipboard.
func clipboard(t *testing.T, cmd tea.Cmd) string {
	t.Helper()
	if cmd == nil {
		t.Fatal("nothing copied")
	}
	return fmt.Sprint(cmd())
}

// TestEcho_NoSecretAnywhere: a server that echoes the whole request in
// its error: no screen, diagnosis or copied text shows the client secret,
// its Basic credential or the API key.
func TestEcho_NoSecretAnywhere(t *testing.T) {
	const secret, key = "echo-secret-value-99", "echo-api-key-value-77"
	_, srv := newRecorder(t, false)
	o := Options{TokenURL: srv.URL + "/token", ClientID: "cid", ClientSecret: secret, AuthMethod: flows.AuthBasic,
		APIURL: srv.URL + "/me", APIHeaders: []string{"X-Api-Key: " + key}, Now: testOptions().Now}
	secrets := []string{secret, key, flows.BasicCredentials("cid", secret)}
	m := update(t, New(o), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = runStep(t, runStep(t, runStep(t, m, stepDiscover), stepClient), stepToken)
	if m.token.state != stateFailed {
		t.Fatalf("the token step did not fail:\n%s", plain(m))
	}
	m.tok = &flows.Token{AccessToken: "opaque-token-value-1234", TokenType: "Bearer"}
	m = runStep(t, m, stepCall)
	for _, k := range []string{"1", "2", "3", "4", "r", "j", "j", "r"} {
		m = press(t, m, k)
		mustNotContain(t, "after "+k, ansi.Strip(viewText(m)), secrets...)
	}
	for _, s := range []int{stepToken, stepCall} {
		for _, d := range m.base(s).diag.list {
			mustNotContain(t, "a diagnosis", fmt.Sprint(d), secrets...)
		}
	}
	_, cmd := updateCmd(t, m, keyMsg("c"))
	mustNotContain(t, "copy-as-curl", clipboard(t, cmd), secrets...)
}

// TestIssuerMismatch_NoCredentialsSent: a document that names another
// issuer fails step 1 with walk's explanation, and step 3 sends nothing.
func TestIssuerMismatch_NoCredentialsSent(t *testing.T) {
	rc, tokSrv := newRecorder(t, true)
	meta := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"issuer":"https://evil.example","token_endpoint":%q}`, tokSrv.URL+"/token")
	}))
	defer meta.Close()
	o := Options{Issuer: meta.URL, TokenURL: tokSrv.URL + "/token", ClientID: "cid", ClientSecret: "secret-value-123",
		AuthMethod: flows.AuthBasic, Now: testOptions().Now}
	m := update(t, New(o), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = runStep(t, m, stepDiscover)
	if v := plain(m); m.discover.state != stateFailed || !strings.Contains(v, "no credentials were sent") {
		t.Fatalf("step 1 did not fail on the mismatch:\n%s", v)
	}
	if f, ok := m.discover.diag.fix(); ok && f.Kind == flows.FixIssuer {
		t.Errorf("! would adopt the document's issuer: %+v", f)
	}
	m = runStep(t, runStep(t, m, stepClient), stepToken)
	if rc.count() != 0 || m.token.state != stateFailed {
		t.Errorf("the token endpoint got %d requests (state %d)", rc.count(), m.token.state)
	}
}

// TestDestination_Warned: plain http to a host that is not loopback is
// said on the step before sending, and marks the step with !.
func TestDestination_Warned(t *testing.T) {
	o := Options{TokenURL: "http://auth.example.invalid/token", ClientID: "cid", ClientSecret: "x",
		AuthMethod: flows.AuthBasic, Now: testOptions().Now}
	m := update(t, New(o), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = press(t, m, "3")
	m, _ = updateCmd(t, m, keyMsg("enter"))
	if v := plain(m); !strings.Contains(v, "plain http://") {
		t.Errorf("no warning before sending:\n%s", v)
	}
}

// TestApplyFix_NoLoops drives ! ten times on walks against the demo
// server with faults that offer fixes: no state of the settings a fix
// changes repeats.
func TestApplyFix_NoLoops(t *testing.T) {
	for _, fault := range []string{"wrong-secret", "post-only", "unknown-scope", "wrong-audience"} {
		t.Run(fault, func(t *testing.T) {
			srv, err := demo.Start("127.0.0.1:0", demo.Config{Faults: []string{fault}})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			opts := Options{Issuer: srv.Issuer(), ClientID: demo.ClientID, ClientSecret: demo.ClientSecret,
				AuthMethod: flows.AuthBasic, Scopes: []string{"api:read", "nope:x"},
				Audience: srv.Issuer() + "/api", APIURL: srv.Issuer() + "/api/me", Demo: true}
			m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
			m, cmd := updateCmd(t, m, keyMsg("a"))
			m = drive(t, m, cmd)
			seen := map[string]bool{}
			for range 10 {
				r := m.tokenRequest()
				state := fmt.Sprint(r.AuthMethod, "|", r.Scopes, "|", r.Audience)
				if seen[state] {
					t.Fatalf("state %s again after fixes %v", state, m.plan.Tried)
				}
				seen[state] = true
				if !m.canFix() {
					break
				}
				m, cmd = updateCmd(t, m, keyMsg("!"))
				m = drive(t, m, cmd)
			}
		})
	}
}
