package cli

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
)

// TestToken_Probe: a refused client gets the hint to use --probe; with it,
// the probes run (shown with -v, labelled) and their conclusion comes
// first; no output shows the secret.
func TestToken_Probe(t *testing.T) {
	iss := startDemoFaults(t, "wrong-secret")
	r := runCLI(t, demoSecretEnv, "", tokenArgs(iss)...)
	wantCode(t, r, 1)
	wantAll(t, r.stderr, "run again with --probe")
	if strings.Contains(r.stderr, "probe: client_secret_post") {
		t.Errorf("probes ran without --probe:\n%s", r.stderr)
	}
	r = runCLI(t, demoSecretEnv, "", tokenArgs(iss, "--probe", "-v")...)
	wantCode(t, r, 1)
	wantAll(t, r.stderr, "Both methods refused → the client id or secret is wrong, or the client is disabled",
		"probe: client_secret_post → HTTP 401", "(probe.credentials_wrong)")
	if i, j := strings.Index(r.stderr, "Both methods refused"), strings.Index(r.stderr, "(token.invalid_client)"); i > j {
		t.Errorf("the conclusion is not first:\n%s", r.stderr)
	}
	for _, out := range []string{r.stdout, r.stderr} {
		if strings.Contains(out, demo.ClientSecret) {
			t.Errorf("the secret leaked:\n%s", out)
		}
	}
}

// TestToken_BasicEncodingRaw: --basic-encoding raw gets a token from a
// server that reads Basic credentials raw; form (the default) does not.
func TestToken_BasicEncodingRaw(t *testing.T) {
	iss := startDemoFaults(t, "basic-raw-only")
	env := []string{"RAW_SECRET=" + demo.RawClientSecret}
	args := []string{"token", "--issuer", iss, "--client-id", demo.RawClientID, "--client-secret", "env:RAW_SECRET"}
	wantCode(t, runCLI(t, env, "", args...), 1)
	r := runCLI(t, env, "", append(args, "--basic-encoding", "raw")...)
	wantCode(t, r, 0)
	if strings.Contains(r.stderr, demo.RawClientSecret) {
		t.Errorf("the secret leaked:\n%s", r.stderr)
	}
	wantCode(t, runCLI(t, env, "", append(args, "--basic-encoding", "latin1")...), 2)
}

// TestToken_EmptyScopeOverridesTheProfile: --scope "" asks for no scope
// even when the profile has scopes (issue 12, item 3: the advised
// `--scope ""` did nothing).
func TestToken_EmptyScopeOverridesTheProfile(t *testing.T) {
	iss := startDemoFaults(t, "unknown-scope")
	home := t.TempDir()
	wantCode(t, runIn(t, home, nil, "profiles", "new", "local", "--issuer", iss, "--client-id", demo.ClientID,
		"--client-secret", "env:DEMO_SECRET", "--scope", "api:read api:write"), 0)
	wantCode(t, runIn(t, home, demoSecretEnv, "token", "-p", "local"), 1)
	r := runIn(t, home, demoSecretEnv, "token", "-p", "local", "--scope", "", "-v")
	wantCode(t, r, 0)
	if strings.Contains(r.stderr, "scope=api") {
		t.Errorf("a scope was asked for:\n%s", r.stderr)
	}
}

// TestToken_SaysFewerScopesWereGranted (issue 12, item 3).
func TestToken_SaysFewerScopesWereGranted(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(
			[]byte(`{"access_token":"opaque-token-value","token_type":"Bearer","expires_in":60,"scope":"read"}`),
		)
	}))
	defer ts.Close()
	r := runCLI(
		t,
		demoSecretEnv,
		"",
		"token",
		"--token-url",
		ts.URL,
		"--client-id",
		"c",
		"--client-secret",
		"env:DEMO_SECRET",
		"--scope",
		"read write",
	)
	wantCode(t, r, 0)
	wantAll(t, r.stderr, "write not granted", "token.scope_reduced")
}

// TestDecode_EncryptedTokenJSON: decode --json of a JWE prints the
// promised {"opaque": true, …} and exits 0 (issue 12, item 11).
func TestDecode_EncryptedTokenJSON(t *testing.T) {
	jwe := "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9k" +
		".48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji.XFBoMYUZodetZdvTiFvSkQ"
	r := runCLI(t, nil, jwe, "decode", "--json")
	wantCode(t, r, 0)
	wantAll(t, r.stdout, `"opaque": true`, `"encrypted": true`, "introspection")
}
