package ui

import (
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauthlens/oauthlens/flows"
	"github.com/oauthlens/oauthlens/profiles"
)

// unresolvedProfile is a saved profile whose client secret and API key
// are environment variables that are not set.
func unresolvedProfile(t *testing.T) profiles.Profile {
	t.Helper()
	for _, v := range []string{"OAUTHLENS_TEST_UNSET_SECRET", "OAUTHLENS_TEST_UNSET_KEY"} {
		os.Unsetenv(v)
	}
	return profiles.Profile{
		Name:         "flo",
		Issuer:       testIssuer,
		ClientID:     "demo-client",
		ClientSecret: "env:OAUTHLENS_TEST_UNSET_SECRET",
		AuthMethod:   flows.AuthBasic,
		APIBaseURL:   testAudience,
		TestRequest:  profiles.Request{Method: "GET", Path: "/me"},
		APIHeaders:   map[string]string{"X-Api-Key": "env:OAUTHLENS_TEST_UNSET_KEY"},
	}
}

// TestProfileOptions_UnresolvedSecretsOpenTheWalk is `oauthlens -p flo`
// with the secret and the API key unset: the walk opens with the rest, the
// status line and steps 2 and 4 say what did not resolve, step 2 does not
// pass until a secret is typed, and the call does not go out without the
// header.
func TestProfileOptions_UnresolvedSecretsOpenTheWalk(t *testing.T) {
	o, err := ProfileOptions(t.Context(), unresolvedProfile(t))
	if err != nil {
		t.Fatalf("got %v, want the options with the unresolved secrets listed", err)
	}
	if o.ClientSecret != "" || o.ClientID != "demo-client" || len(o.SecretErrors) != 2 {
		t.Fatalf("options: secret %q, id %q, %d secret errors", o.ClientSecret, o.ClientID, len(o.SecretErrors))
	}
	o.Now = testOptions().Now
	m := update(t, New(o), tea.WindowSizeMsg{Width: 120, Height: 40})
	if !m.statusErr ||
		!strings.Contains(
			m.status,
			"client secret: env:OAUTHLENS_TEST_UNSET_SECRET: the variable is not set; type it in step 2",
		) ||
		!strings.Contains(m.status, "header X-Api-Key: env:OAUTHLENS_TEST_UNSET_KEY") {
		t.Errorf("status: got %q", m.status)
	}
	m = press(t, m, "2")
	if v := plainView(m); !strings.Contains(v, "✗ Client secret not resolved:") ||
		!strings.Contains(v, "env:OAUTHLENS_TEST_UNSET_SECRET: the variable is not set") ||
		!strings.Contains(v, "Client secret  not resolved: type it") {
		t.Errorf("step 2 does not say the secret did not resolve:\n%s", v)
	}
	m = press(t, m, "enter")
	if m.client.state != stateFailed ||
		!strings.Contains(plainView(m), "no client secret: env:OAUTHLENS_TEST_UNSET_SECRET") {
		t.Errorf("step 2 passed without a secret:\n%s", plainView(m))
	}
	m = press(t, typeText(t, press(t, m, "tab", "down"), "typed-secret"), "esc")
	if strings.Contains(plainView(m), "not resolved") {
		t.Errorf("the note stays after a secret was typed:\n%s", plainView(m))
	}
	if m = press(t, m, "enter"); m.client.state != stateOK || m.client.secret() != "typed-secret" {
		t.Errorf("step 2 with a typed secret: state %d: %v", m.client.state, m.client.err)
	}
	m = press(t, m, "4")
	if v := plainView(m); !strings.Contains(v, "✗ X-Api-Key not resolved: env:OAUTHLENS_TEST_UNSET_KEY") ||
		!strings.Contains(v, "X-Api-Key  not resolved: type it") {
		t.Errorf("step 4 does not say the header did not resolve:\n%s", v)
	}
	if err := m.call.check(); err == nil || !strings.Contains(err.Error(), "no value for the header X-Api-Key") {
		t.Errorf("the call would go out without the header: %v", err)
	}
}

// TestPicker_UnresolvedSecretOpensTheWalk: a saved profile chosen in the
// picker opens as with -p.
func TestPicker_UnresolvedSecretOpensTheWalk(t *testing.T) {
	store := profiles.Store{Dir: t.TempDir()}
	saveProfileFile(t, store, unresolvedProfile(t))
	m := chooseEntry(t, newPickerModel(t, store, 120, 40))
	if m.screen != screenWalk || m.title != "flo" || m.client.secret() != "" {
		t.Fatalf("screen %d title %q: want the walk of flo, its secret empty (%v)", m.screen, m.title, m.picker.err)
	}
	if v := plainView(m); !strings.Contains(v, "client secret: env:OAUTHLENS_TEST_UNSET_SECRET") {
		t.Errorf("the status line does not name the secret:\n%s", v)
	}
}
