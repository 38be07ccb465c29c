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
	"github.com/oauthlens/oauthlens/walk"
)

// The new client of the pure creation tests.
const (
	newClientID   = "6f1c2a9e-0b7d-4c55-9e21-a1b2c3d4e5f6"
	newSecret     = "new-s3cret-VALUE-shown-once"
	testAdminTok  = "admin-TOKEN-never-shown"
	testRegToken  = "reg-TOKEN-never-shown"
	testAdminPath = "/api/client/"
)

// createOptions are the test options with a profile that has an admin
// client-creation template, and a store.
func createOptions(store *profiles.Store) Options {
	opts := testOptions()
	p := profiles.Profile{Name: "acme", Issuer: testIssuer, ClientID: "demo-client", ClientSecret: "env:ACME_SECRET",
		ClientCreation: &profiles.ClientTemplate{
			Method:           "POST",
			URL:              testIssuer + testAdminPath,
			BearerToken:      "env:ACME_ADMIN_TOKEN",
			Body:             `{"name": "{{name}}", "scopes": {{scopes}}, "permissions": {{permissions}}}`,
			ClientIDPath:     "client.clientId",
			ClientSecretPath: "newSecret",
			Permissions:      []string{"admin"},
		}}
	opts.Profile, opts.Store = &p, store
	return opts
}

func newCreateModel(t testing.TB, w, h int, store *profiles.Store) Model {
	t.Helper()
	return update(t, New(createOptions(store)), tea.WindowSizeMsg{Width: w, Height: h})
}

// toAdminMode goes to step 2's admin API form, the token field filled as
// the resolved reference would fill it, and names the client.
func toAdminMode(t testing.TB, m Model) Model {
	t.Helper()
	m, cmd := updateCmd(t, press(t, m, "2"), keyMsg("right"))
	if m.client.mode != modeRegister {
		t.Fatalf("→: mode %d, want register", m.client.mode)
	}
	if cmd != nil {
		t.Fatalf("→ to register resolves something")
	}
	m, cmd = updateCmd(t, m, keyMsg("right"))
	if m.client.mode != modeAdmin || cmd == nil {
		t.Fatalf("→→: mode %d, cmd %v; want admin and the bearer_token resolved", m.client.mode, cmd)
	}
	m = update(t, m, adminTokenMsg{ref: "env:ACME_ADMIN_TOKEN", token: testAdminTok})
	m = press(t, m, "tab") // the client name
	return press(t, typeText(t, m, "scheduler"), "esc")
}

// adminCreated is the answer to an admin API creation, as createClientCmd
// sends it once the secret went to ref (or failed to, with storeErr).
func adminCreated(seq int, ref string, storeErr error) clientCreatedMsg {
	body := `{"name": "scheduler", "scopes": ["api:read","api:write"], "permissions": ["admin"]}`
	resp := `{"client":{"clientId":"` + newClientID + `","name":"scheduler"},"newSecret":"` + newSecret + `"}`
	ex := exchange("client creation", "POST", testIssuer+testAdminPath, 200, []flows.HeaderField{
		{
			Name:  "Content-Type",
			Value: "application/json",
		}, {Name: "Authorization", Value: "Bearer " + testAdminTok}}, body, resp)
	ex.Secrets = []flows.Secret{{Name: "ADMIN_TOKEN", Value: testAdminTok}, {Name: "CLIENT_SECRET", Value: newSecret}}
	kept := profiles.OneTime{Field: "client_secret", Value: newSecret, Ref: ref, Err: storeErr}
	return clientCreatedMsg{
		seq:    seq,
		exs:    []flows.Exchange{ex},
		kept:   []profiles.OneTime{kept},
		choice: profiles.SecretStoreFile,
		client: walk.Created{Kind: walk.CreateVendor, Endpoint: testIssuer + testAdminPath, Name: "scheduler",
			ClientID: newClientID, Secret: newSecret, AuthMethod: flows.AuthBasic, Scope: "api:read api:write"},
	}
}

