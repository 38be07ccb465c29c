package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
)

// runIn runs the binary with a fixed config home, so profiles persist
// between runs of one test.
func runIn(t *testing.T, home string, env []string, args ...string) result {
	t.Helper()
	return runCLI(t, append([]string{"XDG_CONFIG_HOME=" + home}, env...), "", args...)
}

func TestProfiles_NewListShowTokenRm(t *testing.T) {
	iss := startDemo(t)
	home := t.TempDir()
	r := runIn(
		t,
		home,
		nil,
		"profiles",
		"new",
		"local",
		"--issuer",
		iss,
		"--client-id",
		demo.ClientID,
		"--client-secret",
		"env:DEMO_SECRET",
		"--api-base-url",
		iss,
		"--test",
		"GET /api/me",
		"-H",
		"X-Api-Key: env:API_KEY",
	)
	wantCode(t, r, 0)
	file := filepath.Join(home, "oauthlens", "profiles", "local.yaml")
	st, err := os.Stat(file)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("profile file %s: %v, mode %v; want 0600", file, err, st.Mode())
	}
	env := append(demoSecretEnv, "API_KEY=Api-Key-Value-123")
	tok := runIn(t, home, env, "token", "-p", "local", "-v")
	wantCode(t, tok, 0)
	call := runIn(t, home, env, "call", "-p", "local", "-v")
	wantCode(t, call, 0)
	if !strings.Contains(call.stdout, "Hello from the oauthlens demo API") {
		t.Errorf("call -p printed %q", call.stdout)
	}
	list := runIn(t, home, nil, "profiles", "list")
	show := runIn(t, home, nil, "profiles", "show", "local")
	saved, _ := os.ReadFile(file)
	for name, text := range map[string]string{"token -v": tok.stderr, "call -v": call.stderr, "list": list.stdout, "show": show.stdout, "file": string(saved)} {
		for _, s := range []string{demo.ClientSecret, "Api-Key-Value-123"} {
			if strings.Contains(text, s) {
				t.Errorf("%s shows the secret %q:\n%s", name, s, text)
			}
		}
	}
	if !strings.Contains(list.stdout, "environment variable DEMO_SECRET") {
		t.Errorf("list does not say where the secret lives:\n%s", list.stdout)
	}
	wantCode(t, runIn(t, home, nil, "profiles", "rm", "local"), 0)
	wantCode(t, runIn(t, home, env, "token", "-p", "local"), 2)
}

func TestProfiles_LiteralSecretIsRefusedOrFlagged(t *testing.T) {
	home := t.TempDir()
	r := runIn(
		t,
		home,
		nil,
		"profiles",
		"new",
		"p1",
		"--token-url",
		"https://example.com/token",
		"--client-id",
		"x",
		"--client-secret",
		"hunter2-secret",
	)
	wantCode(t, r, 2)
	r = runIn(
		t,
		home,
		nil,
		"profiles",
		"new",
		"p1",
		"--token-url",
		"https://example.com/token",
		"--client-id",
		"x",
		"--client-secret",
		"hunter2-secret",
		"--store-plain-secret",
	)
	wantCode(t, r, 0)
	show := runIn(t, home, nil, "profiles", "show", "p1")
	if strings.Contains(show.stdout, "hunter2-secret") {
		t.Errorf("show prints a plain-text secret:\n%s", show.stdout)
	}
	if !strings.Contains(show.stdout, "plain text") {
		t.Errorf("show does not flag the plain-text secret:\n%s", show.stdout)
	}
	list := runIn(t, home, nil, "profiles", "list", "--json")
	var got []map[string]any
	if err := json.Unmarshal([]byte(list.stdout), &got); err != nil || len(got) != 1 {
		t.Fatalf("list --json: %v\n%s", err, list.stdout)
	}
	if !strings.Contains(got[0]["secret"].(string), "PLAIN TEXT") {
		t.Errorf("got secret %q, want it flagged as plain text", got[0]["secret"])
	}
}

func TestProfiles_FromTemplateAndTemplates(t *testing.T) {
	home := t.TempDir()
	r := runIn(t, home, nil, "templates")
	wantCode(t, r, 0)
	for _, name := range []string{"workfloplus", "apiture", "percolate", "floriday-staging", "floriday-live", "okta", "auth0", "entra", "keycloak", "demo"} {
		if !strings.Contains(r.stdout, name) {
			t.Errorf("templates does not list %s", name)
		}
	}
	r = runIn(
		t,
		home,
		nil,
		"profiles",
		"new",
		"flo",
		"--template",
		"floriday-staging",
		"--client-secret",
		"env:FLO_SECRET",
	)
	wantCode(t, r, 0)
	show := runIn(t, home, nil, "profiles", "show", "flo", "--json")
	var got map[string]any
	if err := json.Unmarshal([]byte(show.stdout), &got); err != nil {
		t.Fatalf("show --json: %v\n%s", err, show.stdout)
	}
	if got["issuer"] != "https://idm.staging.floriday.io/oauth2/ausmw6b47z1BnlHkw0h7" ||
		got["client_secret"] != "env:FLO_SECRET" {
		t.Errorf("got %v", got)
	}
	wantCode(t, runIn(t, home, nil, "profiles", "new", "flo", "--template", "floriday-staging"), 2)
	wantCode(t, runIn(t, home, nil, "profiles", "new", "x", "--template", "nope"), 2)
	wantCode(t, runIn(t, home, nil, "token", "-p", "apiture"), 2)
}
