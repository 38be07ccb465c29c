package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

const (
	goldenStoreDir = "/home/me/.config/oauthlens/profiles"
	goldenDemo     = "http://127.0.0.1:9400"
	plainSecret    = "literal-secret-VALUE-in-a-file"
)

// pickerOptions are the test options on the picker with a store.
func pickerOptions(store profiles.Store) Options {
	opts := testOptions()
	opts.Store, opts.Picker, opts.DemoIssuer = &store, true, goldenDemo
	return opts
}

// newPickerModel opens the picker on a store on disk and lists it.
func newPickerModel(t testing.TB, store profiles.Store, w, h int) Model {
	t.Helper()
	m := update(t, New(pickerOptions(store)), tea.WindowSizeMsg{Width: w, Height: h})
	if m.screen != screenPicker {
		t.Fatalf("the model does not start on the picker")
	}
	return update(t, m, findMsg[profilesListedMsg](m.Init()))
}

// fixedListing is a listing with fixed paths, for the golden files.
func fixedListing() profilesListedMsg {
	return profilesListedMsg{
		list: []profiles.Profile{
			{
				Name:         "acme-staging",
				Issuer:       "https://login.acme.example",
				ClientID:     "acme-app",
				ClientSecret: "env:ACME_CLIENT_SECRET",
				AuthMethod:   flows.AuthPost,
			},
			{Name: "legacy", TokenURL: "https://legacy.example/oauth/token", ClientID: "old", ClientSecret: plainSecret,
				AuthMethod: flows.AuthBasic},
		},
		errs: []error{&profiles.FileError{Path: goldenStoreDir + "/broken.yaml",
			Problems: []profiles.Problem{{Line: 3, Column: 1, Msg: `unknown key "scope" (did you mean scopes?)`}}}},
	}
}

// pickerScreen is the picker with the fixed listing.
func pickerScreen(w, h int) func(testing.TB) Model {
	return func(t testing.TB) Model {
		m := update(t, New(pickerOptions(profiles.Store{Dir: goldenStoreDir})), tea.WindowSizeMsg{Width: w, Height: h})
		return update(t, m, fixedListing())
	}
}

// saveProfileFile writes a profile into the store.
func saveProfileFile(t *testing.T, store profiles.Store, p profiles.Profile) {
	t.Helper()
	if err := store.Save(p); err != nil {
		t.Fatal(err)
	}
}