func storedRef() string {
	return "file:" + filepath.Join(filepath.Dir(goldenStoreDir), "secrets", newClientID)
}

func TestClientModes_Availability(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "2")
	for _, mode := range []clientMode{modeRegister, modeAdmin} {
		if ok, why := m.client.available(mode); ok || why == "" {
			t.Errorf("mode %d without registration_endpoint or template: available %v, reason %q", mode, ok, why)
		}
	}
	if m.client.canCreate() {
		t.Errorf("nothing to create with, but the mode keys are offered")
	}
	m = press(t, m, "1", "enter")
	d := discoveredOK(m.seq)
	d.disc.Metadata.RegistrationEndpoint = testIssuer + "/register"
	m = press(t, update(t, m, d), "2")
	if ok, _ := m.client.available(modeRegister); !ok {
		t.Errorf("discovery found registration_endpoint, but register is not available")
	}
	m = newCreateModel(t, 120, 40, nil)
	if ok, _ := m.client.available(modeAdmin); !ok {
		t.Errorf("the profile has client_creation, but the admin API is not available")
	}
	m = press(t, m, "2", "right", "right", "right")
	if m.client.mode != modeExisting {
		t.Errorf("→ three times: mode %d, want existing again", m.client.mode)
	}
	m = press(t, m, "left")
	if m.client.mode != modeAdmin {
		t.Errorf("←: mode %d, want admin", m.client.mode)
	}
}

func TestCreate_UnavailableModeExplains(t *testing.T) {
	m := press(t, newTestModel(t, 120, 40), "2", "right", "enter")
	if m.client.state != stateFailed || m.running >= 0 {
		t.Fatalf("register without registration_endpoint: state %d, running %d", m.client.state, m.running)
	}
	if v := viewText(m); !strings.Contains(v, "registration_endpoint") {
		t.Errorf("the failure does not say why:\n%s", v)
	}
}

func TestCreate_AdminTokenReference(t *testing.T) {
	m := press(t, newCreateModel(t, 120, 40, nil), "2", "right", "right")
	m = update(t, m, adminTokenMsg{ref: "env:ACME_ADMIN_TOKEN", err: errors.New("the variable is not set")})
	if got := m.client.form.fields[fNewToken].input.Value(); got != "" {
		t.Errorf("an unset reference filled the admin token with %q", got)
	}
	if !strings.Contains(viewText(m), "type the owner's token") {
		t.Errorf("no note that the reference did not resolve")
	}
	opts := createOptions(nil)
	opts.Demo = true
	m = press(t, update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40}), "2", "right", "right")
	m = update(t, m, adminTokenMsg{ref: "env:ACME_ADMIN_TOKEN", err: errors.New("the variable is not set")})
	if got := m.client.form.fields[fNewToken].input.Value(); got != demoAdminToken {
		t.Errorf("demo: admin token %q, want %q", got, demoAdminToken)
	}
	mustNotContain(t, "admin form", viewText(m), demoAdminToken) // masked in the field and the note
}

func TestCreate_StoreChoiceCycles(t *testing.T) {
	m := press(t, newCreateModel(t, 120, 40, nil), "2", "right", "right", "tab", "down", "down", "down")
	if m.client.focus != fNewStore {
		t.Fatalf("focus %d, want the store field", m.client.focus)
	}
	m = press(t, m, "x") // typing does nothing here
	for _, want := range []string{"keyring", "show once", "file"} {
		m = update(t, m, tea.KeyPressMsg{Code: tea.KeyRight})
		if got := m.client.form.value(fNewStore); got != want {
			t.Errorf("→: got %q, want %q", got, want)
		}
	}
	m = update(t, m, tea.KeyPressMsg{Code: tea.KeyLeft})
	if got := m.client.form.value(fNewStore); got != "show once" {
		t.Errorf("←: got %q, want show once", got)
	}
}

