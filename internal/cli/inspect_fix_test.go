package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestInspect_IntrospectionOnAnotherHostWarns: the profile's discovery
// names an introspection endpoint on another host (port) than the
// issuer's: inspect --introspect says so on stderr before it sends the
// client's credentials there (T1), and --json lists the warning.
func TestInspect_IntrospectionOnAnotherHostWarns(t *testing.T) {
	var hits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"active":true}`))
	}))
	t.Cleanup(other.Close)
	var as *httptest.Server
	as = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"issuer": as.URL, "token_endpoint": as.URL + "/token",
			"jwks_uri": as.URL + "/jwks", "introspection_endpoint": other.URL + "/introspect"})
	}))
	t.Cleanup(as.Close)
	home := t.TempDir()
	env := []string{"S=inspect-secret-0123456789", "T=" + strings.Repeat("b3BhcXVl", 5)}
	wantCode(t, runIn(t, home, env, "profiles", "new", "elsewhere", "--issuer", as.URL, "--client-id", "cid",
		"--client-secret", "env:S"), 0)
	for _, extra := range [][]string{nil, {"--json"}} {
		args := append([]string{"inspect", "env:T", "-p", "elsewhere", "--introspect"}, extra...)
		r := runCLI(t, append([]string{"XDG_CONFIG_HOME=" + home}, env...), "", args...)
		if !strings.Contains(r.stderr, "warning: the introspection endpoint is on") ||
			!strings.Contains(r.stderr, "not on the issuer's host") {
			t.Errorf("%v: no warning on stderr:\n%s", extra, r.stderr)
		}
		if extra != nil && !strings.Contains(r.stdout, `"warnings"`) {
			t.Errorf("--json lacks the warnings:\n%s", r.stdout)
		}
		if strings.Contains(r.stdout+r.stderr, "inspect-secret-0123456789") {
			t.Errorf("the client secret shows:\n%s\n%s", r.stdout, r.stderr)
		}
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("%d introspection requests, want 2 (the CLI warns, then sends, as token does)", n)
	}
}

// TestInspect_LiteralTokenWarns: a token given on the command line itself,
// not as a reference, draws the literal-secret warning (DESIGN.md); a
// reference or stdin does not, nor a literal that holds no secret.
func TestInspect_LiteralTokenWarns(t *testing.T) {
	tok := strings.Repeat("b3BhcXVl", 5)
	const warn = "is the secret itself, not a reference"
	if r := runCLI(t, nil, "", "inspect", tok); !strings.Contains(r.stderr, warn) || strings.Contains(r.stderr, tok) {
		t.Errorf("a literal token: stderr %q", r.stderr)
	}
	for name, r := range map[string]result{
		"env:T":    runCLI(t, []string{"T=" + tok}, "", "inspect", "env:T"),
		"stdin":    runCLI(t, nil, tok, "inspect", "-"),
		"no token": runCLI(t, nil, "", "inspect", `{"error":"invalid_client"}`),
	} {
		if strings.Contains(r.stderr, warn) {
			t.Errorf("%s: stderr %q", name, r.stderr)
		}
	}
}

// TestInspect_BasicCredential: a pasted Basic credential is the client's
// id and secret (S5): the id shown, the secret never, exit 0.
func TestInspect_BasicCredential(t *testing.T) {
	r := runCLI(t, nil, "Authorization: Basic bXljbGllbnQ6U3VwZXJTZWNyZXQxMjM0NTY=", "inspect", "-", "--json")
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, `"kind": "basic"`) || !strings.Contains(r.stdout, "myclient") ||
		strings.Contains(r.stdout+r.stderr, "SuperSecret123456") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
}
