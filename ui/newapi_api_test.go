package ui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
	"github.com/oauthlens/oauthlens/walk"
)

// typeAPIURL opens New API…, names the profile and types target into the
// issuer field, then leaves it: the look-up's command is returned.
// docs are the client metadata documents offered (Options.ClientDocuments).
func typeAPIURL(t *testing.T, store profiles.Store, target string, docs map[string]string) (Model, tea.Cmd) {
	t.Helper()
	m := openNewAPIForm(t, store, 120, 40)
	m.c.documents = docs
	m = typeText(t, press(t, typeText(t, m, "mcp"), "tab"), target)
	m, cmd := updateCmd(t, m, keyMsg("tab"))
	if cmd == nil {
		t.Fatal("leaving the issuer field asked nothing")
	}
	return m, cmd
}

// The demo's API URL in New API…: the form shows its resource metadata,
// fills the issuer, resource, scopes, API URL and the CIMD client id, the
// saved profile runs the authorization code grant with resource, and the
// call is green.
func TestNewAPI_FromAnAPIURLToGreenCall(t *testing.T) {
	t.Setenv("BROWSER", "true")
	srv, err := demo.Start("127.0.0.1:0", demo.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	iss, store := srv.Issuer(), profiles.Store{Dir: t.TempDir()}
	m, cmd := typeAPIURL(t, store, iss+"/api/me", map[string]string{iss: iss + demo.ClientMetadataDocumentPath})
	m = update(t, m, cmd())
	f := m.newAPI
	if f.api == nil || f.text[naTarget] != iss || f.text[naAPIURL] != iss+"/api/me" ||
		f.text[naClientID] != iss+demo.ClientMetadataDocumentPath || naAuths[f.auth] != flows.AuthNone ||
		!slices.Equal(f.chosenScopes(), demo.DefaultScopes) {
		t.Fatalf("the form was not filled from the API: %+v\n%s", f.text, plainView(m))
	}
	for _, want := range []string{"Authorization server", "API: protected resource metadata (RFC 9728)",
		"resource      " + iss + "/api  (sent exactly so: RFC 8707)", "registration  CIMD"} {
		if !strings.Contains(plainView(m), want) {
			t.Errorf("the form lacks %q:\n%s", want, plainView(m))
		}
	}
	m, cmd = updateCmd(t, m, keyMsg("enter"))
	saved, ok := findMsg[newAPISavedMsg](cmd).(newAPISavedMsg)
	if !ok || saved.err != nil {
		t.Fatalf("not saved: %+v", saved)
	}
	if p := saved.p; !slices.Equal(p.Resource, []string{iss + "/api"}) || p.Grant != "authorization_code" ||
		p.Issuer != iss || p.AuthMethod != flows.AuthNone {
		t.Errorf("saved profile: %+v", p)
	}
	m, cmd = updateCmd(t, m, saved)
	m = update(t, m, findMsg[profileResolvedMsg](cmd))
	if m.screen != screenWalk || m.token.grantType() != flows.GrantAuthorizationCode ||
		!slices.Equal(m.token.resources(), []string{iss + "/api"}) {
		t.Fatalf("the walk opened with grant %q, resource %v", m.token.grant(), m.token.resources())
	}
	m = runReal[discoveredMsg](t, m, "enter")
	m = press(t, m, "enter") // step 2: the CIMD client, no secret
	m, cmd = updateCmd(t, m, keyMsg("enter"))
	m, wait := runCmd[authStartedMsg](t, m, cmd)
	if err := demoLogin(m.token.user.auth.st.URL); err != nil {
		t.Fatal(err)
	}
	m, cmd = runCmd[callbackMsg](t, m, wait)
	m, _ = runCmd[authFinishedMsg](t, m, cmd)
	if m.tok == nil {
		t.Fatalf("no token: %v\n%s", m.token.err, plainView(m))
	}
	m = runReal[calledMsg](t, press(t, m, "4"), "enter") // the clock skew warning holds step 3
	if m.base(stepCall).state != stateOK {
		t.Fatalf("the call failed:\n%s", plainView(m))
	}
}

// fakeAPIFound is a look-up's answer with fixed URLs, for the goldens.
func fakeAPIFound() newAPIDiscoveredMsg {
	a := walk.APIStart{Resource: flows.ResourceDiscovery{Asked: "https://mcp.example/api",
		URL: "https://mcp.example/.well-known/oauth-protected-resource/api", Via: "WWW-Authenticate resource_metadata",
		Metadata: flows.ResourceMetadata{Resource: "https://mcp.example/api",
			AuthorizationServers: []string{"https://as.example", "https://login.example"},
			ScopesSupported:      []string{"files:read", "files:write"}}},
		Server: "https://as.example",
		Registration: walk.Registration{Path: flows.PathRFC7591, Endpoint: "https://as.example/register",
			Why: "the server does not take client metadata documents (CIMD); the server offers dynamic " +
				"registration (RFC 7591)"}}
	return newAPIDiscoveredMsg{issuer: "https://mcp.example/api", api: &a}
}

// The form after an API URL, at three sizes; ←/→ on the server toggle
// picks another authorization server and looks it up.
func TestNewAPI_APIURLGolden(t *testing.T) {
	for _, sz := range [][2]int{{120, 40}, {100, 30}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m := openNewAPIForm(t, profiles.Store{Dir: goldenStoreDir}, sz[0], sz[1])
			m = typeText(t, press(t, typeText(t, m, "mcp"), "tab"), "https://mcp.example/api")
			m.newAPI.lookedUp = "https://mcp.example/api"
			m.newAPI.text[naSecret] = "pasted-secret-0123456"
			m = update(t, m, fakeAPIFound())
			mustNotContain(t, "form", plainView(m), "pasted-secret-0123456")
			golden.RequireEqual(t, ansi.Strip(viewText(m)))
		})
	}
	m := openNewAPIForm(t, profiles.Store{Dir: t.TempDir()}, 120, 40)
	m = typeText(t, press(t, typeText(t, m, "mcp"), "tab"), "https://mcp.example/api")
	m.newAPI.lookedUp = "https://mcp.example/api"
	m = update(t, m, fakeAPIFound())
	m, cmd := updateCmd(t, m, tea.KeyPressMsg{Code: tea.KeyRight})
	if m.newAPI.text[naTarget] != "https://login.example" || m.newAPI.api.Pick != 1 || cmd == nil {
		t.Errorf("→ picked %q (%d), cmd %v", m.newAPI.text[naTarget], m.newAPI.api.Pick, cmd != nil)
	}
	ov := m.newAPI.overrides()
	if ov.Issuer != "https://login.example" || !slices.Equal(ov.Resource, []string{"https://mcp.example/api"}) ||
		ov.Grant != "authorization_code" || ov.APIURL != "https://mcp.example/api" {
		t.Errorf("overrides %+v", ov)
	}
}