func TestCreate_FieldsFilledAndPanel(t *testing.T) {
	m := toAdminMode(t, newCreateModel(t, 120, 40, &profiles.Store{Dir: goldenStoreDir}))
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	if m.running != stepClient || cmd == nil {
		t.Fatalf("enter: running %d, want step 2 creating", m.running)
	}
	m = update(t, m, adminCreated(m.seq, storedRef(), nil))
	if m.client.mode != modeExisting || m.client.clientID() != newClientID || m.client.secret() != newSecret {
		t.Fatalf(
			"after creation: mode %d, id %q; want the existing form with the new client",
			m.client.mode,
			m.client.clientID(),
		)
	}
	if m.client.state != stateOK || m.current != stepClient || m.running != -1 {
		t.Errorf("after creation: state %d, step %d, running %d", m.client.state, m.current, m.running)
	}
	v := viewText(m)
	for _, want := range []string{"Client created", storedRef(), newClientID} {
		if !strings.Contains(v, want) {
			t.Errorf("the panel lacks %q", want)
		}
	}
	mustNotContain(t, "created panel", v, newSecret, testAdminTok)
	if got := m.tokenRequest(); got.ClientID != newClientID || got.ClientSecret != newSecret {
		t.Errorf("step 3 would send client %q", got.ClientID)
	}
	if got := m.keepRef(); got != storedRef() {
		t.Errorf("keepRef: got %q, want %q", got, storedRef())
	}
}

func TestCreate_StorageFailedShowsOnce(t *testing.T) {
	m := toAdminMode(t, newCreateModel(t, 120, 40, nil))
	m = press(t, m, "enter")
	m = update(t, m, adminCreated(m.seq, "", errors.New("keyring: no secret service")))
	v := viewText(m)
	for _, want := range []string{"could not be stored", "SHOWN ONCE", newSecret} {
		if !strings.Contains(v, want) {
			t.Errorf("the storage-failed panel lacks %q:\n%s", want, v)
		}
	}
	if !m.statusErr {
		t.Errorf("the status does not warn")
	}
	m, cmd := updateCmd(t, m, keyMsg("y"))
	if cmd == nil || !strings.Contains(m.status, "copied the new client secret") {
		t.Errorf("y: status %q, want the secret copied", m.status)
	}
	if m.keepRef() != "" {
		t.Errorf("keepRef %q for a secret that was not stored", m.keepRef())
	}
}

func TestCreate_CancelledAnswerWithSecretIsKept(t *testing.T) {
	m := toAdminMode(t, newCreateModel(t, 120, 40, nil))
	m = press(t, m, "enter")
	seq := m.seq
	m = press(t, m, "esc")
	m = update(t, m, adminCreated(seq, storedRef(), nil))
	if m.client.created == nil || m.client.clientID() != newClientID {
		t.Errorf("a late answer that carries a stored secret was dropped")
	}
}

func TestCreate_QuitWaitsForTheSecret(t *testing.T) {
	m := toAdminMode(t, newCreateModel(t, 120, 40, nil))
	m = press(t, m, "enter")
	m, cmd := updateCmd(t, m, keyMsg("q"))
	if cmd != nil || !strings.Contains(m.status, "being created") {
		t.Errorf("q while creating: cmd %v, status %q; want a wait", cmd, m.status)
	}
}

func TestCreate_RefusedShowsHint(t *testing.T) {
	m := toAdminMode(t, newCreateModel(t, 120, 40, nil))
	m = press(t, m, "enter")
	m = update(t, m, adminRefused(m.seq))
	v := viewText(m)
	for _, want := range []string{"Client creation failed", "401", "admin token was refused"} {
		if !strings.Contains(v, want) {
			t.Errorf("the failure lacks %q:\n%s", want, v)
		}
	}
	if m.client.mode != modeAdmin {
		t.Errorf("after a refusal the form is gone (mode %d)", m.client.mode)
	}
}

