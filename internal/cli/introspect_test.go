package cli

import (
	"strings"
	"testing"
)

func TestIntrospectThenRevoke(t *testing.T) {
	iss := startDemo(t)
	auth := []string{"--issuer", iss, "--client-id", "demo-client", "--client-secret", "env:DEMO_SECRET"}
	tok := runCLI(t, demoSecretEnv, "", append([]string{"token"}, auth...)...)
	wantCode(t, tok, 0)
	token := strings.TrimSpace(tok.stdout)

	in := runCLI(t, demoSecretEnv, token, append([]string{"introspect", "-", "-v"}, auth...)...)
	wantCode(t, in, 0)
	if !strings.Contains(in.stdout, "active     true") || !strings.Contains(in.stdout, "api:read") {
		t.Errorf("introspection of a fresh token:\n%s", in.stdout)
	}
	if strings.Contains(in.stderr, token) || strings.Contains(in.stderr, "demo-secret") {
		t.Errorf("introspect -v shows the token or the secret:\n%s", in.stderr)
	}
	rv := runCLI(t, append(demoSecretEnv, "TOKEN="+token), "", append([]string{"revoke", "env:TOKEN"}, auth...)...)
	wantCode(t, rv, 0)
	after := runCLI(t, demoSecretEnv, token, append([]string{"introspect", "--json"}, auth...)...)
	wantCode(t, after, 1)
	if !strings.Contains(after.stdout, `"active": false`) {
		t.Errorf("introspection after revocation: %s", after.stdout)
	}
	wrong := runCLI(
		t,
		append(demoSecretEnv, "TOKEN="+token, "WRONG=not-the-secret"),
		"",
		"introspect",
		"--introspect-url",
		iss+"/introspect",
		"--client-id",
		"demo-client",
		"--client-secret",
		"env:WRONG",
		"env:TOKEN",
	)
	wantCode(t, wrong, 1) // the server refuses the client
	unset := runCLI(
		t,
		append(demoSecretEnv, "TOKEN="+token),
		"",
		"introspect",
		"--introspect-url",
		iss+"/introspect",
		"--client-id",
		"demo-client",
		"--client-secret",
		"env:NOT_SET_HERE",
		"env:TOKEN",
	)
	wantCode(t, unset, 2) // configuration: the reference does not resolve
}
