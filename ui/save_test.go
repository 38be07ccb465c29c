package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// walkWithStore is the test walk with a store on disk, at step 4.
func walkWithStore(t testing.TB, store profiles.Store) Model {
	t.Helper()
	opts := testOptions()
	opts.Store = &store
	return walkTo(t, update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40}), stepCall)
}

// ctrlS opens the save dialog.
func ctrlS(t testing.TB, m Model) Model {
	t.Helper()
	return update(t, m, tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
}

// submit presses enter in the dialog and, when that saves, runs the save.
func submit(t testing.TB, m Model) (Model, bool) {
	t.Helper()
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	msg := findMsg[profileSavedMsg](cmd)
	if msg == nil {
		return m, false
	}
	return update(t, m, msg), true
}

func readProfileFile(t *testing.T, store profiles.Store, name string) string {
	t.Helper()
	b, err := os.ReadFile(store.Path(name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSave_EnvReferenceByDefault(t *testing.T) {
	store := profiles.Store{Dir: t.TempDir()}
	m := ctrlS(t, walkWithStore(t, store))
	if m.screen != screenSave || m.save.choice() != choiceEnv {
		t.Fatalf("ctrl+s: screen %d choice %d, want the dialog with env: chosen", m.screen, m.save.choice())
	}
	m = typeText(t, m, "acme")
	if got := m.save.envName(); got != "ACME_CLIENT_SECRET" {
		t.Errorf("variable: got %q, want ACME_CLIENT_SECRET", got)
	}
	m, saved := submit(t, m)
	if !saved || m.screen != screenWalk {
		t.Fatalf("not saved: screen %d err %v", m.screen, m.save.err)
	}
	text := readProfileFile(t, store, "acme")
	mustNotContain(t, "profile file", text, testSecret, testAPIKey)
	p, err := store.Load("acme")
	if err != nil {
		t.Fatal(err)
	}
	if p.ClientSecret != "env:ACME_CLIENT_SECRET" || p.APIHeaders["X-Api-Key"] != "env:ACME_X_API_KEY" {
		t.Errorf("references: client_secret %q, X-Api-Key %q", p.ClientSecret, p.APIHeaders["X-Api-Key"])
	}
	if p.Issuer != testIssuer || p.ClientID != "demo-client" || p.TokenURL != "" ||
		p.TestRequest.Path != testAudience+"/me" {
		t.Errorf("saved profile: %+v", p)
	}
	v := plainView(m)
	if !strings.Contains(v, "saved profile acme") || !strings.Contains(v, "acme.yaml") ||
		!strings.Contains(v, "no secret was written") {
		t.Errorf("the status does not say where it went:\n%s", v)
	}
}

func TestSave_PlainTextNeedsAnExplicitChoice(t *testing.T) {
	store := profiles.Store{Dir: t.TempDir()}
	m := typeText(t, ctrlS(t, walkWithStore(t, store)), "acme")
	m = press(t, m, "tab", "down", "down", "down") // where: env → file → keyring → plain
	if m.save.choice() != choicePlain {
		t.Fatalf("choice %d, want plain", m.save.choice())
	}
	m, saved := submit(t, m)
	if saved || m.save.confirm != "plain" || !strings.Contains(plainView(m), "enter again") {
		t.Fatalf("plain text was saved without a confirmation")
	}
	m = press(t, m, "up", "down") // moving away forgets the confirmation
	if _, saved = submit(t, m); saved {
		t.Fatalf("a confirmation survived a change of choice")
	}
	m, _ = submit(t, m)
	if m, saved = submit(t, m); !saved {
		t.Fatalf("the confirmed plain choice did not save: %v", m.save.err)
	}
	p, _ := store.Load("acme")
	if p.ClientSecret != testSecret {
		t.Errorf("client_secret: got %q, want the secret itself, as chosen", p.ClientSecret)
	}
}

func TestSave_FileStoresTheSecretApart(t *testing.T) {
	store := profiles.Store{Dir: filepath.Join(t.TempDir(), "profiles")}
	m := typeText(t, ctrlS(t, walkWithStore(t, store)), "acme")
	m = press(t, m, "tab", "down")
	m, saved := submit(t, m)
	if !saved || m.screen != screenWalk {
		t.Fatalf("not saved: %v", m.save.err)
	}
	mustNotContain(t, "profile file", readProfileFile(t, store, "acme"), testSecret, testAPIKey)
	p, _ := store.Load("acme")
	path := filepath.Join(store.SecretsDir(), "acme")
	if p.ClientSecret != "file:"+path {
		t.Fatalf("client_secret: got %q, want file:%s", p.ClientSecret, path)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("secret file: %v %v", info, err)
	}
	if got, _ := profiles.Resolve(t.Context(), p.ClientSecret, nil); got != testSecret {
		t.Errorf("the file reference does not resolve to the secret")
	}
}

func TestSave_KeepsTheLoadedReference(t *testing.T) {
	store := profiles.Store{Dir: t.TempDir()}
	t.Setenv("ACME_SECRET", testSecret)
	src := profiles.Profile{Name: "acme", Issuer: testIssuer, ClientID: "demo-client", ClientSecret: "env:ACME_SECRET",
		AuthMethod: flows.AuthBasic, APIHeaders: map[string]string{"X-Api-Key": "env:ACME_KEY"}}
	saveProfileFile(t, store, src)
	t.Setenv("ACME_KEY", testAPIKey)
	opts, err := ProfileOptions(t.Context(), src)
	if err != nil {
		t.Fatal(err)
	}
	opts.Store, opts.Now = &store, testOptions().Now
	m := ctrlS(t, update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40}))
	if m.save.profileName() != "acme" || m.save.choice() != choiceKeep {
		t.Fatalf("dialog: name %q choice %d, want acme and keep", m.save.profileName(), m.save.choice())
	}
	if !strings.Contains(plainView(m), "API header X-Api-Key: keeps env:ACME_KEY") {
		t.Errorf("the dialog does not say the header reference is kept:\n%s", plainView(m))
	}
	m, saved := submit(t, m)
	if !saved {
		t.Fatalf("not saved: %v", m.save.err)
	}
	p, _ := store.Load("acme")
	if p.ClientSecret != "env:ACME_SECRET" || p.APIHeaders["X-Api-Key"] != "env:ACME_KEY" {
		t.Errorf("references not kept: %q %q", p.ClientSecret, p.APIHeaders["X-Api-Key"])
	}
}

func TestSave_ErrorsStayInTheDialog(t *testing.T) {
	store := profiles.Store{Dir: t.TempDir()}
	m := ctrlS(t, walkWithStore(t, store))
	if m, saved := submit(t, m); saved || m.save.err == nil || m.screen != screenSave {
		t.Errorf("an empty name was accepted")
	}
	m = typeText(t, m, "acme")
	m = press(t, m, "tab", "down", "down") // keyring
	m, _ = updateCmd(t, m, keyMsg("enter"))
	keyringErr := &profiles.RefError{Ref: "keyring:acme", Err: profiles.ErrKeyringUnavailable}
	m = update(t, m, profileSavedMsg{err: errors.New("client secret: " + keyringErr.Error())})
	if m.screen != screenSave || !strings.Contains(plainView(m), "no system keyring") {
		t.Errorf("a keyring failure left the dialog:\n%s", plainView(m))
	}
	m = press(t, m, "esc")
	if m.screen != screenWalk {
		t.Errorf("esc did not cancel the dialog")
	}
}

func TestSave_AnotherProfileIsNotReplacedSilently(t *testing.T) {
	store := profiles.Store{Dir: t.TempDir()}
	saveProfileFile(t, store, profiles.Profile{Name: "acme", Issuer: "https://other.example"})
	m := typeText(t, ctrlS(t, walkWithStore(t, store)), "acme")
	m, _ = submit(t, m)
	if m.screen != screenSave || m.save.confirm != "replace" {
		t.Fatalf("an existing profile was replaced without asking")
	}
	if m, saved := submit(t, m); !saved || m.screen != screenWalk {
		t.Fatalf("the confirmed replace did not save")
	}
	if p, _ := store.Load("acme"); p.Issuer != testIssuer {
		t.Errorf("issuer: got %q", p.Issuer)
	}
}

func TestSave_CtrlSWorksInAField(t *testing.T) {
	store := profiles.Store{Dir: t.TempDir()}
	m := press(t, walkWithStore(t, store), "3", "tab")
	if !m.editing() {
		t.Fatal("not in a field")
	}
	if m = ctrlS(t, m); m.screen != screenSave {
		t.Errorf("ctrl+s in a field did not open the dialog")
	}
}

// TestSave_TemplateWithoutSecretKeepsItsReference: a template opened with
// its secret unset, saved without typing one, keeps the template's
// reference.
func TestSave_TemplateWithoutSecretKeepsItsReference(t *testing.T) {
	os.Unsetenv("KEYCLOAK_CLIENT_SECRET")
	store := profiles.Store{Dir: t.TempDir()}
	m := newPickerModel(t, store, 120, 40)
	m = chooseEntry(t, press(t, typeFilter(t, m, "keycloak"), "enter"))
	m = typeText(t, m, "https://kc.example/realms/r") // focus starts in the emptied issuer field
	m = typeText(t, ctrlS(t, press(t, m, "esc")), "kc")
	if !strings.Contains(plainView(m), "keeps env:KEYCLOAK_CLIENT_SECRET") {
		t.Errorf("the dialog does not say the reference is kept:\n%s", plainView(m))
	}
	m, saved := submit(t, m)
	if !saved {
		t.Fatalf("not saved: %v", m.save.err)
	}
	p, _ := store.Load("kc")
	if p.ClientSecret != "env:KEYCLOAK_CLIENT_SECRET" || p.Issuer != "https://kc.example/realms/r" {
		t.Errorf("saved: client_secret %q issuer %q", p.ClientSecret, p.Issuer)
	}
}

// TestSave_RevealedSecretsStayOffTheNewScreens: even with secrets
// revealed (s), the save dialog and the picker never draw a secret.
func TestSave_RevealedSecretsStayOffTheNewScreens(t *testing.T) {
	store := profiles.Store{Dir: t.TempDir()}
	saveProfileFile(
		t,
		store,
		profiles.Profile{Name: "legacy", TokenURL: "https://legacy.example/token", ClientSecret: plainSecret},
	)
	m := press(t, walkWithStore(t, store), "s")
	if !strings.Contains(viewText(m), testSecret) && !strings.Contains(viewText(press(t, m, "2")), testSecret) {
		t.Fatalf("reveal does not show the secret on the walk, so this test proves nothing")
	}
	d := typeText(t, ctrlS(t, m), "acme")
	d = press(t, d, "tab", "down", "down", "down", "enter") // plain text, asking to confirm
	mustNotContain(t, "save dialog", viewText(d), testSecret, testAPIKey)
	p, cmd := updateCmd(t, m, keyMsg("p"))
	p = update(t, p, findMsg[profilesListedMsg](cmd))
	mustNotContain(t, "picker", viewText(p), testSecret, plainSecret)
}