func adminRefused(seq int) clientCreatedMsg {
	body := `{"error":"invalid_token","error_description":"the admin token is not valid"}`
	ex := exchange("client creation", "POST", testIssuer+testAdminPath, 401, nil, "{}", body)
	oe := &flows.OAuthError{Step: "client creation", Code: "invalid_token", Description: "the admin token is not valid",
		StatusCode: 401, Status: "401 Unauthorized", Header: jsonHeader(), Body: []byte(body)}
	ce := &flows.CreationError{
		Err:        oe,
		NeedsToken: true,
		Hint:       "the admin token was refused (HTTP 401): it is wrong or expired",
	}
	return clientCreatedMsg{seq: seq, exs: []flows.Exchange{ex}, err: ce, client: walk.Created{Kind: walk.CreateVendor}}
}

// TestCreate_StoredBeforeTheMessage runs the real command against a fake
// admin API: when its message arrives, the secret file exists already.
func TestCreate_StoredBeforeTheMessage(t *testing.T) {
	srv := fakeAdminAPI(t)
	store := profiles.Store{Dir: filepath.Join(t.TempDir(), "profiles")}
	opts := createOptions(&store)
	opts.Profile.ClientCreation.URL = srv + testAdminPath
	m := toAdminMode(t, update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40}))
	m, cmd := updateCmd(t, m, keyMsg("enter"))
	msg, ok := findMsg[clientCreatedMsg](cmd).(clientCreatedMsg)
	if !ok || msg.err != nil {
		t.Fatalf("no creation answer: %+v", msg)
	}
	path := filepath.Join(store.SecretsDir(), newClientID)
	b, err := os.ReadFile(path)
	if err != nil || strings.TrimSpace(string(b)) != newSecret {
		t.Fatalf("when the message arrived, %s held %q (%v)", path, b, err)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}
	m = update(t, m, msg)
	if got := m.client.created.secretRef(); got != "file:"+path {
		t.Errorf("ref %q, want file:%s", got, path)
	}
	for _, ex := range m.timeline.exs {
		text := strings.Join(formatExchange(m.c.styles, ex, false, 100), "\n")
		mustNotContain(t, "exchange "+ex.Label, text, newSecret, testAdminTok)
	}
}

func TestCreate_SaveSuggestsTheClientsName(t *testing.T) {
	store := profiles.Store{Dir: filepath.Join(t.TempDir(), "profiles")}
	m := toAdminMode(t, newCreateModel(t, 120, 40, &store))
	m = press(t, m, "enter")
	m = update(t, m, adminCreated(m.seq, storedRef(), nil))
	m = update(t, m, tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	if got := m.save.profileName(); got != "scheduler" {
		t.Errorf("name %q, want the new client's name, not the profile the walk came from", got)
	}
	if m.save.choice() != choiceKeep || m.save.keepRef != storedRef() {
		t.Errorf("choice %d keepRef %q, want to keep %q", m.save.choice(), m.save.keepRef, storedRef())
	}
}

func TestCreate_RunAllGoesOnToTheToken(t *testing.T) {
	m := toAdminMode(t, newCreateModel(t, 120, 40, nil))
	m = press(t, m, "a")
	if m.running != stepClient {
		t.Fatalf("a: running %d, want step 2", m.running)
	}
	m = update(t, m, adminCreated(m.seq, storedRef(), nil))
	if m.running != stepToken || m.current != stepToken {
		t.Errorf("after the creation: running %d on step %d, want step 3 running", m.running, m.current+1)
	}
	m = press(t, toAdminMode(t, newCreateModel(t, 120, 40, nil)), "a")
	m = update(t, m, adminCreated(m.seq, "", errors.New("no keyring")))
	if m.running != -1 || m.current != stepClient {
		t.Errorf("a secret shown once: running %d on step %d, want to stay on step 2", m.running, m.current+1)
	}
}
