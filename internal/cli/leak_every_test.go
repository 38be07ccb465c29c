package cli

import (
	"net/url"
	"strings"
	"testing"

	"github.com/oauthlens/oauthlens/demo"
)

// leakSecrets are the secret values of the leak tests, by environment
// variable.
var leakSecrets = struct{ secret, wrong, apiKey, token, admin string }{
	secret: "Cl1ent+Secret/with=chars",
	wrong:  "Wr0ng+Secret/also=chars",
	apiKey: "api-key-0123456789abcdef",
	token:  "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXZhbHVl",
	admin:  "admin-token-0123456789",
}

func leakEnv() []string {
	s := leakSecrets
	return []string{"S=" + s.secret, "W=" + s.wrong, "K=" + s.apiKey, "T=" + s.token, "A=" + s.admin}
}

// leakForms are every form of every secret: raw, form-encoded, JSON-escaped
// (a "/" may be written "\/"), and the Basic credential in both encodings.
func leakForms() []string {
	s := leakSecrets
	forms := append(secretForms("cid", s.secret, s.wrong), secretForms("cid", s.wrong)...)
	forms = append(forms, s.apiKey, s.token, s.admin)
	for _, v := range []string{s.secret, s.wrong} {
		forms = append(forms, strings.ReplaceAll(v, "/", `\/`), strings.ReplaceAll(v, "+", `\u002b`))
	}
	return forms
}

// wantNoLeak fails when out shows a form of a secret.
func wantNoLeak(t *testing.T, what string, r result) {
	t.Helper()
	for _, f := range leakForms() {
		if strings.Contains(r.stdout, f) || strings.Contains(r.stderr, f) {
			t.Errorf("%s shows the secret form %q:\nstdout: %s\nstderr: %s", what, f, r.stdout, r.stderr)
		}
	}
}

// leakRuns are the commands the leak tests run against iss, beyond those of
// TestNoSecretLeaks_EchoServer: decode, discover, profiles show, register
// show, doctor --json, --curl, and the profile-driven forms.
func leakRuns(iss string) map[string][]string {
	auth := []string{"--issuer", iss, "--client-id", "cid", "--client-secret", "env:S"}
	wrong := []string{"--issuer", iss, "--client-id", "cid", "--client-secret", "env:W"}
	return map[string][]string{
		"decode":            {"decode", "env:T", "--issuer", iss, "-v"},
		"decode stdin json": {"decode", "-", "--issuer", iss, "--json", "-v"},
		"discover -v":       {"discover", iss, "-v"},
		"discover json":     {"discover", iss, "-v", "--json"},
		"discover api":      {"discover", iss + "/api/me", "-v", "--json"},
		"profiles show":     {"profiles", "show", "leaky"},
		"profiles show js":  {"profiles", "show", "leaky", "--json"},
		"register show":     {"register", "show", iss + "/register/cid", "--registration-token", "env:A", "-v"},
		"register show js":  {"register", "show", iss + "/register/cid", "--registration-token", "env:A", "--json"},
		"register":          {"register", "-v", "--issuer", iss, "--name", "x", "--initial-token", "env:A"},
		"doctor json":       append([]string{"doctor", "--json", "-v", "-H", "X-Api-Key: env:K"}, auth...),
		"doctor wrong":      append([]string{"doctor", "-v"}, wrong...),
		"token curl":        append([]string{"token", "--curl", "-v", "--scope", "api:admin"}, auth...),
		"token wrong curl":  append([]string{"token", "--curl", "-v", "--json"}, wrong...),
		"token resource":    append([]string{"token", "-v", "--resource", iss + "/api/"}, wrong...),
		"token -p":          {"token", "-p", "leaky", "-v", "--curl", "--scope", "api:admin"},
		"call -p":           {"call", "-p", "leaky", "-v", "--json"},
		"introspect wrong":  append([]string{"introspect", "-v", "--json", "env:T"}, wrong...),
		"revoke wrong":      append([]string{"revoke", "-v", "env:T"}, wrong...),
		"inspect stdin":     {"inspect", "-", "--issuer", iss, "-v"},
		"inspect -p json":   {"inspect", "env:T", "-p", "leaky", "--introspect", "-v", "--json"},
		// Pastes inspect cannot read, given as the argument itself: described, never quoted.
		"inspect curl -u":   {"inspect", "curl -u cid:" + leakSecrets.secret + " " + iss + "/token"},
		"inspect form json": {"inspect", "client_secret=" + url.QueryEscape(leakSecrets.secret) + "&grant_type=x", "--json"},
	}
}

