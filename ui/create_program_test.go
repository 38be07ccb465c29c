package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/demo"
	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// fakeAdminAPI answers POST /api/client/ with the admin token like the
// WorkfloPlus API: the client, and its secret once.
func fakeAdminAPI(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != testAdminPath ||
			r.Header.Get("Authorization") != "Bearer "+testAdminTok {
			http.Error(w, `{"error":"invalid_token"}`, http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"client":{"clientId":%q,"name":"scheduler"},"newSecret":%q}`, newClientID, newSecret)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestDemoAdminTokenIsTheDemos(t *testing.T) {
	if demoAdminToken != demo.AdminToken {
		t.Errorf("got %q, want demo.AdminToken %q", demoAdminToken, demo.AdminToken)
	}
}

// runMsg runs cmd and feeds the message of type T back; it fails when
// there is none.
func runMsg[T any](t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	msg := findMsg[T](cmd)
	if msg == nil {
		var zero T
		t.Fatalf("no %T from the command", zero)
	}
	return update(t, m, msg)
}

// TestCreate_DemoEndToEnd creates a client with the demo's admin API, gets
// a token with it in the same walk, saves the walk, and gets a token again
// with the saved profile, as after a restart.
func TestCreate_DemoEndToEnd(t *testing.T) {
	t.Setenv("DEMO_ADMIN_TOKEN", "")
	os.Unsetenv("DEMO_ADMIN_TOKEN")
	srv, err := demo.Start("127.0.0.1:0", demo.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	store := profiles.Store{Dir: filepath.Join(t.TempDir(), "profiles")}
	p := profiles.DemoProfile(srv.Issuer())
	opts := Options{
		Issuer:       srv.Issuer(),
		Discovery:    flows.StyleAuto,
		ClientID:     p.ClientID,
		ClientSecret: p.ClientSecret,
		AuthMethod:   p.AuthMethod,
		Scopes:       p.Scopes,
		APIMethod:    "GET",
		APIURL:       srv.Issuer() + "/api/me",
		Title:        "demo",
		Demo:         true,
		Store:        &store,
		Profile:      &p,
	}
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	m = runMsg[discoveredMsg](t, m, cmd)
	m, cmd = updateCmd(t, press(t, m, "2", "right"), keyMsg("right"))
	m = runMsg[adminTokenMsg](t, m, cmd)
	m = press(t, typeText(t, press(t, m, "tab"), "scheduler"), "esc")
	m, cmd = updateCmd(t, m, keyMsg("enter"))
	m = runMsg[clientCreatedMsg](t, m, cmd)
	id := m.client.clientID()
	if m.client.state != stateOK || id == demo.ClientID || !strings.HasPrefix(m.client.created.secretRef(), "file:") {
		t.Fatalf(
			"creation: state %d, client %q, ref %q: %v",
			m.client.state,
			id,
			m.client.created.secretRef(),
			m.client.err,
		)
	}
	m, cmd = updateCmd(t, press(t, m, "3"), keyMsg("enter"))
	m = runMsg[tokenFetchedMsg](t, m, cmd)
	if m.token.state != stateOK || m.tok == nil {
		t.Fatalf("token with the new client: state %d: %v", m.token.state, m.token.err)
	}
	if got := m.token.check.jwt.Claims["client_id"]; got != id {
		t.Errorf("the token is for client %v, want %s", got, id)
	}
	m = update(t, m, tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	if got := m.save.profileName(); got != "scheduler" {
		t.Errorf("the save dialog suggests %q, want the new client's name", got)
	}
	m = typeText(t, update(t, m, tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}), "wfp")
	if m.save.choice() != choiceKeep || m.save.keepRef != m.client.created.secretRef() {
		t.Fatalf(
			"the save dialog offers %d (%q), want to keep %q",
			m.save.choice(),
			m.save.keepRef,
			m.client.created.secretRef(),
		)
	}
	m, cmd = updateCmd(t, m, keyMsg("enter"))
	m = runMsg[profileSavedMsg](t, m, cmd)
	restartAndGetToken(t, store, "wfp", id)
}

// restartAndGetToken loads the saved profile as `oauthlens -p NAME` does
// and gets a token with it.
func restartAndGetToken(t *testing.T, store profiles.Store, name, id string) {
	t.Helper()
	saved, err := store.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	if saved.ClientID != id || !strings.HasPrefix(saved.ClientSecret, "file:") {
		t.Fatalf(
			"saved profile: client %q, secret %q; want %s and a file: reference",
			saved.ClientID,
			saved.ClientSecret,
			id,
		)
	}
	o, err := ProfileOptions(context.Background(), saved)
	if err != nil {
		t.Fatal(err)
	}
	m := update(t, New(o), tea.WindowSizeMsg{Width: 120, Height: 40})
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	m = runMsg[discoveredMsg](t, m, cmd)
	m, cmd = updateCmd(t, press(t, m, "3"), keyMsg("enter"))
	m = runMsg[tokenFetchedMsg](t, m, cmd)
	if m.token.state != stateOK {
		t.Fatalf("token with the saved profile: %v", m.token.err)
	}
}

// TestCreate_DemoRegisterEndToEnd registers a client (RFC 7591) at the
// demo, its secret and registration token stored as files, and gets a
// token with it.
func TestCreate_DemoRegisterEndToEnd(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	store := profiles.Store{Dir: filepath.Join(t.TempDir(), "profiles")}
	opts := Options{
		Issuer:     srv.Issuer(),
		Discovery:  flows.StyleAuto,
		AuthMethod: flows.AuthPost,
		Scopes:     demo.DefaultScopes,
		Store:      &store,
	}
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 80, Height: 24})
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	m = runMsg[discoveredMsg](t, m, cmd)
	m = press(t, typeText(t, press(t, m, "2", "right", "tab"), "report job"), "esc")
	m, cmd = updateCmd(t, m, keyMsg("enter"))
	m = runMsg[clientCreatedMsg](t, m, cmd)
	ci := m.client.created
	if m.client.state != stateOK || ci == nil || len(ci.kept) != 2 || !ci.allStored() {
		t.Fatalf("registration: state %d, kept %+v: %v", m.client.state, ci, m.client.err)
	}
	if got, _ := m.client.authMethod(); got != flows.AuthPost {
		t.Errorf("auth method %q, want the registered client_secret_post", got)
	}
	m, cmd = updateCmd(t, press(t, m, "3"), keyMsg("enter"))
	m = runMsg[tokenFetchedMsg](t, m, cmd)
	if m.token.state != stateOK {
		t.Fatalf("token with the registered client: %v", m.token.err)
	}
}
