package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

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
