package cli

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/profiles"
)

// TestTemplates_UserFlowsRoundTrip: `templates` lists the user-flow
// templates with their grant, and `profiles new NAME --template T` saves
// each one's grant, redirect URI, device endpoint, scopes, audience and
// public-client method, naming what to fill in.
func TestTemplates_UserFlowsRoundTrip(t *testing.T) {
	home := t.TempDir()
	r := runIn(t, home, nil, "templates", "--json")
	wantCode(t, r, 0)
	var list []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("templates --json: %v\n%s", err, r.stdout)
	}
	grants := map[string]any{}
	for _, e := range list {
		grants[e["name"].(string)] = e["grant"]
	}
	for _, name := range []string{"entra-user", "auth0-user", "okta-user", "keycloak-user", "github-device"} {
		want, _ := profiles.Template(name)
		if grants[name] != want.Grant {
			t.Errorf("templates --json: %s grant %v, want %s", name, grants[name], want.Grant)
		}
		saved := "my-" + name
		r := runIn(t, home, nil, "profiles", "new", saved, "--template", name)
		wantCode(t, r, 0)
		if !strings.Contains(r.stdout, "Fill in before use:") || !strings.Contains(r.stdout, "client_id") {
			t.Errorf("%s: the placeholders are not named:\n%s", name, r.stdout)
		}
		show := runIn(t, home, nil, "profiles", "show", saved, "--json")
		wantCode(t, show, 0)
		var got map[string]any
		if err := json.Unmarshal([]byte(show.stdout), &got); err != nil {
			t.Fatalf("%s: show --json: %v\n%s", name, err, show.stdout)
		}
		for key, val := range map[string]string{"grant": want.Grant, "redirect_uri": want.RedirectURI,
			"device_url": want.DeviceURL, "audience": want.Audience, "auth_method": "none",
			"issuer": want.Issuer, "token_url": want.TokenURL} {
			if s, _ := got[key].(string); s != val {
				t.Errorf("%s: %s = %q, want %q", name, key, s, val)
			}
		}
		var scopes []string
		for _, s := range got["scopes"].([]any) {
			scopes = append(scopes, s.(string))
		}
		if !slices.Equal(scopes, want.Scopes) {
			t.Errorf("%s: scopes %v, want %v", name, scopes, want.Scopes)
		}
	}
}
