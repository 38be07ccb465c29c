package ui

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

const pastedCurl = "curl -u my-client:pasted-secret-0123 -d grant_type=client_credentials " +
	"-d scope=api:read -d audience=https://api.example https://as.example/oauth2/token"

// openNewAPIForm opens New API… from the picker (it is above the cursor).
func openNewAPIForm(t testing.TB, store profiles.Store, w, h int) Model {
	t.Helper()
	m := press(t, newPickerModel(t, store, w, h), "g", "enter") // New API… is the first entry
	if m.screen != screenNewAPI {
		t.Fatalf("enter on New API… opened %T", m.screen)
	}
	return m
}

// The auth method, the secret's store and the reference kind are toggles:
// typed letters change nothing, ←/→ and space cycle them.
func TestNewAPI_TogglesAreNotText(t *testing.T) {
	m := openNewAPIForm(t, profiles.Store{Dir: t.TempDir()}, 100, 30)
	for m.newAPI.focus != naAuth {
		m = press(t, m, "tab")
	}
	m = typeText(t, m, "post")
	if m.newAPI.auth != 0 || m.newAPI.text[naAuth] != "" {
		t.Fatalf("typing changed the auth toggle: %d %q", m.newAPI.auth, m.newAPI.text[naAuth])
	}
	m = update(t, m, tea.KeyPressMsg{Code: tea.KeyRight})
	if got := naAuths[m.newAPI.auth]; got != flows.AuthPost {
		t.Errorf("→: got %q, want %q", got, flows.AuthPost)
	}
	m = update(t, m, tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	if got := naAuths[m.newAPI.auth]; got != flows.AuthNone {
		t.Errorf("space: got %q, want %q", got, flows.AuthNone)
	}
}

// Leaving the issuer asks discovery; its scopes_supported become a list
// that space picks from, and the profile gets the picked ones.
func TestNewAPI_ScopesFromDiscovery(t *testing.T) {
	m := openNewAPIForm(t, profiles.Store{Dir: t.TempDir()}, 100, 30)
	m = typeText(t, press(t, m, "tab"), "https://as.example")
	m, cmd := updateCmd(t, m, keyMsg("tab"))
	if cmd == nil {
		t.Fatal("leaving the issuer asked nothing")
	}
	m = update(t, m, newAPIDiscoveredMsg{seq: m.newAPI.lookSeq, issuer: "https://as.example",
		scopes: []string{"a", "b", "c"}})
	for m.newAPI.focus != naScopes {
		m = press(t, m, "tab")
	}
	m = update(t, m, tea.KeyPressMsg{Code: tea.KeyRight})
	m = update(t, m, tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	if got := strings.Join(m.newAPI.chosenScopes(), " "); got != "b" {
		t.Errorf("picked scopes: got %q, want %q", got, "b")
	}
}

// A pasted curl fills the form; its secret is masked, never in the profile
// (it goes to the file store here), and the header is a reference.
func TestNewAPI_PasteCurlAndSave(t *testing.T) {
	store := profiles.Store{Dir: t.TempDir()}
	m := openNewAPIForm(t, store, 100, 30)
	m = typeText(t, m, "pasted")
	m = update(t, m, tea.PasteMsg{Content: pastedCurl})
	f := m.newAPI
	if f.text[naTarget] != "https://as.example/oauth2/token" || f.text[naClientID] != "my-client" {
		t.Fatalf("the paste did not fill the form: %q %q", f.text[naTarget], f.text[naClientID])
	}
	mustNotContain(t, "form", plainView(m), "pasted-secret-0123")
	m.newAPI.store = 1 // file (0600)
	m.newAPI.text[naRefValue] = "API_KEY"
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	saved, ok := findMsg[newAPISavedMsg](cmd).(newAPISavedMsg)
	if !ok || saved.err != nil {
		t.Fatalf("not saved: %+v", saved)
	}
	raw, err := os.ReadFile(store.Path("pasted"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("pasted-secret-0123")) {
		t.Errorf("the profile holds the pasted secret:\n%s", raw)
	}
	p := saved.p
	if !strings.HasPrefix(p.ClientSecret, "file:") || p.APIHeaders["X-Api-Key"] != "env:API_KEY" ||
		p.TokenURL == "" || p.AuthMethod != flows.AuthBasic || p.Audience != "https://api.example" || strings.Join(p.Scopes, " ") != "api:read" {
		t.Errorf("saved profile: %+v", p)
	}
	m = update(t, m, saved)
	if m.screen != screenPicker || m.picker.resolving != "pasted" {
		t.Errorf("after saving: screen %T, resolving %q; want the picker opening it", m.screen, m.picker.resolving)
	}
}

// The form at three sizes, after a paste and discovery's scopes.
func TestNewAPI_Golden(t *testing.T) {
	for _, sz := range [][2]int{{120, 40}, {100, 30}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m := openNewAPIForm(t, profiles.Store{Dir: goldenStoreDir}, sz[0], sz[1])
			m = typeText(t, m, "acme")
			m = update(t, m, tea.PasteMsg{Content: pastedCurl})
			m.newAPI.text[naTarget], m.newAPI.lookedUp = "https://as.example", "https://as.example"
			m = update(t, m, newAPIDiscoveredMsg{issuer: "https://as.example",
				scopes: []string{"api:read", "api:write", "reports:read"}})
			golden.RequireEqual(t, ansi.Strip(viewText(m)))
		})
	}
}

// End to end: New API… against the demo server, with the secret and an
// X-Api-Key from env:, ends in a saved profile and a green call.
func TestProgram_NewAPIToGreenCall(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	t.Setenv("NEWAPI_TEST_SECRET", demo.ClientSecret)
	t.Setenv("NEWAPI_TEST_KEY", "k-0123456789")
	store := profiles.Store{Dir: t.TempDir()}
	seen, types := make(chan stepStates, 4096), make(chan string, 4096)
	tm := teatest.NewTestModel(t, probe{Model: New(Options{Store: &store, Picker: true, DemoIssuer: srv.Issuer()}),
		seen: seen, types: types}, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	wait := func(s string) {
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
			teatest.WithDuration(5*time.Second))
	}
	typ := func(s string) {
		for _, r := range s {
			tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	wait("New API")
	tm.Send(keyMsg("g")) // New API… is the first entry
	tm.Send(keyMsg("enter"))
	wait("Issuer or token URL")
	typ("e2e")
	tm.Send(keyMsg("tab"))
	typ(srv.Issuer())
	tm.Send(keyMsg("tab"))
	wait("discovery lists")
	typ(demo.ClientID)
	tm.Send(keyMsg("tab"))
	typ("env:NEWAPI_TEST_SECRET")
	for _, k := range []string{"tab", "tab", "tab"} { // secret goes to, auth method: scopes
		tm.Send(keyMsg(k))
	}
	tm.Send(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}) // api:read
	tm.Send(keyMsg("tab"))
	typ(srv.Issuer() + "/api/me")
	for _, k := range []string{"tab", "tab", "tab"} { // header, value from (env:): reference
		tm.Send(keyMsg(k))
	}
	typ("NEWAPI_TEST_KEY")
	tm.Send(keyMsg("enter"))
	wait("Step 1 · Discover")
	tm.Send(keyMsg("a"))
	waitForStep(t, seen, stepCall, stateOK)
	tm.Send(keyMsg("ctrl+c"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	p, err := store.Load("e2e")
	if err != nil {
		t.Fatal(err)
	}
	if p.ClientSecret != "env:NEWAPI_TEST_SECRET" || p.APIHeaders["X-Api-Key"] != "env:NEWAPI_TEST_KEY" {
		t.Errorf("saved profile: %+v", p)
	}
}

// The cursor starts on the first profile once; moved to New API…, it stays
// there when the store is read again.
func TestPicker_CursorStaysOnNewAPI(t *testing.T) {
	m := newPickerModel(t, profiles.Store{Dir: t.TempDir()}, 100, 30)
	if it, _ := m.picker.selected(); it.kind == kindNewAPI {
		t.Fatal("the cursor starts on New API…, want the first profile")
	}
	m = press(t, m, "g")
	m = update(t, m, fixedListing())
	if it, _ := m.picker.selected(); it.kind != kindNewAPI {
		t.Errorf("a listing moved the cursor to %q", it.p.Name)
	}
}

// A reference typed as the client secret is kept as typed: the form does not
// offer a keyring or a file for it (before, it showed the toggle, which
// saving then ignored).
func TestNewAPI_SecretReferenceGoesNowhere(t *testing.T) {
	m := openNewAPIForm(t, profiles.Store{Dir: t.TempDir()}, 100, 30)
	for m.newAPI.focus != naSecret {
		m = press(t, m, "tab")
	}
	m = typeText(t, m, "env:DEMO_SECRET")
	v := ansi.Strip(m.View().Content)
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "Secret goes to") && !strings.Contains(l, "nowhere: the profile keeps the reference") {
			t.Errorf("the form offers a store for a reference:\n%s", l)
		}
	}
}

// A profile for the embedded demo names a port of this run only: the form
// says so (a saved one listed "connection refused" later: second trial).
func TestNewAPI_EmbeddedDemoWarned(t *testing.T) {
	m := openNewAPIForm(t, profiles.Store{Dir: t.TempDir()}, 100, 30)
	m.picker.demoIssuer = "http://127.0.0.1:41234"
	if strings.Contains(plainView(m), "demo server of this run") {
		t.Fatal("warned before anything was typed")
	}
	m.newAPI.text[naTarget] = "http://127.0.0.1:41234"
	if !strings.Contains(plainView(m), "demo server of this run") {
		t.Errorf("no warning for the embedded demo's issuer:\n%s", plainView(m))
	}
}
