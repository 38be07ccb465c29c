package cli

import (
	"strings"
	"testing"
)

// endpointRun gets a token from a demo server with the faults and
// returns a runner for introspect/revoke with it.
func endpointRun(t *testing.T, faults ...string) (func(extra ...string) result, string) {
	t.Helper()
	iss := startDemoFaults(t, faults...)
	auth := []string{"--issuer", iss, "--client-id", "demo-client", "--client-secret", "env:DEMO_SECRET"}
	tok := runCLI(t, demoSecretEnv, "", append([]string{"token"}, auth...)...)
	wantCode(t, tok, 0)
	env := append(demoSecretEnv, "TOKEN="+strings.TrimSpace(tok.stdout))
	return func(extra ...string) result {
		return runCLI(t, env, "", append(append(extra, "env:TOKEN"), auth...)...)
	}, iss
}

// TestRevoke_ConfirmedByIntrospection: a 200 from revocation is checked
// with introspection; a server that ignored it is caught (issue 12, item 7;
// RFC 7009 §2.2).
func TestRevoke_ConfirmedByIntrospection(t *testing.T) {
	run, _ := endpointRun(t)
	r := run("revoke")
	wantCode(t, r, 0)
	wantAll(t, r.stdout, "introspection confirms the token is no longer active")

	run, iss := endpointRun(t, "revoke-ignored")
	r = run("revoke")
	wantCode(t, r, 1)
	wantAll(t, r.stdout, "Not revoked", "still active", "RFC 7009 §2.2")
	r = run("revoke", "--revoke-url", iss+"/revoke")
	wantCode(t, r, 0)
	wantAll(t, r.stdout, "unconfirmed")
}

// TestIntrospect_Diagnosis: an endpoint that advertises only basic gets
// that method suggested; a wrong secret on a JWT is a refused client, not
// "many servers introspect only opaque tokens"; the TUI-style "failed:
// failed:" does not appear (issue 12, item 7).
func TestIntrospect_Diagnosis(t *testing.T) {
	run, _ := endpointRun(t, "introspect-basic-only")
	r := run("introspect", "--auth", "post")
	wantCode(t, r, 1)
	wantAll(t, r.stderr, "advertises only client_secret_basic", "(--auth basic)", "(introspection.auth_method)")
	wantCode(t, run("introspect", "--auth", "basic"), 0)

	iss := startDemo(t)
	tok := runCLI(t, demoSecretEnv, "", tokenArgs(iss)...)
	wantCode(t, tok, 0)
	r = runCLI(
		t,
		[]string{"TOKEN=" + strings.TrimSpace(tok.stdout), "WRONG=not-the-secret"},
		"",
		"introspect",
		"--issuer",
		iss,
		"--client-id",
		"demo-client",
		"--client-secret",
		"env:WRONG",
		"env:TOKEN",
	)
	wantCode(t, r, 1)
	wantAll(t, r.stderr, "refused the client: the secret or the client id is wrong", "(introspection.invalid_client)")
	if strings.Contains(r.stderr, "opaque tokens") || strings.Contains(r.stderr, "failed: introspection failed") {
		t.Errorf("a wrong secret is blamed on the token's format, or the error repeats itself:\n%s", r.stderr)
	}
}

// TestTemplates_EveryURLOverridable: profiles new --base-url moves every
// URL of the WorkfloPlus template, register --client-creation-url
// overrides the admin API's, and Floriday offers no self-service client
// (issue 12, provider templates).
func TestTemplates_EveryURLOverridable(t *testing.T) {
	iss := startDemo(t)
	home := t.TempDir()
	wantCode(t, runIn(t, home, nil, "profiles", "new", "wf", "--template", "workfloplus", "--base-url", iss), 0)
	r := runIn(t, home, nil, "profiles", "show", "wf")
	wantCode(t, r, 0)
	if strings.Contains(r.stdout, "accounts.workfloplus.com") || !strings.Contains(r.stdout, iss+"/api/client/") {
		t.Errorf("a URL still points at the production host:\n%s", r.stdout)
	}
	env := []string{"ADMIN=" + "demo-admin-token"}
	r = runIn(
		t,
		home,
		env,
		"register",
		"-p",
		"wf",
		"--admin-token",
		"env:ADMIN",
		"--name",
		"x",
		"--scope",
		"api:read",
		"--store-secret",
		"print",
		"--client-creation-url",
		iss+"/api/client/",
		"--token-url",
		iss+"/token",
		"--json",
	)
	wantCode(t, r, 0)

	wantCode(t, runIn(t, home, nil, "profiles", "new", "flo", "--template", "floriday-staging"), 0)
	r = runIn(t, home, nil, "register", "-p", "flo", "--name", "x")
	wantCode(t, r, 2)
	wantAll(t, r.stderr, "does not offer self-service clients", "by email")
}
