package ui

import (
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauthlens/oauthlens/profiles"
)

// createCase is a step 2 screen of client creation; once says whether
// the new secret is meant to be on it (shown once, not stored).
type createCase struct {
	name  string
	once  bool
	build func(t testing.TB) Model
}

func createCases() []createCase {
	registerForm := func(w, h int) func(testing.TB) Model {
		return func(t testing.TB) Model {
			m := press(t, newTestModel(t, w, h), "enter")
			d := discoveredOK(m.seq)
			d.disc.Metadata.RegistrationEndpoint = testIssuer + "/register"
			return press(t, update(t, m, d), "2", "right", "tab")
		}
	}
	created := func(w, h int, ref string, err error) func(testing.TB) Model {
		return func(t testing.TB) Model {
			m := press(t, toAdminMode(t, newCreateModel(t, w, h, &profiles.Store{Dir: goldenStoreDir})), "enter")
			return update(t, m, adminCreated(m.seq, ref, err))
		}
	}
	refused := func(t testing.TB) Model {
		m := press(t, toAdminMode(t, newCreateModel(t, 120, 40, nil)), "enter")
		return update(t, m, adminRefused(m.seq))
	}
	storeErr := errors.New("keyring: the Secret Service is not running")
	return []createCase{
		{"register_form", false, registerForm(120, 40)},
		{"small_register_form", false, registerForm(80, 24)},
		{"admin_form", false, func(t testing.TB) Model { return toAdminMode(t, newCreateModel(t, 120, 40, nil)) }},
		{"created", false, created(120, 40, storedRef(), nil)},
		{"small_created", false, created(80, 24, storedRef(), nil)},
		{"store_failed", true, created(120, 40, "", storeErr)},
		{"small_store_failed", true, created(80, 24, "", storeErr)},
		{"shown_once", true, created(120, 40, "", nil)},
		{"admin_refused", false, refused},
	}
}

func TestGoldenCreate(t *testing.T) {
	for _, tc := range createCases() {
		t.Run(tc.name, func(t *testing.T) {
			golden.RequireEqual(t, ansi.Strip(viewText(tc.build(t))))
		})
	}
}

// TestCreateSecrets: the admin token, the old secret and the new one never
// show, except the new secret on a panel that shows it once.
func TestCreateSecrets(t *testing.T) {
	for _, tc := range createCases() {
		m := tc.build(t)
		v := viewText(m)
		mustNotContain(t, tc.name, v, testSecret, testAdminTok, testRegToken)
		if !tc.once {
			mustNotContain(t, tc.name, v, newSecret)
		} else if !strings.Contains(v, newSecret) {
			t.Errorf("%s: the secret to be shown once is not on screen", tc.name)
		}
		for _, ex := range m.timeline.exs {
			text := strings.Join(formatExchange(m.c.styles, ex, false, 100), "\n")
			mustNotContain(t, tc.name+" exchange", text, newSecret, testAdminTok)
			mustNotContain(t, tc.name+" timeline row", strings.Join(m.timeline.rows, "\n"), newSecret, testAdminTok)
		}
		m = press(t, m, "2", "s", "s") // reveal and mask again: the field stays masked
		if !tc.once {
			mustNotContain(t, tc.name+" after s s", viewText(m), newSecret, testAdminTok)
		}
	}
}

func TestCreateViewsFitTheWindow(t *testing.T) {
	for _, tc := range createCases() {
		m := tc.build(t)
		checkFits(t, tc.name, m)
	}
}