// runLeaks saves a profile with the secret and the API key in plain text
// (the worst case for show) and runs every leakRuns command.
func runLeaks(t *testing.T, iss string) {
	home := t.TempDir()
	env := leakEnv()
	s := leakSecrets
	r := runIn(t, home, env, "profiles", "new", "leaky", "--issuer", iss, "--client-id", "cid",
		"--client-secret", s.secret, "--store-plain-secret", "--api-base-url", iss, "--test", "GET /api/me",
		"-H", "X-Api-Key: "+s.apiKey)
	wantCode(t, r, 0)
	for name, args := range leakRuns(iss) {
		r := runCLI(t, append([]string{"XDG_CONFIG_HOME=" + home}, env...), s.token, args...)
		wantNoLeak(t, name, r)
		// The access token that came back (echoServer's "ok" mode) is
		// masked everywhere but on the stdout of token, whose job it is.
		shown := r.stderr
		if args[0] != "token" {
			shown += r.stdout
		}
		if strings.Contains(shown, echoAccessToken) {
			t.Errorf("%s shows the access token it got:\nstdout: %s\nstderr: %s", name, r.stdout, r.stderr)
		}
	}
}

// TestNoSecretLeaks_EveryOutput runs every output of the CLI against
// servers that echo the whole request in JSON, text and HTML, and against
// a server that answers success with a debug copy of the request.
func TestNoSecretLeaks_EveryOutput(t *testing.T) {
	for _, mode := range []string{"ok", "json", "text", "html"} {
		t.Run(mode, func(t *testing.T) { runLeaks(t, echoServer(t, mode)) })
	}
}

// TestNoSecretLeaks_DemoEchoRequest runs the same commands against the
// demo server with the echo-request fault: every error answer (a wrong
// secret, a scope the client may not have, a bad initial token) echoes the
// request with its Authorization header and form body.
func TestNoSecretLeaks_DemoEchoRequest(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{Faults: []string{string(demo.FaultEchoRequest)},
		Clients: []demo.Client{{ID: "cid", Secret: leakSecrets.secret, Scopes: []string{"api:read"}}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	runLeaks(t, srv.Issuer())
	// The echo is really there: a run with the secret unknown to the
	// Redactor would show it.
	r := runCLI(t, leakEnv(), "", "token", "--token-url", srv.Issuer()+"/token", "--client-id", "cid",
		"--client-secret", "env:W", "-v")
	if !strings.Contains(r.stderr, `"echo"`) || !strings.Contains(r.stderr, "Authorization") {
		t.Fatalf("the demo does not echo the request:\n%s", r.stderr)
	}
}

// TestNoSecretLeaks_DemoEchoRequestBinary is one run of the real binary
// against `oauthlens demo --serve --fault echo-request`'s server.
func TestNoSecretLeaks_DemoEchoRequestBinary(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", demo.Config{Faults: []string{string(demo.FaultEchoRequest)},
		Clients: []demo.Client{{ID: "cid", Secret: leakSecrets.secret, Scopes: []string{"api:read"}}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	args := []string{"doctor", "-v", "--issuer", srv.Issuer(), "--client-id", "cid", "--client-secret", "env:S",
		"--scope", "api:admin"}
	r := runBinary(t, leakEnv(), "", args...)
	wantCode(t, r, 1)
	wantNoLeak(t, "doctor (binary)", r)
}