// An API whose metadata stalls: esc stops the look-up and the form stays;
// its late answer changes nothing.
func TestNewAPI_StalledLookUpCancelledByEsc(t *testing.T) {
	stall := make(chan struct{})
	defer close(stall)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/.well-known/oauth-protected-resource") {
			select {
			case <-stall:
			case <-r.Context().Done():
			}
			return
		}
		http.NotFound(w, r)
	}))
	defer ts.Close()
	m, cmd := typeAPIURL(t, profiles.Store{Dir: t.TempDir()}, ts.URL+"/api", nil)
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	m = press(t, m, "esc")
	if m.screen != screenNewAPI || !strings.Contains(m.newAPI.found, "cancelled") {
		t.Fatalf("esc: screen %T, %q", m.screen, m.newAPI.found)
	}
	// Cancelled by esc, not ended by its own time limit (lookUpTimeout): no
	// clock is read here, the cause tells.
	msg := (<-done).(newAPIDiscoveredMsg)
	if !errors.Is(msg.err, context.Canceled) || errors.Is(msg.err, context.DeadlineExceeded) {
		t.Errorf("the look-up ended by %v, not by esc", msg.err)
	}
	m = update(t, m, msg)
	if m.newAPI.api != nil || !strings.Contains(m.newAPI.found, "cancelled") {
		t.Errorf("the cancelled look-up's answer changed the form: %q", m.newAPI.found)
	}
}

// A resource metadata document that fails RFC 9728 §3.3 (it names another
// resource than the URL it was fetched for) fills nothing: before, the form
// showed the ✗ and still took its resource and scopes, sent and saved them.
func TestNewAPI_RejectedMetadataFillsNothing(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/.well-known/oauth-protected-resource") {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"resource":"https://attacker.example/api","authorization_servers":`+
				`["https://attacker.example"],"scopes_supported":["evil:all"]}`)
			return
		}
		http.NotFound(w, r)
	}))
	defer ts.Close()
	m, cmd := typeAPIURL(t, profiles.Store{Dir: t.TempDir()}, ts.URL+"/api", nil)
	m = update(t, m, cmd())
	f := m.newAPI
	var ov walk.Overrides
	f.apiOverrides(&ov)
	if f.api != nil || slices.Contains(f.scopes, "evil:all") || len(ov.Resource) > 0 ||
		strings.Contains(f.text[naTarget], "attacker") || !strings.Contains(f.found, "✗") {
		t.Errorf("the rejected document filled the form: api %v, scopes %v, resource %v, issuer %q, note %q",
			f.api != nil, f.scopes, ov.Resource, f.text[naTarget], f.found)
	}
}

// An answer of a look-up that was replaced (←/→ twice, or the field left
// again) is dropped: before, it overwrote the form and cleared the cancel
// of the look-up still in flight, so esc no longer stopped it.
func TestNewAPI_StaleLookUpDropped(t *testing.T) {
	m, _ := typeAPIURL(t, profiles.Store{Dir: t.TempDir()}, "https://as.example", nil) // its command never runs
	stale := newAPIDiscoveredMsg{seq: m.newAPI.lookSeq, issuer: "https://as.example", err: context.Canceled}
	m.newAPI.startLookUp("https://as.example", -1) // a second look-up replaces it
	m = update(t, m, stale)
	if m.newAPI.cancel == nil || strings.Contains(m.newAPI.found, "canceled") {
		t.Errorf("the stale answer was taken: cancel %v, note %q", m.newAPI.cancel != nil, m.newAPI.found)
	}
	m.newAPI.cancelLookUp()
}
