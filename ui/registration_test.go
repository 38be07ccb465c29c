package ui

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
)

// Step 2's registration row names the path of the client id in use.
func TestClientStep_RegistrationRow(t *testing.T) {
	for id, want := range map[string]string{
		"demo-client": "registration pre-registered: the client id was given",
		"https://client.example/oauth/metadata.json": "registration CIMD: the client id is the URL of a client " +
			"metadata document",
	} {
		o := Options{TokenURL: "https://as.example/token", ClientID: id, AuthMethod: flows.AuthNone,
			Now: testOptions().Now}
		m := update(t, New(o), tea.WindowSizeMsg{Width: 160, Height: 40})
		m = press(t, m, "2", "enter", "2")
		v := plainView(m)
		if !strings.Contains(v, want) {
			t.Errorf("%s: the view lacks %q:\n%s", id, want, v)
		}
		// a public client sends no secret: no Basic header, no "(empty)" warning
		if !strings.Contains(v, "sent only as client_id, no secret") || strings.Contains(v, "(empty)") ||
			strings.Contains(v, "Basic header") {
			t.Errorf("%s: the public client's rows:\n%s", id, v)
		}
	}
}

// A walk from an API whose server offers only RFC 7591 (no client id):
// step 2's registration makes an authorization code client (loopback
// redirect_uris, public), and step 3's authorization code grant runs with it.
func TestClientStep_RegistersAnAuthorizationCodeClient(t *testing.T) {
	t.Setenv("BROWSER", "true")
	srv, err := demo.Start("127.0.0.1:0", demo.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	iss := srv.Issuer()
	opts := Options{Issuer: iss, Discovery: flows.StyleAuto, AuthMethod: flows.AuthNone, Scopes: []string{"api:read"},
		Resource: []string{iss + "/api"}, APIMethod: http.MethodGet, APIURL: iss + "/api/me",
		HTTPClient: &http.Client{Timeout: 5 * time.Second}, Now: testOptions().Now}
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = press(t, runReal[discoveredMsg](t, m, "enter"), "3", "t", "2", "right")
	if m.client.mode != modeRegister {
		t.Fatalf("→ on step 2: mode %d, want register", m.client.mode)
	}
	m.client.form.setValue(fNewName, "mcp client")
	m.client.form.setValue(fNewStore, "show once")
	m = runReal[clientCreatedMsg](t, m, "enter")
	var reg flows.Exchange
	for _, ex := range m.timeline.exs {
		if strings.Contains(ex.URL, "/register") {
			reg = ex
		}
	}
	var sent struct {
		Grants   []string `json:"grant_types"`
		Redirect []string `json:"redirect_uris"`
		Auth     string   `json:"token_endpoint_auth_method"`
	}
	if err := json.Unmarshal(reg.RequestBody, &sent); err != nil || !slices.Contains(sent.Grants,
		"authorization_code") || !slices.Equal(sent.Redirect, []string{"http://127.0.0.1/callback"}) ||
		sent.Auth != "none" {
		t.Errorf("the registration sent %+v (%v)", sent, err)
	}
	if m.client.created == nil || m.client.created.clientID == "" || m.client.state != stateOK {
		t.Fatalf("no client registered: %v\n%s", m.client.err, plainView(m))
	}
	if v := plainView(press(t, m, "2")); !strings.Contains(v, "registration RFC 7591: registered in this walk") {
		t.Errorf("step 2 lacks the RFC 7591 row:\n%s", v)
	}
	m, cmd := updateCmd(t, press(t, m, "3"), keyMsg("enter"))
	m, wait := runCmd[authStartedMsg](t, m, cmd)
	if err := demoLogin(m.token.user.auth.st.URL); err != nil {
		t.Fatal(err)
	}
	m, cmd = runCmd[callbackMsg](t, m, wait)
	m, _ = runCmd[authFinishedMsg](t, m, cmd)
	if m.tok == nil {
		t.Fatalf("the registered client got no token: %v\n%s", m.token.err, plainView(m))
	}
}