// typeFilter presses / and types s, feeding the list its filter results.
func typeFilter(t testing.TB, m Model, s string) Model {
	t.Helper()
	m = press(t, m, "/")
	for _, r := range s {
		var cmd tea.Cmd
		m, cmd = updateCmd(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
		if msg := findMsg[list.FilterMatchesMsg](cmd); msg != nil {
			m = update(t, m, msg)
		}
	}
	return m
}

// choose presses enter and feeds back the resolved entry.
func chooseEntry(t testing.TB, m Model) Model {
	t.Helper()
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	msg := findMsg[profileResolvedMsg](cmd)
	if msg == nil {
		t.Fatalf("enter on the picker resolved nothing")
	}
	return update(t, m, msg)
}

func entryNames(m Model) []string {
	var names []string
	for _, it := range m.picker.list.VisibleItems() {
		names = append(names, it.(profileItem).p.Name)
	}
	return names
}

func TestPicker_ListsSavedDemoAndTemplates(t *testing.T) {
	store := profiles.Store{Dir: t.TempDir()}
	saveProfileFile(
		t,
		store,
		profiles.Profile{Name: "acme", Issuer: "https://login.acme.example", ClientSecret: "env:ACME_SECRET"},
	)
	saveProfileFile(
		t,
		store,
		profiles.Profile{Name: "legacy", TokenURL: "https://legacy.example/token", ClientSecret: plainSecret},
	)
	if err := os.WriteFile(filepath.Join(store.Dir, "broken.yaml"), []byte("name: broken\nnot yaml: [\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newPickerModel(t, store, 120, 40)
	names := strings.Join(entryNames(m), " ")
	const want = "New API… Inspect a token or response… acme legacy demo workfloplus"
	if !strings.HasPrefix(names, want) || !strings.Contains(names, "okta") {
		t.Errorf("entries: got %q, want New API…, the saved ones, then the demo, then the templates", names)
	}
	v := plainView(m)
	for _, want := range []string{"saved · https://login.acme.example · basic · secret in env:ACME_SECRET",
		"⚠ secret stored in plain text", "Problems loading profiles", "broken.yaml"} {
		if !strings.Contains(v, want) {
			t.Errorf("the picker lacks %q:\n%s", want, v)
		}
	}
	mustNotContain(t, "picker", v, plainSecret, testSecret)
}

func TestPicker_FilterAndChooseFillsTheWalk(t *testing.T) {
	t.Setenv("FLORIDAY_STAGING_CLIENT_SECRET", "flo-secret-VALUE")
	m := newPickerModel(t, profiles.Store{Dir: t.TempDir()}, 120, 40)
	m = typeFilter(t, m, "flo")
	if got := strings.Join(entryNames(m), " "); !strings.Contains(got, "floriday-staging") ||
		strings.Contains(got, "okta") {
		t.Fatalf("filter flo: got %q", got)
	}
	m = typeFilter(t, press(t, m, "esc"), "floriday-s")
	if got := strings.Join(entryNames(m), " "); got != "floriday-staging" {
		t.Fatalf("filter floriday-s: got %q", got)
	}
	m = press(t, m, "enter") // applies the filter
	m = chooseEntry(t, m)
	if m.screen != screenWalk || m.title != "floriday-staging" {
		t.Fatalf("screen %d title %q: want the walk of floriday-staging", m.screen, m.title)
	}
	if got := m.discover.issuer(); got != "https://idm.staging.floriday.io/oauth2/ausmw6b47z1BnlHkw0h7" {
		t.Errorf("issuer: got %q", got)
	}
	if m.client.secret() != "flo-secret-VALUE" || m.discover.style != flows.StyleRFC8414 {
		t.Errorf("client secret not resolved or discovery style %q", m.discover.style)
	}
	if got := m.call.form.value(fAPIURL); got != "https://api.staging.floriday.io/apps/organizations" {
		t.Errorf("API URL: got %q", got)
	}
	mustNotContain(t, "walk", viewText(m), "flo-secret-VALUE")
}

func TestPicker_TemplatePlaceholdersAreMarked(t *testing.T) {
	os.Unsetenv("OKTA_CLIENT_SECRET")
	m := newPickerModel(t, profiles.Store{Dir: t.TempDir()}, 120, 40)
	m = typeFilter(t, m, "okta")
	m = chooseEntry(t, press(t, m, "enter"))
	if m.screen != screenWalk {
		t.Fatalf("a template with an unset secret did not open: %v", m.picker.err)
	}
	if m.discover.issuer() != "" || len(m.token.scopes()) != 0 || !m.discover.editing() {
		t.Errorf("placeholders were kept: issuer %q scopes %q", m.discover.issuer(), m.token.scopes())
	}
	v := plainView(m)
	for _, want := range []string{"fill in: https://YOUR-ORG", "fill in issuer, scopes", "OKTA_CLIENT_SECRET"} {
		if !strings.Contains(v, want) {
			t.Errorf("the walk lacks %q:\n%s", want, v)
		}
	}
}

func TestPicker_DemoNeedsNoNetwork(t *testing.T) {
	m := newPickerModel(t, profiles.Store{Dir: t.TempDir()}, 120, 40)
	m = chooseEntry(t, press(t, typeFilter(t, m, "demo"), "enter"))
	if m.screen != screenWalk || !m.discover.demo || m.discover.issuer() != goldenDemo ||
		m.client.secret() != "demo-secret" {
		t.Errorf("demo: screen %d demo %v issuer %q", m.screen, m.discover.demo, m.discover.issuer())
	}
	if got := m.token.audience(); got != goldenDemo+"/api" {
		t.Errorf("demo audience: got %q", got)
	}
}

func TestPicker_PReturnsAndEscGoesBack(t *testing.T) {
	store := profiles.Store{Dir: t.TempDir()}
	opts := testOptions()
	opts.Store = &store
	m := walkTo(t, update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40}), stepCall)
	if v := plainView(press(t, m, "?")); !strings.Contains(v, "profiles") || !strings.Contains(v, "save profile") {
		t.Errorf("p and ctrl+s are not in the help:\n%s", v)
	}
	m, cmd := updateCmd(t, m, keyMsg("p"))
	if m.screen != screenPicker || findMsg[profilesListedMsg](cmd) == nil {
		t.Fatalf("p did not open and list the picker")
	}
	m = press(t, m, "esc")
	if m.screen != screenWalk || m.current != stepCall || m.tok == nil {
		t.Errorf("esc did not go back to the walk as it was")
	}
	// Without a store there is no picker.
	m = press(t, newTestModel(t, 120, 40), "p")
	if m.screen != screenWalk || strings.Contains(plainView(press(t, m, "?")), "profiles") {
		t.Errorf("p works without a store")
	}
}

func TestPicker_QuitAndTypingInTheFilter(t *testing.T) {
	m := newPickerModel(t, profiles.Store{Dir: t.TempDir()}, 120, 40)
	m = typeFilter(t, m, "q")
	if m.screen != screenPicker || !m.picker.filtering() {
		t.Fatalf("q in the filter did something else")
	}
	m = press(t, m, "esc", "esc")
	if _, cmd := updateCmd(t, m, keyMsg("q")); !isQuit(cmd) {
		t.Errorf("q on the picker did not quit")
	}
}
